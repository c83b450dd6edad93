"""Old code against this tree, timed alternately in the same minutes.

The machine's speed moves with its load (up to 2x within an hour), so a figure taken an hour ago
cannot be compared with one taken now. This script extracts the old revision with ``git archive``
into a temporary folder and times one default municipality run (680 families, 156 weeks, all
three dimensions of cooperation, ``sim.run``) with the old code and with this tree in turn, each
in a fresh process (``PYTHONPATH`` pointing at the code). Each process prints the best of
``--repeats`` runs after a warm-up run (which pays for imports and compiling or loading the
kernels); the rounds alternate the two trees. ``--families N`` adds the time per week of a
scaled municipality of N families (``scale.py``'s scaling, 20 weeks).

    .venv/bin/python benchmarks/alternate.py          # against e9fa93b, before the speed work
    .venv/bin/python benchmarks/alternate.py --old d481124 --rounds 5 --families 100000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_RUN = """
import sys, time
import sim
flags = dict(scenario__pzk__enabled=True, scenario__zzk__enabled=True,
             scenario__client_work__enabled=True)
sim.run(seed=1, **flags)
best = min(_time(lambda: sim.run(seed=1, **flags)) for _ in range({repeats}))
print(best)
"""

SCALED = """
import sys, time
sys.path.insert(0, {benchmarks!r})
from scale import scaled
from sim.model import KooperacjeModel
flags = dict(scenario__pzk__enabled=True, scenario__zzk__enabled=True,
             scenario__client_work__enabled=True)
KooperacjeModel(seed=1, weeks=2, **flags).run()
model = KooperacjeModel(seed=1, weeks=20, **scaled({families}), **flags)
print(_time(model.run) / 20)
"""

TIMER = """
def _time(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start
"""


def timed(tree: Path, code: str) -> float:
    """Seconds printed by ``code`` run with the model of ``tree`` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", "import time\n" + TIMER + code],
                         env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                         cwd=tempfile.gettempdir(), capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"the run with the code of {tree} failed:\n{out.stderr[-2000:]}")
    return float(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="e9fa93b", help="git revision of the old code")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5, help="runs per process (best taken)")
    parser.add_argument("--families", type=int, help="also a scaled municipality of N families")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.old, "sim", "configs"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        trees = {args.old: old, "this tree": ROOT}
        jobs = {"default run, s": DEFAULT_RUN.format(repeats=args.repeats)}
        if args.families:
            jobs[f"{args.families:,} families, s a week"] = SCALED.format(
                benchmarks=str(ROOT / "benchmarks"), families=args.families)
        for name, code in jobs.items():
            times = {label: [] for label in trees}
            for _ in range(args.rounds):
                for label, tree in trees.items():
                    times[label].append(timed(tree, code))
            print(f"{name}:")
            for label, values in times.items():
                print(f"  {label:<12}" + "  ".join(f"{v:8.4f}" for v in values))
            ratios = [o / n for o, n in zip(times[args.old], times["this tree"])]
            print(f"  {'old / new':<12}" + "  ".join(f"{r:8.2f}" for r in ratios))


if __name__ == "__main__":
    main()
