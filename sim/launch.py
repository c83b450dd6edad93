"""The ``k3d`` command's process, light to import.

A study's fork server (sim/study/workers.py) is started here, before Hydra, pandas or the
model are imported: it loads the model while ``k3d`` checks and composes the command line, and
its workers are ready about 0.25 s sooner than when started from :mod:`sim.cli`.
"""

import gc
import sys

from sim.study.workers import start_server, stop_server


def k3d() -> None:
    """The ``k3d`` command: :func:`sim.cli.main`, in a process that ends with it.

    The fork server is started on the chance of a study whenever the command line has no flag
    (help, multirun, another config…), and stopped as soon as it is known not to be needed: a
    scenario named (one run, no workers), a refused command line, Ctrl-C before the runs, a
    study that runs no workers of ours (sim.cli). Whatever the process leaves is freed by its
    end, so it is frozen out of the interpreter's last full collections (0.15-0.25 s after a
    study, 0.03 s frozen)."""
    args = sys.argv[1:]
    flagless = not any(arg.startswith("-") for arg in args)
    if flagless:
        start_server()
    try:
        from sim.overrides import names_scenario

        if flagless and names_scenario(args):
            stop_server()
        from sim.cli import main

        main()
    finally:
        stop_server()
        gc.freeze()
