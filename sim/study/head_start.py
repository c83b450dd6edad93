"""What the study's fork server (sim/study/workers.py) loads before it forks any worker, so
that each starts ready: imported by the server, whose preload can only import modules."""

import signal

from sim.study.workers import head_start

# inherited by every worker forked from the server: Ctrl-C is the main process's to handle
signal.signal(signal.SIGINT, signal.SIG_IGN)
head_start()
