"""From command-line overrides to a checked, typed config (the Hydra boundary).

A bad value, an unknown preset or a misspelled key becomes one :class:`InputError` line naming
the key, the value and what is allowed, before anything is simulated.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import difflib
import re
import sys
import tempfile
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.overrides import municipality_keys, override_key, override_keys
from sim.places import follow_population
from sim.study.config import K3DConfig
from sim.study.plan import safe
from sim.validation import ConfigError, validate

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
GROUPS = ("scenario", "municipality", "experiment")
POPULATION = "municipality.population"  # the figures a preset derived follow it (sim/places.py)

ConfigStore.instance().store(name="k3d_schema", node=K3DConfig)
# A sweep job's folder (hydra.sweep.subdir in configs/config.yaml) is named from its overrides;
# this keeps a value such as ../../x from naming a folder outside the sweep's.
OmegaConf.register_new_resolver("k3d_safe", safe, replace=True)


class InputError(Exception):
    """Bad input; the message is the one line the user sees."""


def fail(message: str, prog: str = "k3d") -> None:
    """Bad input ends here: one line, exit status 2."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    sys.exit(2)


@dataclasses.dataclass
class Sources:
    """Where Hydra finds configs: ours, then the user's folders (``--config-dir``,
    ``hydra.searchpath``), and the primary config's name (``--config-name``)."""

    dirs: list[Path] = dataclasses.field(default_factory=list)
    name: str = "config"


SOURCES = Sources()


def use_sources(dirs: list[str | Path], name: str | None = None) -> None:
    """Compose from these folders (after ours, as Hydra searches) from now on."""
    folders = []
    for entry in dirs:
        path = Path(str(entry).removeprefix("file://")).expanduser().resolve()
        if not path.is_dir():
            raise InputError(f"config folder '{entry}' does not exist; allowed: a folder holding "
                             "config.yaml or presets in " + ", ".join(f"{g}/" for g in GROUPS))
        folders.append(path)
    SOURCES.dirs, SOURCES.name = folders, name or "config"


def preset_files(group: str) -> dict[str, Path]:
    """Each preset of a group and its file; a user's file with the name of one of ours is
    refused, since Hydra would silently use ours."""
    ours = {p.stem: p for p in sorted((CONFIG_DIR / group).glob("*.yaml"))}
    found = dict(ours)
    for folder in SOURCES.dirs:
        for path in sorted((folder / group).glob("*.yaml")):
            if path.stem in ours and ours[path.stem] != path:
                raise InputError(f"{group}={path.stem}: {path} has the name of the preset "
                                 f"{ours[path.stem]}, which Hydra would use instead; allowed: "
                                 f"another file name (taken: {', '.join(ours)})")
            found.setdefault(path.stem, path)
    return found


def _check_user_preset(path: Path, group: str) -> None:
    from sim.presets import check_preset

    try:
        check_preset(path, group, CONFIG_DIR)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def options(group: str) -> list[str]:
    return sorted(preset_files(group))


@contextlib.contextmanager
def hydra_session():
    """Hydra initialised as ``k3d`` initialises it: our configs, then the user's folders,
    searched in the order Hydra's ``--config-dir`` uses. Any Hydra already running (inside the
    app) is restored afterwards."""
    from hydra import version
    from hydra._internal.hydra import Hydra
    from hydra._internal.utils import create_config_search_path
    from hydra.core.config_search_path import SearchPathQuery
    from hydra.core.global_hydra import GlobalHydra
    from hydra.initialize import get_gh_backup, restore_gh_from_backup

    backup = get_gh_backup()
    GlobalHydra.instance().clear()
    version.setbase("1.3")
    search = create_config_search_path(str(CONFIG_DIR))
    for folder in SOURCES.dirs:
        search.prepend("command-line", f"file://{folder}", anchor=SearchPathQuery("schema"))
    Hydra.create_main_hydra2(task_name="k3d", config_search_path=search)
    try:
        yield
    finally:
        restore_gh_from_backup(backup)


