"""One thread draws every figure of every browser tab.

Matplotlib is not thread-safe, and it caches loaded fonts per thread; Solara handles events on
many threads, so drawing there would race between tabs and reload fonts (tens of milliseconds a
time). A single warm drawing thread is both safe and fast.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

T = TypeVar("T")
_painter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="k3d-draw")


def on_drawing_thread(fn: Callable[..., T], *args) -> T:
    """Run ``fn(*args)`` on the drawing thread and wait for its result."""
    return _painter.submit(fn, *args).result()
