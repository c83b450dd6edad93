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


@pytest.fixture
def small():
    """A short run of the default municipality."""
    return {"weeks": 40}
