"""A report's figures drawn side by side in worker processes (the study's own, still running),
while the report's text is written.

A figure is named by its function's dotted name, not passed as the function: planning a report
then never imports matplotlib (a second or more of a study's serial time), and each figure is
drawn from its arguments alone, so it comes out the same in any process.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def files_only() -> None:
    """Figures are files: no plotting window, whatever the environment. Set before matplotlib
    is imported (in the main process once its input has been checked; in the workers that draw,
    as they load)."""
    os.environ["MPLBACKEND"] = "Agg"


@dataclass(frozen=True)
class Figure:
    function: str  # e.g. "sim.report.figures.over_time"; its last argument is the PNG's path
    args: tuple

    @property
    def path(self) -> Path:
        return self.args[-1]

    def draw(self) -> Path:
        from sim.study.workers import leave_ctrl_c_to_the_main_process

        leave_ctrl_c_to_the_main_process()
        module, name = self.function.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)(*self.args)


@contextlib.contextmanager
def drawing(figures: list[Figure], jobs: int = 1) -> Iterator[None]:
    """Draw every figure while the ``with`` block runs: in ``jobs`` processes, in the background,
    and every PNG is written when the block ends; in this process alone, before the block, when
    one is asked for or when this is itself a worker (a sweep's job: pyplot is not safe in
    threads)."""
    if jobs == 1 or len(figures) < 2 or multiprocessing.parent_process() is not None:
        for figure in figures:
            figure.draw()
        yield
        return
    from sim.study.workers import in_workers

    # the figures are handed to the workers now, and drawn as each worker is free
    with in_workers(jobs, [(figure.draw, ()) for figure in figures]) as drawn:
        yield
        for _ in drawn:  # waits for the last one
            pass
