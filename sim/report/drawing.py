"""A report's figures drawn side by side in worker processes (the study's own, still running).

A figure is named by its function's dotted name, not passed as the function: planning a report
then never imports matplotlib or seaborn (a second or more of a study's serial time), and each
figure is drawn from its arguments alone, so it comes out the same in any process.
"""

from __future__ import annotations

import importlib
import multiprocessing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    function: str  # e.g. "sim.report.figures.over_time"; its last argument is the PNG's path
    args: tuple

    @property
    def path(self) -> Path:
        return self.args[-1]

    def draw(self) -> Path:
        from sim.study.runner import leave_ctrl_c_to_the_main_process

        leave_ctrl_c_to_the_main_process()
        module, name = self.function.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)(*self.args)


def draw(figures: list[Figure], jobs: int = 1) -> None:
    """Draw every figure, in ``jobs`` processes; in this process alone when one is asked for or
    when this is itself a worker (a sweep's job: pyplot is not safe in threads)."""
    if jobs == 1 or len(figures) < 2 or multiprocessing.parent_process() is not None:
        for figure in figures:
            figure.draw()
        return
    from joblib import Parallel, delayed

    from sim.study.runner import WORKERS_MEMMAP, joblib_scratch

    with joblib_scratch() as scratch:
        Parallel(n_jobs=jobs, temp_folder=scratch, max_nbytes=WORKERS_MEMMAP)(
            delayed(f.draw)() for f in figures)
