"""``k3d-params``: every model parameter with its value, unit, allowed range and source.

The origin column says where each value comes from: the command line, the default, a preset,
or, for a municipality's figures, given by the preset or derived from its population.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from sim.configure import InputError, compose_config, fail
from sim.validation import provenance_rows

PROG = "k3d-params"
TERMINAL = "-"  # --md without a file
EXAMPLES = """examples:
  k3d-params                                    table in the terminal (default config)
  k3d-params scenario=pzk municipality=rybnik   the same for any overrides
  k3d-params --md                               Markdown in the terminal (k3d-params --md > p.md)
  k3d-params --csv params.csv --md params.md    into files
"""


def table(overrides: list[str]) -> pd.DataFrame:
    """The parameters in English (the Polish wording of derived figures is for the report)."""
    rows = provenance_rows(compose_config(overrides).model(), overrides)
    return pd.DataFrame(rows).drop(columns="source (pl)")


def _terminal(frame: pd.DataFrame, limit: int = 48) -> str:
    """Left-aligned columns; long values (dicts of needs or sectors) are cut with '…'."""
    cut = frame.map(lambda v: v if len(v) <= limit else v[: limit - 1] + "…")
    widths = {c: max(len(c), cut[c].str.len().max()) for c in cut}
    lines = ["  ".join(c.ljust(widths[c]) for c in cut)]
    lines.append("  ".join("-" * widths[c] for c in cut))
    lines += ["  ".join(str(v).ljust(widths[c]) for c, v in zip(cut, row))
              for row in cut.itertuples(index=False)]
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0],
                                     epilog=EXAMPLES, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, as for k3d")
    parser.add_argument("--csv", metavar="FILE", help="write the table as CSV to this file")
    parser.add_argument("--md", nargs="?", const=TERMINAL, metavar="FILE",
                        help="the table as Markdown: into FILE, or to the terminal without one")
    args = parser.parse_args(argv)
    if args.md and "=" in args.md:  # `--md scenario=pzk`: an override, not a file name
        args.overrides.insert(0, args.md)
        args.md = TERMINAL
    try:
        frame = table(args.overrides)
    except InputError as exc:
        fail(str(exc), PROG)
    from sim.report.document import md_table

    try:
        if args.md == TERMINAL:
            print(md_table(frame))
        elif not (args.csv or args.md):
            assumed = (frame["source"] == "assumption").sum()
            print(_terminal(frame))
            print(f"\n{len(frame)} parameters; {len(frame) - assumed} with a public source or "
                  f"a fit, {assumed} marked 'assumption'")
    except BrokenPipeError:  # `k3d-params | head`
        sys.stderr.close()
        return
    for path, text in ((args.csv, frame.to_csv(index=False)),
                       (None if args.md == TERMINAL else args.md, md_table(frame) + "\n")):
        if not path:
            continue
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            fail(f"cannot write {path} ({exc.strerror or exc}); allowed: a file in a folder you "
                 "may write", PROG)
        print(f"{PROG}: wrote {len(frame)} parameters to {path}")
