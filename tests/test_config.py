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
