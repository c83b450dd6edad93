"""The processes a study's runs and figures are handed to.

``k3d`` starts a fork server (multiprocessing's ``forkserver``) first thing, before its own
imports: a fresh interpreter that imports the model and loads its compiled kernels and
matplotlib (:mod:`sim.study.head_start`) while ``k3d`` checks the command line, composes it and
plans the runs. Each worker is then forked from that server, ready, for about 0.07 s of CPU;
a worker that loads all of it itself takes about 1.5 s, and a study starts two. Only on Linux:
macOS's system libraries are not safe to fork once loaded. Elsewhere, and for studies run from
Python (a notebook, a calibration), the workers are joblib's, which are kept between calls.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import select
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import forkserver

# Arguments go to the workers pickled, never memory-mapped: a reused pool of workers keeps the
# folder of the call that started it, so a later call's large arguments (a report's tables,
# sim/report/drawing.py) would land in a folder already removed. Every call of ours passes the
# same value, or joblib would start the workers again.
WORKERS_MEMMAP = None
# what the fork server imports before it forks any worker (its preload imports modules only)
SERVER_PRELOAD = ["sim.study.head_start"]
# the workers start_workers forked from the fork server (None: joblib's, or none)
_forked: ProcessPoolExecutor | None = None


def leave_ctrl_c_to_the_main_process() -> None:
    """In a worker process, ignore Ctrl-C: the main process stops the work and says so in one
    line; a worker would add a traceback of its own. Only a process's main thread may set it: a
    study inside a joblib-launched sweep job runs its runs in threads (joblib's nested
    parallelism)."""
    if (multiprocessing.parent_process() is not None
            and threading.current_thread() is threading.main_thread()):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_server() -> bool:
    """Start the fork server now (on Linux; once): it loads what the workers need while this
    process goes on. ``k3d`` calls it before it has checked its input, so that the two overlap;
    :func:`stop_server` ends it. Returns whether it runs: not where its socket cannot be made
    (a folder of temporary files deeper than a socket's path may be).

    The server starts with Ctrl-C blocked, which its workers inherit (the main process stops
    the work and says so in one line), and without the current folder on its path: Python
    3.12's fork server does not take this process's path, and a folder ``sim`` where ``k3d``
    was started would otherwise be what it loads."""
    if sys.platform != "linux":
        return False
    multiprocessing.get_context("forkserver").set_forkserver_preload(SERVER_PRELOAD)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    safe_path = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        forkserver.ensure_running()
    except OSError:
        return False
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        if safe_path is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = safe_path
    return True


def stop_server() -> None:
    """Kill the fork server, even while it is still loading (Python 3.12 can only ask it to
    stop, which it hears once loaded), and reap it: through the module's own server object."""
    server = forkserver._forkserver
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # reaped already
            server._stop()


def head_start() -> None:
    """Import the model and run one week of it (its compiled kernels load on first use), and
    import matplotlib: the same workers draw the study's figures once its runs are done
    (sim/report/drawing.py). The garbage collector waits meanwhile (its passes over what is
    being loaded took about 0.2 s of 1.3), and what is loaded lives as long as the process:
    frozen out of the collector's full passes (one every 50 or so runs, 0.14 s each over it
    all), as Python's documentation of ``gc.freeze`` advises before forking."""
    from sim.report.drawing import files_only

    leave_ctrl_c_to_the_main_process()
    files_only()
    gc.disable()
    try:
        from sim.api import run

        run(weeks=1, scenario__pzk__enabled=True, scenario__zzk__enabled=True,
            scenario__client_work__enabled=True)
        import sim.report.figures  # noqa: F401
    except Exception:  # noqa: BLE001 - only a head start: a run that fails reports it itself
        pass
    finally:
        gc.freeze()
        gc.enable()


def start_workers(n_jobs: int) -> None:
    """Have ``n_jobs`` workers ready for the study's runs and figures (:func:`in_workers`):
    forked from the fork server as the first runs are handed over (the server is started now
    if ``k3d`` did not start it already), or, without a fork server, joblib's, starting in the
    background. Only once the input has been checked."""
    global _forked
    if n_jobs < 2:  # the runs run in this process
        stop_server()
        return
    if start_server():
        _forked = ProcessPoolExecutor(n_jobs, multiprocessing.get_context("forkserver"),
                                      initializer=_end_with_parent)
        return

    def start() -> None:
        try:
            with in_workers(n_jobs, [(head_start, ())] * n_jobs) as started:
                for _ in started:
                    pass
        except Exception:  # noqa: BLE001 - workers that cannot start: the study's call reports
            pass

    threading.Thread(target=start, name="k3d-start-workers", daemon=True).start()


def _end_with_parent() -> None:
    """A worker from the fork server ends when the process it works for ends, however that
    ends: it is the server's child, not that process's, and killed (SIGKILL, SIGTERM) that
    process cannot stop it; it would wait for work for ever, and the server with it."""
    parent = os.pidfd_open(multiprocessing.parent_process().pid)

    def wait() -> None:
        select.select([parent], [], [])
        os._exit(1)

    threading.Thread(target=wait, name="k3d-end-with-parent", daemon=True).start()


def stop_workers() -> None:
    """End this process's worker processes and fork server without waiting for joblib's to
    tear down (more than half a second after a study): call only when every file is written and
    nothing else in the process will use them, as ``k3d`` does before it exits (and when it is
    stopped: the runs not started are cancelled)."""
    global _forked
    if _forked is not None:
        for worker in multiprocessing.active_children():  # not waiting for a run under way
            worker.kill()
        # a worker killed while it hands back an outcome leaves half of it in the pipe, and the
        # pool's thread would wait for the rest for ever: this process's end of the pipe (the
        # only one left) closed, that thread reads the pipe's end instead
        _forked._result_queue._writer.close()
        _forked.shutdown(cancel_futures=True)  # and reaped
        _forked = None
    stop_server()
    loky = sys.modules.get("joblib.externals.loky.reusable_executor")  # joblib's, if ever used
    if loky is not None and loky._executor is not None:
        loky._executor.shutdown(wait=False, kill_workers=True)


def joblib_scratch() -> tempfile.TemporaryDirectory:
    """A folder for joblib's shared memory that goes with the call, not with the process (a
    notebook or a calibration makes hundreds of calls); named by the process, so a check for
    leftovers counts only its own."""
    return tempfile.TemporaryDirectory(prefix=f"k3d-joblib-{os.getpid()}-")


@contextlib.contextmanager
def in_workers(n_jobs: int, calls: list[tuple[Callable, tuple]]) -> Iterator[Iterator]:
    """Each ``(function, arguments)`` of ``calls`` run in the worker processes, all handed to
    them now; yields their results as each is done, in any order. The workers are those
    :func:`start_workers` forked when it did, else joblib's (``n_jobs`` of them)."""
    if _forked is not None:
        futures = [_forked.submit(function, *args) for function, args in calls]
        try:
            yield (future.result() for future in as_completed(futures))
        finally:  # stopped early (an error, Ctrl-C): the calls not started are dropped
            for future in futures:
                future.cancel()
        return
    from joblib import Parallel, delayed

    # joblib keeps each call's shared-memory folder until the process exits; in a folder of
    # ours it goes with the call (notebooks and tests run many studies)
    with joblib_scratch() as scratch:
        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered", temp_folder=scratch,
                           max_nbytes=WORKERS_MEMMAP)(
            delayed(function)(*args) for function, args in calls)
        try:
            yield results
        finally:  # joblib stops the calls not started yet
            results.close()
