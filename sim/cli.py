"""``k3d`` and ``k3d-report``: the command line over ``configs/``.

``k3d scenario=NAME`` runs one scenario; ``k3d`` with no scenario named runs the study (every
scenario of ``study.scenarios`` × replications compared with ``siloed``). Every command line is
checked before Hydra starts, so bad input ends in one line and exit status 2 with nothing
simulated.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Sequence

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode

from sim.configure import (
    CONFIG_DIR,
    InputError,
    check_output,
    fail,
    job_config,
    preflight,
    searchpath,
    sets_population,
    use_sources,
)
from sim.manifest import STATUS, reseal, seal, verified, write_text_atomic
from sim.overrides import municipality_keys, names_scenario
from sim.places import population_note
from sim.report.drawing import files_only
from sim.study.workers import (
    leave_ctrl_c_to_the_main_process,
    start_workers,
    stop_server,
    stop_workers,
)
from sim.validation import provenance_rows

OUTPUT: dict[str, str] = {}  # the folder this process writes into, for the Ctrl-C message


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def _app(cfg) -> None:
    for noisy in ("MESA", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    leave_ctrl_c_to_the_main_process()
    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    OUTPUT["dir"] = str(Path(hc.sweep.dir if hc.mode == RunMode.MULTIRUN else out).absolute())
    use_sources([s.path for s in hc.runtime.config_sources
                 if s.schema == "file" and s.provider not in ("main", "hydra")],
                hc.job.config_name)
    overrides = list(hc.overrides.task)
    try:
        typed = job_config(cfg, overrides)
    except InputError as exc:
        fail(str(exc))
    in_sweep = hc.mode == RunMode.MULTIRUN
    if sets_population(overrides):
        print(f"k3d: {population_note(typed.municipality, municipality_keys(overrides))}")
    if names_scenario(overrides):
        single_run(typed, out, in_sweep=in_sweep, overrides=overrides)
    else:
        from sim.study.shared import SHARED_DIR
        from sim.study.study import run_study

        # in a sweep, parallel jobs' bars would interleave: one line per finished job instead
        failed = run_study(overrides, typed, out, progress=not in_sweep,
                           shared=Path(OUTPUT["dir"]) / SHARED_DIR if in_sweep else None)
        _mark(out, "failed" if failed else "complete", f"{failed} runs failed" if failed else "")
    if in_sweep:
        from sim.study.sweep import job_done

        job_done(Path(OUTPUT["dir"]), out)


def single_run(cfg, out: Path, in_sweep: bool = False, overrides: Sequence[str] = ()) -> None:
    """One scenario: tables and summary.json; skipped if this folder already holds it.

    A failure is recorded in status.json; in a sweep the other jobs go on and the gathering at
    the end lists every failure (and exits 1), alone it exits 1 at once.
    """
    import pandas as pd

    from sim.api import run
    from sim.study.study import config_yaml, run_fingerprint

    current = run_fingerprint(cfg.model())
    stored = _stored(out)
    if stored.get("state") == "complete" and stored.get("fingerprint") == current:
        if verified(out):
            print(f"k3d: {out} already complete, skipping (same configuration and model)")
            return
        print(f"k3d: {out} held this run but its files no longer match their checksums "
              "(truncated or edited); computing it again", file=sys.stderr)
    elif stored.get("state") == "complete":
        print(f"k3d: {out} held a run of another configuration or model version; computing "
              "this one in its place", file=sys.stderr)
    started = time.perf_counter()
    try:
        result = run(cfg.model())
    except Exception as exc:  # noqa: BLE001 - reported as one line, never lost in a sweep
        line = f"{type(exc).__name__}: {exc}".splitlines()[0]
        _mark(out, "failed", line)
        print(f"k3d: error: run in {out} failed: {line}", file=sys.stderr)
        if in_sweep:
            return
        sys.exit(1)
    _mark(out, "running")  # the old tables are being replaced: nothing here is complete
    result.save(out)
    pd.DataFrame(provenance_rows(cfg.model(), overrides)).to_csv(out / "parameters.csv",
                                                                 index=False)
    seal(out, config_yaml(cfg), [cfg.seed], current)
    _mark(out, "complete", fingerprint=current)
    s = result.summary
    print(f"k3d: scenario={s['scenario']} municipality={s['municipality']} seed={s['seed']} "
          f"weeks={s['weeks']}: {s['exits_to_independence']} exits to independence, "
          f"{s['crises_total']} crises, cost {s['cost_total']:,.0f} PLN")
    print(f"k3d: results in {out}")
    print(f"k3d: wall time {time.perf_counter() - started:.1f} s")


def _stored(out: Path) -> dict:
    path = out / STATUS
    return json.loads(path.read_text()) if path.exists() else {}


def _mark(out: Path, state: str, error: str = "", fingerprint: str = "") -> None:
    """Written last and atomically: a job killed half-way has no 'complete' status."""
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / STATUS, json.dumps({"state": state, "error": error,
                                                       "fingerprint": fingerprint}))


def main() -> None:
    """Check the whole command line, then let Hydra run it; Ctrl-C ends in one line."""
    from hydra._internal.utils import get_args_parser

    files_only()
    args = get_args_parser().parse_args(sys.argv[1:])  # Hydra's own flags, as Hydra reads them
    if not (args.help or args.hydra_help or args.info or args.cfg or args.shell_completion):
        try:
            use_sources([*filter(None, [args.config_dir]), *searchpath(args.overrides)],
                        args.config_name)
            check_output(args.overrides, args.multirun)
            checked = preflight(args.overrides, args.multirun)
            for job, cfg in checked:
                if not names_scenario(job):
                    _check_study(job, cfg)
        except InputError as exc:
            fail(str(exc))
        if not args.multirun and not names_scenario(args.overrides):
            _start_study_workers(checked[0][1])
    try:
        _app()
    except KeyboardInterrupt:
        _stopped(args.multirun)
    finally:
        stop_workers()


def _check_study(overrides: list[str], cfg) -> None:
    """Every cell and scenario of a study is composed and checked up front (``cfg``: the
    command line's own config, which the preflight has composed)."""
    from sim.study.study import check_study

    check_study(overrides, cfg)


def _start_study_workers(cfg) -> None:
    """A study's workers start while Hydra composes and the runs are planned (calibration and
    validation run their own way)."""
    from sim.study.study import available_cores

    if cfg.executor == "local" and cfg.study.kind not in ("calibrate", "validate"):
        start_workers(min(cfg.jobs, available_cores()))
    else:  # the fork server k3d started on the chance of a study's runs: not needed
        stop_server()


def _stopped(multirun: bool) -> None:
    """Ctrl-C: one line saying what is kept and how to go on, exit status 130."""
    where = OUTPUT.get("dir", "the output folder")
    key = "hydra.sweep.dir" if multirun else "hydra.run.dir"
    print(f"k3d: stopped (Ctrl-C); finished runs in {where} are kept and checked; run the same "
          f"command with {key}={where} to resume", file=sys.stderr)
    sys.exit(130)


def report_main() -> None:
    """``k3d-report DIR``: rebuild a study's (or a sweep's) tables and report from stored runs."""
    parser = argparse.ArgumentParser(prog="k3d-report", description=report_main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lang", choices=("en", "pl"), default=None)
    args = parser.parse_args()
    files_only()
    folder = args.folder
    if (folder / "study.json").exists():
        from sim.report import document
        from sim.study.gather import gather

        try:
            gather(folder)
        except FileNotFoundError as exc:
            fail(str(exc), "k3d-report")
        paths = document.build(folder, args.lang)
        reseal(folder)
        print(f"k3d-report: wrote {paths['comparison']}, {paths['report_md']}, "
              f"{paths['report_html']}")
    elif (folder / "multirun.yaml").exists():
        from sim.study.sweep import gather_sweep

        if gather_sweep(folder, args.lang)[1]:
            sys.exit(1)
    else:
        fail(f"{folder} holds no study (study.json) or sweep (multirun.yaml)", "k3d-report")