def check_key(path: list[str]) -> None:
    """Refuse a dotted key that the schema does not have, suggesting the nearest one."""
    node: object = K3DConfig()
    for depth, part in enumerate(path):
        key = ".".join(path[: depth + 1])
        if dataclasses.is_dataclass(node):
            names = [f.name for f in dataclasses.fields(node)]
        elif isinstance(node, dict):
            names = list(node)
        else:
            names = []
        if part not in names:
            near = difflib.get_close_matches(part, names, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            allowed = ", ".join(names) if names else "no sub-keys"
            raise InputError(f"unknown key '{key}'{hint}; allowed here: {allowed}")
        node = getattr(node, part) if dataclasses.is_dataclass(node) else node[part]


def sweep_jobs(overrides: list[str], multirun: bool = True) -> list[list[str]]:
    """The overrides of every job a command line makes: for a sweep, every combination of
    values, as Hydra's basic sweeper and the joblib launcher make them."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
        jobs = BasicSweeper.split_arguments(parsed, None)[0]
    except Exception as exc:  # Hydra's parse errors carry the useful text in their message
        raise InputError(parse_error(exc, overrides)) from None
    swept = [o.input_line for o in parsed if o.is_sweep_override()]
    if swept and not multirun:
        key, _, value = swept[0].partition("=")
        raise InputError(f"{swept[0]} is a sweep without -m; allowed: a list {key}=[{value}], "
                         f"a text {key}='{value}', or a sweep: k3d -m {swept[0]}")
    return jobs


def parse_error(exc: BaseException, overrides: list[str]) -> str:
    """Hydra's parser message naming the override, and what the command line allows."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    text = first_line(exc)
    for item in overrides:
        try:
            OverridesParser.create().parse_override(item)
        except Exception:  # noqa: BLE001 - this is the override Hydra could not read
            text = f"{item}: {text}" if item not in text else text
            break
    if any(not o.isascii() for o in overrides):
        return (f"{text}; allowed: letters outside ASCII only inside quotes, e.g. "
                "municipality.name='Łódź'")
    return (f"{text}; allowed: key=value, a list as key=[a,b], a sweep (with -m) as key=a,b; "
            "quote values with spaces or special characters: key='a value'")


def check_names(overrides: list[str]) -> None:
    for item in overrides:
        key, _, value = item.partition("=")
        if key.startswith("~") and not key.lstrip("~").startswith("hydra"):
            raise InputError(f"{key} removes a key, and every key of k3d needs a value (a "
                             f"removed one would run on its default without a word); allowed: "
                             f"{key.lstrip('~')}=VALUE")
        key = key.lstrip("+~")
        if key == "hydra" or key.startswith(("hydra.", "hydra/")):
            continue
        if key in GROUPS:
            presets = preset_files(key)
            if value not in presets:
                raise InputError(f"{key}='{value}' is not known; allowed: " + ", ".join(presets))
            if presets[value].parent.parent != CONFIG_DIR:
                _check_user_preset(presets[value], key)
            continue
        check_key(key.split("."))


def compose_config(overrides: list[str]) -> K3DConfig:
    """The typed, checked config of these overrides, or :class:`InputError` with one line."""
    return check_jobs([overrides])[0]


def check_jobs(jobs: list[list[str]]) -> list[K3DConfig]:
    """Each job's typed, checked config. Hydra composes once per choice of presets (per
    process); each job's values are then applied as Hydra applies them after composing, which
    keeps a sweep of hundreds of jobs quick to check."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parser, typed = OverridesParser.create(), []
    files = _stamp([CONFIG_DIR, *SOURCES.dirs])  # once a call: the files as this check reads them
    for job in jobs:
        check_names(job)
        plain = [o for o in job if not o.lstrip("+~").startswith("hydra")]
        presets = tuple(o for o in plain if _names_preset(o))
        try:
            base = _composed(presets, files)
            values = parser.parse_overrides([o for o in plain if not _names_preset(o)])
        except Exception as exc:
            raise InputError(first_line(exc)) from None
        typed.append(_typed_with(base, values))
    return typed


# (config folders, their files' dates and sizes, primary config, choices of presets) -> the
# config they compose. The preflight, a study's check of its cells and each sweep job's
# recomposition when it sets municipality.population share it; a file edited since (a user's
# preset, while the dashboard is open) makes another key.
COMPOSED: dict[tuple, object] = {}


def _composed(presets: tuple[str, ...], files: tuple):
    """The config Hydra composes from these choices of presets, before any value is set
    (``files``: :func:`_stamp` of the config folders)."""
    from hydra import compose

    key = (tuple(SOURCES.dirs), files, SOURCES.name, presets)
    if key not in COMPOSED:
        scenario = _scenario_file(presets)
        if scenario is not None:
            others = tuple(p for p in presets if override_key(p) != "scenario")
            COMPOSED[key] = _with_scenario(_composed(others, files), scenario)
        else:
            with hydra_session():
                COMPOSED[key] = compose(config_name=SOURCES.name, overrides=list(presets))
    return COMPOSED[key]


def _scenario_file(presets: tuple[str, ...]) -> Path | None:
    """The file of the scenario preset chosen, when its composition is the one without it with
    the preset swapped in: in our own configs, with no preset chosen but a scenario and a
    municipality, where a scenario preset is a plain file merged into ``scenario`` and nothing
    else writes there (tests/test_composition.py checks every preset against Hydra's
    composition). None otherwise: Hydra composes. A study checks seven scenarios before its
    runs start, and Hydra takes a tenth of a second for each."""
    chosen = dict(p.partition("=")[::2] for p in presets)
    if (SOURCES.dirs or SOURCES.name != "config" or "scenario" not in chosen
            or set(chosen) - {"scenario", "municipality"}):
        return None
    path = CONFIG_DIR / "scenario" / f"{chosen['scenario']}.yaml"
    return path if path.is_file() else None


def _with_scenario(composed, scenario: Path):
    """``composed`` with the scenario preset in ``scenario`` in place of its own, merged onto
    the schema's defaults as Hydra merges a preset."""
    cfg = copy.deepcopy(composed)
    cfg.scenario = K3DConfig().scenario
    cfg.merge_with({"scenario": OmegaConf.load(scenario)})
    return cfg


def _stamp(folders: list[Path]) -> tuple:
    """Every config file's path, date and size: what a composition read."""
    return tuple((str(f), s.st_mtime_ns, s.st_size) for folder in folders
                 for f in sorted(folder.rglob("*.yaml")) for s in [f.stat()])


def _typed_with(base, values: list) -> K3DConfig:
    """``base`` with these overrides applied, typed and checked; ``base`` is left as it was.
    Values that only replace existing keys are applied in place and put back (copying the
    whole config for each of hundreds of jobs is what made checking a sweep slow)."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl

    keys = [v.key_or_group for v in values]
    preset = OmegaConf.to_object(base.municipality) if sets_population(keys) else None

    def apply(cfg) -> K3DConfig:
        try:
            ConfigLoaderImpl._apply_overrides_to_config(values, cfg)
        except Exception as exc:
            raise InputError(first_line(exc)) from None
        typed = to_typed(cfg)
        if preset is not None:
            typed.municipality = follow_population(preset, typed.municipality,
                                                   municipality_keys(keys))
            try:
                validate(typed.municipality, "municipality")
            except ConfigError as exc:
                raise InputError(str(exc)) from None
        return typed

    absent = object()
    old = {key: OmegaConf.select(base, key, default=absent) for key in keys}
    if any(v.is_add() or v.is_force_add() or v.is_delete() for v in values) or absent in (
            old.values()):
        return apply(copy.deepcopy(base))
    old = {k: OmegaConf.to_container(v) if OmegaConf.is_config(v) else v for k, v in old.items()}
    try:
        return apply(base)
    finally:
        for key, value in old.items():
            OmegaConf.update(base, key, value, merge=False)


def sets_population(overrides: list[str]) -> bool:
    return POPULATION in override_keys(overrides)


def job_config(cfg, overrides: list[str]) -> K3DConfig:
    """A job's typed config from Hydra's; composed again from the presets when the command line
    sets municipality.population, so that what the preset derived follows it."""
    return compose_config(overrides) if sets_population(overrides) else to_typed(cfg)


def _names_preset(override: str) -> bool:
    """A choice of preset (scenario=pzk, +experiment=seniors): it changes what Hydra composes."""
    key = override_key(override)
    return key in GROUPS or "/" in key


def to_typed(cfg) -> K3DConfig:
    if "hydra" in cfg:
        cfg = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"])
    typed = OmegaConf.to_object(cfg)
    try:
        validate(typed)
        check_study(typed)
    except ConfigError as exc:
        raise InputError(str(exc)) from None
    return typed


def check_study(cfg: K3DConfig) -> None:
    known = options("scenario")
    for name in cfg.study.scenarios:
        if name not in known:
            raise ConfigError("study.scenarios", name, "one of " + ", ".join(known))
    if cfg.study.baseline not in cfg.study.scenarios:
        raise ConfigError("study.baseline", cfg.study.baseline,
                          "one of study.scenarios: " + ", ".join(cfg.study.scenarios))
    for block, keys in (("grid", cfg.study.grid), ("sensitivity.parameters",
                                                    cfg.study.sensitivity.parameters)):
        for key in keys:
            try:
                check_key(key.split("."))
            except InputError as exc:
                raise ConfigError(f"study.{block}.{key}", keys[key], str(exc)) from None
    for value in cfg.study.families_per_worker:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError("study.families_per_worker", value,
                              "a list of whole numbers >= 0 (0 = the preset's workers)")
    if (any(cfg.study.families_per_worker)
            and "municipality.social_workers" in cfg.study.grid):
        raise ConfigError("study.families_per_worker", cfg.study.families_per_worker,
                          "[0] when study.grid varies municipality.social_workers")
    if not cfg.study.families_per_worker:
        raise ConfigError("study.families_per_worker", [], "at least one value (0 = the "
                          "preset's workers)")
    if cfg.study.sensitivity.target not in known:
        raise ConfigError("study.sensitivity.target", cfg.study.sensitivity.target,
                          "one of " + ", ".join(known))


def first_line(exc: BaseException) -> str:
    """The headline of Hydra's error, with the root cause (e.g. a type mismatch) after it."""
    def line(e: BaseException) -> str:
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        if len(lines) > 1 and lines[0].endswith(":"):  # "…raised while composing config:"
            return f"{lines[0]} {lines[1]}"
        return lines[0] if lines else type(e).__name__

    root = exc
    while root.__cause__ is not None:
        root = root.__cause__
    head = line(exc)
    text = head if root is exc else f"{head}: {line(root)}"
    listed = str(exc).partition("Available options")[2].partition("Config search path")[0]
    if listed and "allowed" not in text:  # Hydra lists a group's presets after "in 'group':"
        return f"{text}; allowed: {', '.join(listed.split()[2:])}"
    for failed, allowed in TYPE_HINTS.items():  # the parser says what failed, not what is allowed
        if failed in text and "allowed" not in text:
            return f"{text}; allowed: {allowed}"
    assigned = re.search(r"Cannot assign \w+ to (.+)$", text)
    if assigned:
        return f"{text}; allowed: a value of type {assigned.group(1)}"
    appended = re.search(r"An item is already at '(.+)'", text)
    if appended:
        return f"{text}; allowed: {appended.group(1)}=VALUE (without +) to change it"
    return text


TYPE_HINTS = {"converted to Integer": "a whole number", "converted to Float": "a number",
              "converted to Boolean": "true or false", "not a valid bool": "true or false"}


def searchpath(overrides: list[str]) -> list[str]:
    """The folders of a ``hydra.searchpath=[...]`` override (not pkg:// entries)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    for item in overrides:
        if item.lstrip("+~").startswith("hydra.searchpath="):
            try:
                value = OverridesParser.create().parse_override(item).value()
            except Exception as exc:
                raise InputError(parse_error(exc, [item])) from None
            entries = value if isinstance(value, list) else [value]
            return [str(e) for e in entries if "://" not in str(e) or str(e).startswith("file://")]
    return []


def check_output(overrides: list[str], multirun: bool) -> Path:
    """Hydra's own settings (launcher, output folder, chdir…) compose, and the output folder can
    be created and written: refused in one line before Hydra starts. The folder, not created."""
    from hydra import compose

    key = "hydra.sweep.dir" if multirun else "hydra.run.dir"
    own = [o for o in overrides if o.lstrip("+~").startswith("hydra")]
    try:
        with hydra_session():
            for job in sweep_jobs(own, multirun):
                cfg = compose(config_name=SOURCES.name, overrides=job, return_hydra_config=True)
            folder = Path(OmegaConf.select(cfg, key)).absolute()
    except InputError:
        raise
    except Exception as exc:
        raise InputError(first_line(exc)) from None
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    try:
        if not existing.is_dir():
            raise NotADirectoryError(f"{existing} is a file")
        tempfile.TemporaryDirectory(dir=existing).cleanup()
    except OSError as exc:
        raise InputError(f"{key}={folder} cannot be created or written ({exc.strerror or exc}); "
                         "allowed: a folder you may create and write") from None
    return folder


def preflight(overrides: list[str], multirun: bool = True
              ) -> list[tuple[list[str], K3DConfig]]:
    """Check every run a command line would make, before Hydra starts any; its jobs, each with
    its typed config."""
    jobs = sweep_jobs(overrides, multirun)
    return list(zip(jobs, check_jobs(jobs)))
