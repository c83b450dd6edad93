"""A scenario preset swapped into a composition is what Hydra composes with that preset: every
scenario preset with every municipality preset, values, types and flags alike."""

import pytest
from hydra import compose
from omegaconf import DictConfig, OmegaConf

from sim import configure
from sim.configure import CONFIG_DIR, SOURCES, _composed, _scenario_file, _stamp, hydra_session

SCENARIOS = sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml"))
MUNICIPALITIES = sorted(p.stem for p in (CONFIG_DIR / "municipality").glob("*.yaml"))


def _nodes(node, path: str = "") -> dict:
    """Every node's value type, declared type, flags and whether it may be None."""
    meta = node._metadata
    out = {path: (type(node).__name__, meta.object_type, meta.ref_type, meta.optional,
                  dict(meta.flags))}
    if isinstance(node, DictConfig):
        for key in node.keys():
            out.update(_nodes(node._get_node(key), f"{path}.{key}"))
    return out


@pytest.mark.parametrize("municipality", [None, *MUNICIPALITIES])
def test_every_scenario_swapped_in_is_hydras_composition(municipality, monkeypatch):
    monkeypatch.setattr(configure, "COMPOSED", {})
    files = _stamp([CONFIG_DIR])
    chosen = () if municipality is None else (f"municipality={municipality}",)
    for scenario in SCENARIOS:
        presets = (f"scenario={scenario}", *chosen)
        assert _scenario_file(presets) == CONFIG_DIR / "scenario" / f"{scenario}.yaml"
        swapped = _composed(presets, files)
        with hydra_session():
            hydras = compose(config_name="config", overrides=list(presets))
        assert OmegaConf.to_yaml(swapped) == OmegaConf.to_yaml(hydras), scenario
        assert _nodes(swapped) == _nodes(hydras), scenario
    assert len(configure.COMPOSED) == len(SCENARIOS) + 1  # Hydra composed once


def test_hydra_composes_what_a_swap_might_not_give(monkeypatch, tmp_path):
    assert _scenario_file(("scenario=pzk", "+experiment=caseload")) is None
    assert _scenario_file(("scenario=no_such_preset",)) is None
    assert _scenario_file(("municipality=default",)) is None
    monkeypatch.setattr(SOURCES, "dirs", [tmp_path])  # a user's folders may hold anything
    assert _scenario_file(("scenario=pzk",)) is None
