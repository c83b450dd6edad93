"""A sweep job's config from ``sim.sweep_loader.PresetsOnce`` is the very config Hydra's own
``load_sweep_config`` composes: every key and value, the hydra node (overrides, choices, job,
runtime) and the flags, for presets, values, hydra keys, ``+``/``++``/``~`` and a user's
folder. It pins the parts of Hydra's private loader the class relies on."""

import pytest
from hydra import version
from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra._internal.hydra import Hydra
from hydra._internal.utils import create_config_search_path
from hydra.core.config_search_path import SearchPathQuery
from hydra.core.global_hydra import GlobalHydra
from hydra.initialize import get_gh_backup, restore_gh_from_backup
from hydra.types import RunMode
from omegaconf import OmegaConf

from sim.configure import CONFIG_DIR, sweep_jobs
from sim.sweep_loader import COMPOSED, PresetsOnce

SWEEPS = {
    "presets and values": ["scenario=siloed,pzk", "municipality=default,katowice",
                           "seed=range(0,2)", "weeks=3", "municipality.population=1000"],
    "hydra keys": ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2", "hydra.job.chdir=true",
                   "hydra.sweep.dir=/tmp/x", "scenario=pzk_zzk", "lang=pl,en"],
    "add, force-add, delete": ["+experiment=caseload", "~hydra/job_logging", "++weeks=4",
                               "~hydra.callbacks.gather", "+study.grid.seed=[1,2]",
                               "study.families_per_worker=[0]"],
    "values only": ["seed=1,2,3", "scenario.pzk.information_sharing=0.5,0.9"],
    "user's folder": ["municipality=mytown,default", "scenario=siloed"],
}


@pytest.fixture
def loaders(tmp_path):
    """Hydra's loader and ours over our configs and a user's folder (as ``--config-dir``)."""
    (tmp_path / "municipality").mkdir()
    (tmp_path / "municipality" / "mytown.yaml").write_text(
        "name: mytown\npopulation: 20000\ninitial_families: 90\nsocial_workers: 4\n")
    backup = get_gh_backup()
    GlobalHydra.instance().clear()
    version.setbase("1.3")
    search = create_config_search_path(str(CONFIG_DIR))
    search.prepend("command-line", f"file://{tmp_path}", anchor=SearchPathQuery("schema"))
    hydra = Hydra.create_main_hydra2(task_name="k3d", config_search_path=search)
    yield hydra.config_loader, PresetsOnce(search)
    restore_gh_from_backup(backup)


def _everything(cfg) -> tuple:
    nodes = [cfg, cfg.hydra, cfg.hydra.job, cfg.hydra.runtime]
    return (OmegaConf.to_container(cfg, resolve=False),
            [(OmegaConf.is_struct(n), OmegaConf.is_readonly(n)) for n in nodes],
            OmegaConf.to_yaml(cfg))


@pytest.mark.parametrize("sweep", SWEEPS.values(), ids=SWEEPS.keys())
def test_each_job_is_the_config_hydra_composes(loaders, sweep):
    hydras, ours = loaders
    assert type(hydras) is ConfigLoaderImpl
    master = hydras.load_configuration("config", sweep, RunMode.MULTIRUN)
    hydra_lines = OmegaConf.to_container(master.hydra.overrides.hydra)
    for job in sweep_jobs([o for o in sweep if o not in hydra_lines]):
        expected = _everything(hydras.load_sweep_config(master, job))
        assert _everything(ours.load_sweep_config(master, job)) == expected
        assert _everything(ours.load_sweep_config(master, job)) == expected  # from the cache


def test_each_choice_of_presets_is_composed_once(loaders):
    hydras, ours = loaders
    master = hydras.load_configuration("config", ["scenario=siloed,pzk", "seed=1,2,3"],
                                       RunMode.MULTIRUN)
    before = len(COMPOSED)
    configs = [ours.load_sweep_config(master, [f"scenario={s}", f"seed={seed}"])
               for s in ("siloed", "pzk") for seed in (1, 2, 3)]
    assert len(COMPOSED) == before + 2
    assert [c.seed for c in configs] == [1, 2, 3, 1, 2, 3]
    configs[0].weeks = 1  # each job's config is its own
    assert configs[1].weeks == configs[0].weeks + 155


def test_a_job_that_moves_the_search_path_is_loaded_by_hydra(loaders, tmp_path):
    hydras, ours = loaders
    line = [f"hydra.searchpath=[file://{tmp_path}]"]
    master = hydras.load_configuration("config", line, RunMode.MULTIRUN)
    before = len(COMPOSED)
    job = ["municipality=mytown"]
    assert (_everything(ours.load_sweep_config(master, job))
            == _everything(hydras.load_sweep_config(master, job)))
    assert len(COMPOSED) == before
