"""Hydra's config loader for a sweep's jobs, composing each choice of presets once per process.

Each launcher (basic, joblib, submitit) loads each job's config with Hydra's
``load_sweep_config``, which composes it from the files again: about 0.15 s a job, most of a
small job's time. :class:`PresetsOnce` gives the same config from one composition per choice of
presets. It lives outside ``hydra_plugins``: Hydra runs every module there again each time it
scans for plugins (in a joblib worker, before each job), which would empty its cache.
"""

import copy
import os
from typing import Any

from hydra import __version__, version
from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname
from hydra._internal.defaults_list import create_defaults_list
from hydra.conf import ConfigSourceInfo
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.utils import JobRuntime
from hydra.errors import ConfigCompositionException
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import OmegaConfBaseException

# (search path, primary config, choices of presets) -> the config they compose, before any
# value is set, and what Hydra records of that composition. Per process: a launcher's worker
# composes each choice once for all the jobs it runs (the loader itself is pickled with each
# job).
COMPOSED: dict[tuple, tuple[DictConfig, dict, list]] = {}
REPOS: dict[tuple, Any] = {}  # (search path, primary config) -> where its presets are found


class PresetsOnce(ConfigLoaderImpl):
    """Hydra's config loader, whose ``load_sweep_config`` composes each choice of presets once.

    A job's config is then the composed one with the job's values set as Hydra sets them
    (``_apply_overrides_to_config``) and Hydra's record of the job (``hydra.overrides``,
    ``hydra.runtime``, ``hydra.job``) written in Hydra's order: the very config Hydra's own
    ``load_sweep_config`` returns (``tests/test_sweep_loader.py`` compares the two). A job that
    moves the search path (``hydra.searchpath=...``) is loaded by Hydra itself.
    """

    def load_sweep_config(self, master_config: DictConfig,
                          sweep_overrides: list[str]) -> DictConfig:
        config_name = master_config.hydra.job.config_name
        lines = [*OmegaConf.to_container(master_config.hydra.overrides.hydra), *sweep_overrides]
        parsed = OverridesParser.create().parse_overrides(lines)
        if any(o.is_sweep_override() or o.get_key_element() == "hydra.searchpath"
               for o in parsed):
            return super().load_sweep_config(master_config, sweep_overrides)
        try:
            cfg = self._job_config(config_name, parsed)
        except OmegaConfBaseException as exc:  # as Hydra's load_configuration reports it
            raise ConfigCompositionException() from exc
        OmegaConf.copy_cache(from_config=master_config, to_config=cfg)
        return cfg

    def _job_config(self, config_name: str, parsed: list) -> DictConfig:
        """Hydra's ``_load_configuration_impl`` from the composed choices on."""
        choices, values = [], []
        for override in parsed:
            (choices if self._is_choice(config_name, override) else values).append(override)
        composed, known_choices, sources = self._composed(config_name, choices)
        cfg = copy.deepcopy(composed)
        self._apply_overrides_to_config(values, cfg)
        app_overrides = []
        for override in parsed:
            if override.is_hydra_override():
                cfg.hydra.overrides.hydra.append(override.input_line)
            else:
                cfg.hydra.overrides.task.append(override.input_line)
                app_overrides.append(override)
        with open_dict(cfg.hydra):
            cfg.hydra.runtime.choices.update(known_choices)
            for key in cfg.hydra.job.env_copy:
                cfg.hydra.job.env_set[key] = os.environ[key]
        cfg.hydra.runtime.version = __version__
        cfg.hydra.runtime.version_base = version.getbase()
        cfg.hydra.runtime.cwd = os.getcwd()
        cfg.hydra.runtime.config_sources = sources
        if "name" not in cfg.hydra.job:
            cfg.hydra.job.name = JobRuntime().get("name")
        cfg.hydra.job.override_dirname = get_overrides_dirname(
            overrides=app_overrides,
            kv_sep=cfg.hydra.job.config.override_dirname.kv_sep,
            item_sep=cfg.hydra.job.config.override_dirname.item_sep,
            exclude_keys=cfg.hydra.job.config.override_dirname.exclude_keys,
        )
        cfg.hydra.job.config_name = config_name
        return cfg

    def _is_choice(self, config_name: str, override: Any) -> bool:
        """A choice of preset, as Hydra's defaults list tells one from a value."""
        key = (str(self.config_search_path), config_name)
        if key not in REPOS:
            self.ensure_main_config_source_available()
            REPOS[key] = self._parse_overrides_and_create_caching_repo(config_name, [])[1]
        return (not isinstance(override.value(), dict)
                and REPOS[key].group_exists(override.key_or_group))

    def _composed(self, config_name: str, choices: list) -> tuple[DictConfig, dict, list]:
        """The config these choices compose (struct, as Hydra leaves it before setting
        values), the choices Hydra records and the config sources; composed once."""
        key = (str(self.config_search_path), config_name, tuple(o.input_line for o in choices))
        if key not in COMPOSED:
            _, repo = self._parse_overrides_and_create_caching_repo(config_name, [])
            defaults = create_defaults_list(repo=repo, config_name=config_name,
                                            overrides_list=choices, prepend_hydra=True,
                                            skip_missing=False)
            cfg = self._compose_config_from_defaults_list(defaults=defaults.defaults, repo=repo)
            OmegaConf.set_struct(cfg, True)
            OmegaConf.set_readonly(cfg.hydra, False)
            sources = [ConfigSourceInfo(path=x.path, schema=x.scheme(), provider=x.provider)
                       for x in repo.get_sources()]
            COMPOSED[key] = cfg, dict(defaults.overrides.known_choices), sources
        return COMPOSED[key]
