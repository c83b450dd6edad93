"""What the study's fork server (sim/study/workers.py) loads before it forks any worker, so
that each starts ready: imported by the server, whose preload can only import modules."""

from sim.study.workers import head_start

head_start()
