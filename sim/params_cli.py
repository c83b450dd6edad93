"""``k3d-params``: every model parameter with its value, unit, allowed range and source.

    k3d-params                      table in the terminal (default config)
    k3d-params scenario=pzk municipality=rybnik      the same for any overrides
    k3d-params --csv params.csv --md params.md       also as CSV and Markdown
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from sim.configure import InputError, compose_config, fail
from sim.validation import provenance_rows

PROG = "k3d-params"


def table(overrides: list[str]) -> pd.DataFrame:
    return pd.DataFrame(provenance_rows(compose_config(overrides)))


def _terminal(frame: pd.DataFrame, limit: int = 48) -> str:
    """Left-aligned columns; long values (dicts of needs or sectors) are cut with '…'."""
    cut = frame.map(lambda v: v if len(v) <= limit else v[: limit - 1] + "…")
    widths = {c: max(len(c), cut[c].str.len().max()) for c in cut}
    lines = ["  ".join(c.ljust(widths[c]) for c in cut)]
    lines.append("  ".join("-" * widths[c] for c in cut))
    lines += ["  ".join(str(v).ljust(widths[c]) for c, v in zip(cut, row))
              for row in cut.itertuples(index=False)]
    return "\n".join(line.rstrip() for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, as for k3d")
    parser.add_argument("--csv", help="write the table as CSV to this file")
    parser.add_argument("--md", help="write the table as Markdown to this file")
    args = parser.parse_args()
    try:
        frame = table(args.overrides)
    except InputError as exc:
        fail(str(exc), PROG)
    assumed = (frame["source"] == "assumption").sum()
    try:
        print(_terminal(frame))
        print(f"\n{len(frame)} parameters; {len(frame) - assumed} with a public source or a "
              f"fit, {assumed} marked 'assumption'")
    except BrokenPipeError:  # `k3d-params | head`
        sys.stderr.close()
    try:
        if args.csv:
            frame.to_csv(args.csv, index=False)
        if args.md:
            from sim.report.document import md_table

            with open(args.md, "w") as fh:
                fh.write(md_table(frame) + "\n")
    except OSError as exc:
        fail(f"cannot write {exc.filename or args.csv or args.md} ({exc.strerror or exc}); "
              "allowed: a file in a folder you may write", PROG)

