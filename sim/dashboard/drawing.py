"""Each browser session draws its figures on its own thread.

Matplotlib caches loaded fonts per thread, and a figure must not be drawn by two threads at once;
Solara handles a session's events on many threads, so drawing there would reload fonts (tens of
milliseconds a time) and could race. One warm thread per session is safe and fast, and sessions
never queue behind each other (with one thread for the whole server, a room of participants did).
The thread ends with its session.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from solara.server import kernel_context

T = TypeVar("T")
_painters: dict[str, ThreadPoolExecutor] = {}
_lock = threading.Lock()


def _session() -> str:
    """The current browser session's id ("" outside a session: a script or a test)."""
    try:
        return kernel_context.get_current_context().id
    except RuntimeError:
        return ""


def painter(session: str) -> ThreadPoolExecutor:
    """The drawing thread of ``session``, started on first use and shut down with the session."""
    with _lock:
        if session not in _painters:
            _painters[session] = ThreadPoolExecutor(max_workers=1,
                                                    thread_name_prefix=f"k3d-draw-{session[:8]}")
            if session:
                kernel_context.get_current_context().on_close(lambda: _close(session))
        return _painters[session]


def _close(session: str) -> None:
    with _lock:
        executor = _painters.pop(session, None)
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)


def on_drawing_thread(fn: Callable[..., T], *args) -> T:
    """Run ``fn(*args)`` on this session's drawing thread and wait for its result."""
    return painter(_session()).submit(fn, *args).result()
