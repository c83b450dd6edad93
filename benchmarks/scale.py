"""Speed: active family-steps per second and peak memory at 1,000 to 1,000,000 families, and
the time of one default municipality run, each against a classic Mesa reference model.

Each measurement runs in its own process (clean peak memory); the start-up column is the first
short run of a fresh process (imports and loading the compiled kernels from numba's cache). The
default municipality is scaled: families, inflow, social workers and institutions all grow with
the size. The reference is Mesa's Boltzmann wealth model (20,000 agents, ``shuffle_do``) timed in
the same process (the median of five fresh models), so the ratio compares machines of different
speed fairly (ratio = our active family-steps per second / the reference's agent-steps per
second).

    .venv/bin/python benchmarks/scale.py [--weeks 20] [--sizes 1000 10000 100000 1000000]
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
        # the schema's limit (50 M inhabitants): 1M assisted families is beyond any real place
        "municipality__population": min(round(base.population * factor), 50_000_000),
    }
    for sector, group in base.institutions.items():
        overrides[f"municipality__institutions__{sector}__count"] = math.ceil(group.count * factor)
    return overrides


class Wealth:
    """The reference: Mesa's introductory Boltzmann wealth model."""

    @staticmethod
    def agent_steps_per_s(agents: int = 20_000, steps: int = 20, repeats: int = 5) -> float:
        """The median over ``repeats`` fresh models: one timing of the reference moved 2-3x from
        run to run on a shared machine (0.45 to 1.3 M agent-steps/s), and the ratio with it."""
        import statistics

        import mesa

        class Agent(mesa.Agent):
            def __init__(self, model):
                super().__init__(model)
                self.wealth = 1

            def step(self):
                if self.wealth > 0:
                    other = self.random.choice(self.model.everyone)
                    other.wealth += 1
                    self.wealth -= 1

        class Model(mesa.Model):
            def __init__(self):
                super().__init__(rng=1)
                Agent.create_agents(self, agents)
                self.everyone = list(self.agents)

            def step(self):
                self.agents.shuffle_do("step")

        def rate() -> float:
            model = Model()
            start = time.perf_counter()
            for _ in range(steps):
                model.step()
            return agents * steps / (time.perf_counter() - start)

        return statistics.median(rate() for _ in range(repeats))


def default_run(scenario: str) -> dict:
    """One default municipality run (680 families, 156 weeks), as a study runs it: the best of
    three, after a first short run that pays for imports and for loading the compiled kernels
    (numba's cache; compiling them if the cache is missing)."""
    start = time.perf_counter()
    import sim

    sim.run(weeks=2)
    first = time.perf_counter() - start
    flags = {f"scenario__{d}__enabled": True for d in ENABLED[scenario]}
    times = []
    for _ in range(3):
        start = time.perf_counter()
        sim.run(seed=1, **flags)
        times.append(time.perf_counter() - start)
    return {"scenario": scenario, "seconds": min(times), "first_s": first,
            "reference": Wealth.agent_steps_per_s()}


ENABLED = {"siloed": (), "kooperacje_3d": ("pzk", "zzk", "client_work")}


def measure(families: int, weeks: int, scenario: str) -> dict:
    from sim.model import KooperacjeModel

    flags = {f"scenario__{d}__enabled": True for d in ENABLED[scenario]}
    KooperacjeModel(seed=1, weeks=2, **flags).run()  # imports, compiled kernels loaded
    start = time.perf_counter()
    model = KooperacjeModel(seed=1, weeks=weeks, **scaled(families), **flags)
    built = time.perf_counter() - start
    steps = []
    family_steps = 0
    for _ in range(weeks):
        t = time.perf_counter()
        model.step()
        steps.append(time.perf_counter() - t)
        family_steps += model.weekly[-1]["active_families"]
    total = sum(steps)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "families": families, "scenario": scenario, "weeks": weeks, "build_s": built,
        "step_s": total / weeks, "family_steps_per_s": family_steps / total, "peak_mb": peak,
        "reference": Wealth.agent_steps_per_s(),
    }


def child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--scenarios", nargs="+", default=["siloed", "kooperacje_3d"])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--default-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.weeks, args.scenario)))
        return
    if args.default_run:
        print(json.dumps(default_run(args.scenario)))
        return
    print("One default municipality run (680 families, 156 weeks):")
    print(f"{'scenario':<14}{'seconds':>9}{'reference agent-steps/s':>25}"
          f"{'run in reference agent-steps':>30}{'start-up s':>12}")
    for scenario in args.scenarios:
        r = child("--default-run", "--scenario", scenario)
        print(f"{scenario:<14}{r['seconds']:>9.3f}{r['reference']:>25,.0f}"
              f"{r['seconds'] * r['reference']:>30,.0f}{r['first_s']:>12.2f}")
    print(f"\nScaled municipalities, {args.weeks} weeks:")
    print(f"{'scenario':<14}{'families':>10}{'build s':>9}{'s/step':>9}"
          f"{'active family-steps/s':>23}{'us/family-step':>16}{'ratio to Mesa':>15}"
          f"{'peak MB':>9}")
    for scenario in args.scenarios:
        for size in args.sizes:
            r = child("--one", str(size), "--weeks", str(args.weeks), "--scenario", scenario)
            print(f"{scenario:<14}{r['families']:>10,}{r['build_s']:>9.2f}{r['step_s']:>9.3f}"
                  f"{r['family_steps_per_s']:>23,.0f}{1e6 / r['family_steps_per_s']:>16.2f}"
                  f"{r['family_steps_per_s'] / r['reference']:>15.2f}{r['peak_mb']:>9.0f}")


if __name__ == "__main__":
    main()
