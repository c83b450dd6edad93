"""The sweeper of ``k3d -m``: Hydra's basic sweeper without its second check of every job, whose
launcher composes each choice of presets once per process.

Before Hydra starts, ``k3d`` has already composed, typed and checked every job of the sweep
(``sim.configure.preflight``: once per choice of presets, then each job's values). Hydra's own
``validate_batch_is_legal`` would compose every job once more, one after another in the launching
process: about 0.1 s a job, 25 s before the first of 200 jobs starts. The launcher loads each
job's config through ``sim.sweep_loader.PresetsOnce`` (Hydra's loader, minus a composition from
the files for every job). Hydra plugins must live in the ``hydra_plugins`` package, hence this
folder.
"""

from dataclasses import dataclass
from typing import Sequence

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper, BasicSweeperConf
from hydra.core.config_store import ConfigStore
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig


@dataclass
class CheckedSweeperConf(BasicSweeperConf):
    _target_: str = "hydra_plugins.k3d_sweeper.k3d_sweeper.CheckedSweeper"


ConfigStore.instance().store(group="hydra/sweeper", name="k3d", node=CheckedSweeperConf,
                             provider="k3d")


class CheckedSweeper(BasicSweeper):
    """Jobs in batches as the basic sweeper runs them; each job was checked by ``k3d``."""

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction,
              config: DictConfig) -> None:
        """The launcher loads each job's config through ``sim.sweep_loader.PresetsOnce``."""
        from sim.sweep_loader import PresetsOnce

        loader = PresetsOnce(hydra_context.config_loader.get_search_path())
        super().setup(hydra_context=HydraContext(loader, hydra_context.callbacks),
                      task_function=task_function, config=config)
        self.hydra_context = hydra_context  # the sweeper's own parsing of the command line

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Nothing to do: ``sim.configure.preflight`` checked these jobs before Hydra started."""
