"""A study's runs on a cluster: submitit sends them to SLURM (or, for trying it here, to local
processes) as one job array, a few runs per task. Each run lands in the same per-job folder as
a local run (``runner.run_one``), so a study resumes, verifies and gathers the same way whichever
engine ran it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sim.study.config import ClusterConfig
from sim.study.plan import Job
from sim.study.runner import Outcome, run_one


def run_chunk(root: Path, jobs: list[Job]) -> list[Outcome]:
    """One array task: its runs one after the other (each is a fraction of a second to a few
    seconds, far less than a cluster job's start-up)."""
    return [run_one(root, job) for job in jobs]


def executor(root: Path, cfg: ClusterConfig):
    import submitit

    ex = submitit.AutoExecutor(folder=root / "submitit" / "%j", cluster=cfg.backend)
    ex.update_parameters(timeout_min=cfg.timeout_min, cpus_per_task=cfg.cpus_per_task,
                         mem_gb=cfg.mem_gb, name="k3d")
    if cfg.backend == "slurm":
        ex.update_parameters(slurm_array_parallelism=cfg.array_parallelism,
                             **({"slurm_partition": cfg.partition} if cfg.partition else {}))
    return ex


def submit(cfg: ClusterConfig, root: Path, jobs: list[Job]) -> Iterator[Outcome]:
    """Submit the runs as one job array and yield their outcomes as tasks finish."""
    chunks = [jobs[i:i + cfg.runs_per_task] for i in range(0, len(jobs), cfg.runs_per_task)]
    ex = executor(root, cfg)
    with ex.batch():
        futures = [ex.submit(run_chunk, root, chunk) for chunk in chunks]
    for chunk, future in zip(chunks, futures):
        try:
            yield from future.result()
        except Exception as exc:  # the task itself died (time limit, node failure)
            line = f"{type(exc).__name__}: {exc}".splitlines()[0]
            for job in chunk:
                yield Outcome(job.key, False, error=f"cluster task failed: {line}")
