"""The command line's and the studies' schema, apart from the model's (:mod:`sim.config`).

How many replications, which scenarios and cells, which report language, where runs go: none of
it reaches the model, which receives :meth:`K3DConfig.model`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Dict, List

from sim.config import ROLLOUT, SimConfig
from sim.params import param, section

SCENARIO_NAMES = ("siloed", "costs_only", "pzk", "pzk_zzk", "kooperacje_3d", "without_basket",
                  "without_leader")


@dataclass
class PilotConfig:
    """The real pilot's design, for the power analysis of the `pilot` experiment."""

    sites: int = param(50, "local governments", 1, 10_000,
                       source="Kooperacje 3D: 30 municipalities and 20 counties (domain.md)")
    families_per_site: List[int] = param(
        [5, 10], "families per site", 1, 1000,
        source="Kooperacje 3D: 5-10 families per municipality, 250-500 in all (domain.md)")
    min_problems: int = param(3, "problem needs at entry", 1, 10,
                              doc="families eligible for support under the model")
    icc: float = param(0.05, "intra-site correlation", 0, 1, doc="clustering of outcomes by site")
    alpha: float = param(0.05, "two-sided significance level", 0.0001, 0.5)
    power: float = param(0.8, "target power", 0.05, 0.9999)


@dataclass
class SensitivityConfig:
    """Global sensitivity of the cooperation effect (SALib)."""

    method: str = param("morris", "method", keys=("morris", "sobol"))
    trajectories: int = param(6, "Morris trajectories, or Sobol base samples N", 2, 100_000)
    levels: int = param(4, "Morris grid levels", 2, 100)
    target: str = param("kooperacje_3d", "scenario whose effect is studied")
    outcomes: List[str] = param(
        ["exits_to_independence", "crises_total", "cost_per_exit"], "summary outcomes")
    parameters: Dict[str, List[float]] = param(
        {}, "config key -> [low, high]", doc="ranges sampled; ints are rounded")


@dataclass
class CalibrateConfig:
    """The fit of the siloed baseline to public statistics (sim/calibration.py)."""

    evaluations: int = param(
        150, "simulations of the seeds", 2, 100_000,
        doc="budget of scipy.optimize.least_squares (each Jacobian costs 15 evaluations)")
    write: bool = param(False, "flag", doc="store the fit in sim/data/calibration.json")


@dataclass
class DiscoveryConfig:
    """Scenario discovery (PRIM, EMA Workbench): where does a scenario not pay off?"""

    scenario: str = param("kooperacje_3d", "scenario whose pay-off is examined")
    criterion: str = param(
        "either", "what 'does not pay off' means", keys=("no_gain", "costlier", "either"),
        doc="no_gain: no more exits than the baseline in the pair; costlier: a higher cost per "
        "exit; either")
    min_gain: float = param(0.0, "exits to independence", -1e6, 1e6,
                            doc="a pair gaining no more than this has no gain")
    min_coverage: float = param(
        0.5, "share of the cases of interest", 0, 1,
        doc="the box reported is the densest with at least this coverage")
    mass_min: float = param(0.05, "share of all cases", 0.001, 1, doc="PRIM's smallest box")


@dataclass
class StudyConfig:
    """Which runs a study makes and how it compares them."""

    kind: str = param("compare", "study kind",
                      keys=("compare", "pilot", "sensitivity", "calibrate", "validate",
                            "rollout", "discovery"))
    title: str = param("", "report title", doc="empty: the standard title")
    description: str = param("", "text", doc="what the experiment asks, shown in its report")

    scenarios: List[str] = param(
        list(SCENARIO_NAMES), "scenario presets", doc="configs/scenario/*.yaml to compare"
    )
    baseline: str = param("siloed", "scenario preset", doc="what every scenario is compared with")
    grid: Dict[str, List[str]] = param(
        {}, "config key -> values", doc="parameters varied across cells (experiments)"
    )
    families_per_worker: List[int] = param(
        [0], "families per social worker", 0, 100_000,
        doc="one cell per value, setting municipality.social_workers = round(initial_families / "
        "value) (at least 1); 0 = the preset's own workers")
    save_families: bool = param(False, "flag", doc="keep per-family records of every run")
    calibrate: CalibrateConfig = section(CalibrateConfig)
    municipalities: List[str] = param(
        ["default"], "municipality presets", doc="places the validate experiment checks")
    pilot: PilotConfig = section(PilotConfig)
    sensitivity: SensitivityConfig = section(SensitivityConfig)
    region: str = param("poland", "region", keys=tuple(ROLLOUT["regions"]),
                        doc="the roll-out study's region: its municipality types "
                        "(sim/data/rollout.json)")
    discovery: DiscoveryConfig = section(DiscoveryConfig)


@dataclass
class ClusterConfig:
    """Where a study's runs go when ``executor=submitit`` (README: running on a cluster)."""

    backend: str = param("slurm", "submitit cluster", keys=("slurm", "local"),
                         doc="local: processes on this machine, to try the cluster path")
    partition: str = param("", "SLURM partition", doc="empty: the cluster's default")
    timeout_min: int = param(60, "minutes per array task", 1, 100_000)
    cpus_per_task: int = param(1, "CPUs per array task", 1, 1024,
                               doc="a run uses one core; more only help a task's imports")
    mem_gb: int = param(4, "GB of memory per array task", 1, 4096,
                        doc="a default municipality run peaks below 0.5 GB; Warszawa ~1 GB")
    array_parallelism: int = param(100, "array tasks running at once", 1, 100_000)
    runs_per_task: int = param(20, "runs per array task", 1, 100_000,
                               doc="runs take 0.5-15 s, far less than a job's start-up")


@dataclass
class K3DConfig(SimConfig):
    """The command line's config: one run's parameters plus how a study repeats them.

    Flat, because users type ``weeks=52`` and ``replications=10`` side by side; the model never
    sees the study's keys: :meth:`model` is what a run receives."""

    replications: int = param(20, "runs per scenario (seeds seed..seed+R-1)", 1, 100_000)
    lang: str = param("en", "report language", keys=("en", "pl"))
    jobs: int = param(2, "parallel processes", 1, 256, doc="processes running replications at once")
    uncertainty: str = param(
        "full", "what a study's intervals count", keys=("full", "chance"),
        doc="full: replication r draws the assumed cooperation parameters from their plausible "
        "ranges (sim/uncertainty.py), the same draw in every scenario; chance: point values")
    executor: str = param(
        "local", "where a study's runs go", keys=("local", "submitit"),
        doc="local: joblib processes on this machine (jobs); submitit: a SLURM job array "
        "(cluster.*)")
    cluster: ClusterConfig = section(ClusterConfig)
    study: StudyConfig = section(StudyConfig)

    def model(self) -> SimConfig:
        """The model's parameters alone (the same objects, not copies)."""
        return SimConfig(**{f.name: getattr(self, f.name) for f in fields(SimConfig)})
