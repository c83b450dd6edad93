"""The typed config: ranges enforced, every parameter with unit and provenance."""

import pytest

from sim.config import SimConfig
from sim.model import KooperacjeModel
from sim.validation import ConfigError, iter_params


def test_every_parameter_has_unit_and_provenance():
    params = list(iter_params(SimConfig()))
    assert len(params) > 80
    for key, _, meta in params:
        assert meta.get("unit"), key
        assert meta.get("source"), key


@pytest.mark.parametrize("override, key", [
    ({"scenario__zzk__min_sectors": 1}, "scenario.zzk.min_sectors"),
    ({"behaviour__needs__prevalence": {"income": 1.2}}, "behaviour.needs.prevalence.income"),
    ({"behaviour__needs__spillover": {"income>moon": 0.1}},
     "behaviour.needs.spillover.income>moon"),
    ({"municipality__institutions": {"zoo": None}}, "municipality.institutions.zoo"),
])
def test_model_refuses_out_of_range_values_naming_the_key(override, key):
    with pytest.raises(ConfigError) as err:
        KooperacjeModel(**override)
    assert err.value.key == key


def test_model_refuses_unknown_flat_keyword():
    with pytest.raises(ConfigError, match="scenario.pzk.sharing"):
        KooperacjeModel(scenario__pzk__sharing=0.5)


def test_a_command_lines_keys_are_read_by_one_helper():
    """``+``/``~`` and everything after the first ``=`` are not part of a key; the municipality's
    keys lose their prefix (the provenance table and the population rule read them alike)."""
    from sim.overrides import municipality_keys, override_keys

    line = ["+scenario.pzk.members=[police,a=b]", "~seed", "municipality.population=80000",
            "scenario=pzk"]
    assert override_keys(line) == ["scenario.pzk.members", "seed", "municipality.population",
                                   "scenario"]
    assert municipality_keys(line) == ["population"]


def test_a_models_config_is_its_own_copy():
    """The model works on a copy of the caller's config (blocks, dicts and lists copied, equal
    values), so setting its seed or an override leaves the caller's config as it was."""
    from sim.overrides import apply_overrides
    from sim.params import copy_config

    mine = SimConfig()
    copied = copy_config(mine)
    assert copied == mine
    for block in (lambda c: c, lambda c: c.municipality, lambda c: c.municipality.institutions,
                  lambda c: c.municipality.institutions["health"], lambda c: c.municipality.given,
                  lambda c: c.behaviour.services.effect["health"]):
        assert block(copied) is not block(mine)
    model = KooperacjeModel(seed=7, config=mine, municipality__institutions__health__count=9)
    assert (model.cfg.seed, model.cfg.municipality.institutions["health"].count) == (7, 9)
    assert mine == SimConfig()
    fresh = SimConfig()
    assert apply_overrides(fresh, {"weeks": 3}, own=True) is fresh and fresh.weeks == 3


def test_a_config_changed_after_a_check_is_checked_again():
    """What ``validate`` reads once per config class is its declarations, never the values."""
    from sim.validation import validate

    cfg = SimConfig()
    validate(cfg)
    cfg.scenario.zzk.min_sectors = 1
    with pytest.raises(ConfigError, match="scenario.zzk.min_sectors"):
        validate(cfg)
    cfg = SimConfig()
    cfg.behaviour.needs.prevalence["income"] = 1.5
    with pytest.raises(ConfigError, match="behaviour.needs.prevalence.income"):
        validate(cfg)
