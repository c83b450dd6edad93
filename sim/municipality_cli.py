"""k3d-municipality: write a municipality preset from the figures a gmina already has.

The annual Ocena Zasobów Pomocy Społecznej (OZPS) gives population, persons or families in
assistance, social workers and family assistants; anything not given is derived by the rules of
our presets (sim/places.py), and the file says which figures were given and which derived.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sim.places import RULES, derive

EXAMPLES = """examples:
  k3d-municipality new my_configs/municipality/gmina_x.yaml --population 80000
  k3d-municipality new my_configs/municipality/gmina_x.yaml --population 80000 \\
      --persons-in-assistance 2900 --social-workers 36 --family-assistants 9
  k3d --config-dir my_configs municipality=gmina_x        # then run it like any preset
"""


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is not allowed; allowed: a number > 0")
        return value
    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="k3d-municipality", description=__doc__.splitlines()[0],
                                epilog=EXAMPLES, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new", help="write a preset file from the figures you have",
                         epilog=EXAMPLES, formatter_class=argparse.RawTextHelpFormatter)
    new.add_argument("file", type=Path, help="the YAML file to write (its name is the preset's)")
    new.add_argument("--population", type=_positive(int), required=True, help="inhabitants")
    new.add_argument("--name", help="display name in reports (default: from the file name)")
    new.add_argument("--rural", action="store_true",
                     help=f"a rural gmina: {RULES.rural_share:.1%} of inhabitants in assistance "
                     f"unless given (urban: {RULES.urban_share:.1%}; GUS 2023)")
    new.add_argument("--persons-in-assistance", type=_positive(int),
                     help="persons in families receiving assistance (OZPS)")
    new.add_argument("--families", type=_positive(int),
                     help="families in assistance (OZPS; overrides the persons' conversion)")
    new.add_argument("--social-workers", type=_positive(int), help="full-time social workers")
    new.add_argument("--family-assistants", type=int, help="family assistants (asystent rodziny)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    return p


def preset_text(name: str, title: str, args: argparse.Namespace) -> str:
    town, how = derive(name, args.population, urban=not args.rural,
                       initial_families=args.families, social_workers=args.social_workers,
                       family_assistants=args.family_assistants,
                       persons_in_assistance=args.persons_in_assistance)
    lines = [f"# {title}: written by k3d-municipality from the figures given on its command line.",
             *(f"# {key}: {text}" for key, text in how.items()),
             f"name: {name}",
             f"population: {town.population}",
             f"initial_families: {town.initial_families}",
             f"social_workers: {town.social_workers}",
             f"family_assistants: {town.family_assistants}",
             "institutions:",
             *(f"  {s}: {{count: {g.count}, capacity: {g.capacity}}}"
               for s, g in town.institutions.items()),
             "# figures from a source; the others follow municipality.population=N by the rules",
             f"given: [{', '.join(town.given)}]"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    name = args.file.stem
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        sys.exit(f"k3d-municipality: file name {args.file.name!r} is not allowed; allowed: "
                 "letters, digits, '_' and '-' (the preset's name on the command line)")
    if args.file.exists() and not args.force:
        sys.exit(f"k3d-municipality: {args.file} exists; add --force to overwrite it")
    try:
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(preset_text(name, args.name or name, args), encoding="utf-8")
    except OSError as exc:
        sys.exit(f"k3d-municipality: cannot write {args.file}: {exc.strerror}")
    folder = args.file.parent.parent if args.file.parent.name == "municipality" else None
    run = (f"k3d --config-dir {folder} municipality={name}" if folder
           else f"move it into DIR/municipality/ and run: k3d --config-dir DIR municipality={name}")
    print(f"k3d-municipality: wrote {args.file}; {run}")
