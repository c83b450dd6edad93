"""The ``k3d`` command's process, light to import.

A study's fork server (sim/study/workers.py) is started here, before Hydra, pandas or the
model are imported: it loads the model while ``k3d`` checks and composes the command line, and
its workers are ready about 0.25 s sooner than when started from :mod:`sim.cli`.
"""

import gc
import sys


def k3d() -> None:
    """The ``k3d`` command: :func:`sim.cli.main`, in a process that ends with it. Whatever it
    leaves is freed by the process's end, so it is frozen out of the interpreter's last full
    collections (0.15-0.25 s after a study, 0.03 s frozen)."""
    if _may_run_study(sys.argv[1:]):
        from sim.study.workers import start_server

        start_server()
    from sim.cli import main

    try:
        main()
    finally:
        gc.freeze()


def _may_run_study(args: list[str]) -> bool:
    """Whether the command line may run a study's runs here: it names no scenario and has no
    flag (help, multirun, another config…). Only a guess, before anything is checked: sim.cli
    stops the server when the input is refused or the study runs no workers of ours."""
    from sim.overrides import names_scenario

    return not any(arg.startswith("-") for arg in args) and not names_scenario(args)
