import pytest

from sim.config import SimConfig
from sim.overrides import apply_overrides

SCENARIOS = {
    "siloed": {},
    "pzk": {"scenario__pzk__enabled": True},
    "pzk_zzk": {"scenario__pzk__enabled": True, "scenario__zzk__enabled": True},
    "kooperacje_3d": {"scenario__pzk__enabled": True, "scenario__zzk__enabled": True,
                      "scenario__client_work__enabled": True},
    "costs_only": {f"scenario__{d}__{k}": v for d in ("pzk", "zzk", "client_work")
                   for k, v in (("enabled", True), ("benefits", False))},
}


def scenario_config(name: str, **overrides) -> SimConfig:
    cfg = apply_overrides(SimConfig(), {"scenario__name": name, **SCENARIOS[name]})
    return apply_overrides(cfg, overrides)


def hand_made(families: int = 3, workers: int = 1, **overrides):
    """A model with a ZZK (no PZK benefits) at week 1 whose few families have no needs yet: a
    test gives them the needs it is about."""
    from sim.model import KooperacjeModel

    cfg = scenario_config("pzk_zzk", municipality__initial_families=families,
                          municipality__social_workers=workers, **overrides)
    model = KooperacjeModel(config=cfg)
    without_needs(model.state, families)
    return model


def hand_made_state(name: str = "siloed", families: int = 3, workers: int = 1, **overrides):
    """The config, streams and state of a few families without any need and without newcomers,
    at week 1, for processes called one by one (no model)."""
    from sim.model import build_state
    from sim.rng import Streams

    cfg = scenario_config(name, municipality__initial_families=families,
                          municipality__social_workers=workers,
                          behaviour__families__inflow_per_1000=0.0, **overrides)
    rng = Streams(cfg.seed)
    state = build_state(cfg, rng)
    without_needs(state, families)
    return cfg, rng, state


def without_needs(state, families: int) -> None:
    """The first ``families`` rows with no need, nothing revealed, engagement 0.5; week 1."""
    fam = state.families
    fam.severity[:families] = 0.0
    fam.revealed[:families] = False
    fam.engagement[:families] = 0.5
    state.now = 1


# the longest files first: with two workers (pytest-xdist, a file at a time) the short ones
# then fill the gaps instead of one long file running alone at the end
LONGEST_FIRST = ("test_resources.py", "test_study.py", "test_notebooks.py", "test_study_sweeps.py",
                 "test_dashboard.py", "test_input_refused.py", "test_study_resume.py",
                 "test_report.py", "test_outputs.py", "test_cluster.py", "test_sweep_report.py")


def pytest_configure(config):
    """Compile the model's numba kernels once, here, before the test workers start: in a fresh
    clone their cache is empty, and every process starting at once would compile its own. In one
    process (-n 0) the first test compiles them, as a user's first run does."""
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return
    import sim

    sim.run(scenario_config("kooperacje_3d", weeks=2))


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture
def small():
    """A short run of the default municipality."""
    return {"weeks": 40}
