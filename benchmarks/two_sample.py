"""Do two versions of the model give the same outcome distributions? For a change of random-number
consumption, which changes every run's numbers but should not change what the model says.

Each scenario runs over many seeds (the default municipality, 156 weeks) in both versions; per
scenario and outcome, a two-sample Kolmogorov–Smirnov test and a Mann–Whitney U test compare the
two samples, with Holm's correction over all the comparisons. The old version is taken from git
(``git archive``) and run in its own process.

    .venv/bin/python benchmarks/two_sample.py --old 8862b99 [--seeds 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("siloed", "costs_only", "pzk", "pzk_zzk", "kooperacje_3d", "without_basket",
             "without_leader")
OUTCOMES = ("exits_to_independence", "crises_total", "cost_total", "referrals_made",
            "teams_started", "mean_need")
RUN = """
import json, sys
sys.path.insert(0, {benchmarks!r})
import sim
from exactness import scenario
def outcomes(summary):
    return {{k: summary[k] for k in {outcomes!r}}}
out = {{s: [outcomes(sim.run(seed=seed, **scenario(s)).summary) for seed in range(1, {seeds} + 1)]
       for s in {scenarios!r}}}
print(json.dumps(out))
"""


def summaries(source: Path, seeds: int) -> subprocess.Popen:
    code = RUN.format(benchmarks=str(ROOT / "benchmarks"), outcomes=OUTCOMES, seeds=seeds,
                      scenarios=SCENARIOS)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            cwd=source, env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"})


def holm(p: np.ndarray) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (NaN, an outcome constant in both samples, left out)."""
    p = p[~np.isnan(p)]
    order = np.argsort(p)
    adjusted = np.maximum.accumulate((len(p) - np.arange(len(p))) * p[order])
    out = np.empty_like(p)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision of the old version")
    parser.add_argument("--seeds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.old, "sim"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        jobs = {"old": summaries(Path(tmp), args.seeds), "new": summaries(ROOT, args.seeds)}
        found = {name: json.loads(job.communicate()[0]) for name, job in jobs.items()}
    rows = []
    for s in SCENARIOS:
        for k in OUTCOMES:
            a = np.array([r[k] for r in found["old"][s]], float)
            b = np.array([r[k] for r in found["new"][s]], float)
            rows.append((s, k, a.mean(), b.mean(), stats.ks_2samp(a, b).pvalue,
                         stats.mannwhitneyu(a, b).pvalue))
    ks_holm = holm(np.array([r[4] for r in rows]))
    mw_holm = holm(np.array([r[5] for r in rows]))
    print(f"{args.seeds} seeds per scenario, default municipality, 156 weeks; old = {args.old}")
    print(f"{'scenario':<16}{'outcome':<24}{'old mean':>13}{'new mean':>13}{'KS p':>8}"
          f"{'MWU p':>8}")
    for r in rows:
        print(f"{r[0]:<16}{r[1]:<24}{r[2]:>13,.4g}{r[3]:>13,.4g}{r[4]:>8.3f}{r[5]:>8.3f}")
    print(f"{len(rows)} comparisons; smallest p: KS {np.nanmin([r[4] for r in rows]):.3f}, MWU "
          f"{np.nanmin([r[5] for r in rows]):.3f}; after Holm's correction: KS "
          f"{ks_holm.min():.3f}, MWU {mw_holm.min():.3f}")


if __name__ == "__main__":
    main()
