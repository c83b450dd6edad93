"""Speed: family-steps per second and peak memory at 1,000 / 10,000 / 100,000 families.

Each size runs in its own process (clean peak memory). The default municipality is scaled:
families, inflow, social workers and institutions all grow with the size.

    .venv/bin/python benchmarks/scale.py [--weeks 20] [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time


def scaled(families: int) -> dict:
    from sim.config import SimConfig

    base = SimConfig().municipality
    factor = families / base.initial_families
    overrides = {
        "municipality__initial_families": families,
        "municipality__social_workers": max(1, round(base.social_workers * factor)),
        "municipality__population": round(base.population * factor),
    }
    for sector, group in base.institutions.items():
        overrides[f"municipality__institutions__{sector}__count"] = math.ceil(group.count * factor)
    return overrides


def measure(families: int, weeks: int, scenario: str) -> dict:
    from sim.model import KooperacjeModel

    enabled = {"siloed": (), "kooperacje_3d": ("pzk", "zzk", "client_work")}[scenario]
    flags = {f"scenario__{d}__enabled": True for d in enabled}
    start = time.perf_counter()
    model = KooperacjeModel(seed=1, weeks=weeks, **scaled(families), **flags)
    built = time.perf_counter() - start
    steps = []
    family_steps = 0
    for _ in range(weeks):
        rows = model.state.families.n
        t = time.perf_counter()
        model.step()
        steps.append(time.perf_counter() - t)
        family_steps += rows
    total = sum(steps)
    return {
        "families": families, "scenario": scenario, "weeks": weeks, "build_s": built,
        "step_s": total / weeks, "family_steps_per_s": family_steps / total,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--scenarios", nargs="+", default=["siloed", "kooperacje_3d"])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.weeks, args.scenario)))
        return
    print(f"{'scenario':<14}{'families':>10}{'build s':>9}{'s/step':>9}"
          f"{'family-steps/s':>16}{'peak MB':>9}{'s/step per 1k':>15}")
    for scenario in args.scenarios:
        for size in args.sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size), "--weeks", str(args.weeks),
                 "--scenario", scenario], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{scenario:<14}{r['families']:>10,}{r['build_s']:>9.2f}{r['step_s']:>9.3f}"
                  f"{r['family_steps_per_s']:>16,.0f}{r['peak_mb']:>9.0f}"
                  f"{1000 * r['step_s'] / r['families']:>15.4f}")


if __name__ == "__main__":
    main()
