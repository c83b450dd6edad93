"""The state of one browser tab, and the actions on it: step, reset, play, rebuild.

Solara keeps each reactive variable per browser session (a virtual kernel per tab), so each tab
has its own twin and its own models, and a room of participants can share one server. A step
changes the twin in place and bumps ``week``, the variable every picture
depends on; a changed setting builds a new twin in a background thread, replayed to the current
week, so a dragged slider never blocks the page.
"""

from __future__ import annotations

import os
import threading
import time
from typing import cast

import solara

from sim.dashboard.cli import LANG_ENV, PRESENT_ENV
from sim.dashboard.twin import Settings, Twin

PLAY_PAUSE = 0.05  # seconds between played frames, so the room can follow
SPEEDS = (1, 2, 4, 8)  # weeks per played frame; a frame (every chart redrawn) takes ~0.3 s
PRESENT_SPEED = 4  # on a projector: about ten weeks a second

lang = solara.reactive(os.environ.get(LANG_ENV, "en"))
settings = solara.reactive(Settings())
twin = solara.reactive(cast(Twin | None, None))
week = solara.reactive(0)
playing = solara.reactive(False)
family = solara.reactive(0)
tab = solara.reactive(0)
present = solara.reactive(os.environ.get(PRESENT_ENV) == "1")
speed = solara.reactive(PRESENT_SPEED if present.value else SPEEDS[0])


def step(weeks: int = 1) -> None:
    """Advance the twin by ``weeks`` (fewer at the end), then redraw once."""
    current = twin.value
    if current is not None:
        for _ in range(weeks):
            current.step()
        week.set(current.week)


def show_present(on: bool) -> None:
    """Presentation mode on or off; Play speeds up with it (and back)."""
    present.set(on)
    speed.set(PRESENT_SPEED if on else SPEEDS[0])


def reset() -> None:
    playing.set(False)
    twin.set(Twin(settings.value))
    week.set(0)


def rebuild(cancel: threading.Event) -> None:
    """A new twin for the new settings, replayed to the week the room is looking at."""
    target = twin.value.week if twin.value is not None else 0
    fresh = Twin(settings.value)
    for _ in range(target):
        if cancel.is_set():
            return
        fresh.step()
    twin.set(fresh)
    week.set(fresh.week)


def play(cancel: threading.Event) -> None:
    while playing.value and not cancel.is_set():
        current = twin.value
        if current is None or not current.running:
            playing.set(False)
            return
        step(speed.value)
        time.sleep(PLAY_PAUSE)
