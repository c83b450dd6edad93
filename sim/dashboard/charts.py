"""Charts over time: each shows both twins and their difference. The two runs differ in colour
as well as in dash (grey or a pale tint dashed for siloed, full colour solid for the scenario), so
they stay apart on a washed-out projector.

A chart is a retained matplotlib figure: built once per language, its lines moved every week.
Re-creating axes and re-measuring tick labels each week would cost more than drawing, and a step
must redraw in well under a second. Titles and legends live in the page (translated DOM text, see
:func:`legend_html`), not in the PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.dashboard.texts import crisis_name, tr
from sim.domain import ACTIVITIES, CRISES
from sim.i18n import localise_axes

SILOED_STYLE = {"ls": (0, (4, 2)), "lw": 1.8}
SCENARIO_STYLE = {"ls": "-", "lw": 2.2}
SERIES_COLOURS = ("#2166ac", "#b2182b", "#e08214", "#5aae61")
SILOED_COLOUR = "#8c8c8c"  # one series: siloed grey, scenario in the first series colour
BETTER, WORSE, NEUTRAL = "#1a9850", "#d73027", "#9e9e9e"
SIZE, DPI = (4.4, 3.0), 90


@dataclass(frozen=True)
class Look:
    """Font sizes and margins of a chart: the desk look, or the larger one for a projector."""

    ticks: float = 8
    labels: float = 7
    margins: tuple[float, float, float, float] = (0.14, 0.98, 0.97, 0.14)  # l, r, t, b


DESK = Look()
PROJECTOR = Look(ticks=12, labels=11, margins=(0.17, 0.98, 0.97, 0.19))


def siloed_colour(colour: str, single: bool) -> str:
    """Siloed grey beside a single scenario line; a pale tint of the series colour otherwise."""
    if single:
        return SILOED_COLOUR
    return to_hex([0.45 * c + 0.55 for c in to_rgb(colour)])


@dataclass(frozen=True)
class Chart:
    """Columns of the twin's weekly table; ``better`` = +1 if more is better, -1 if less is
    better, 0 if neither (the difference is then shaded grey)."""

    key: str
    columns: tuple[str, ...]
    better: int
    labels: Callable[[str], list[str]] | None = None


CHARTS = (
    Chart("active", ("active_families",), 0),
    Chart("exits", ("exits_cum",), +1),
    Chart("crises", tuple(f"crises_{c}_cum" for c in CRISES), -1,
          lambda lang: [crisis_name(lang, c) for c in CRISES]),
    Chart("unserved", ("unserved_pct",), -1),
    Chart("hidden", ("hidden_needs",), -1),
    Chart("waiting", ("wait_recent",), -1),
    Chart("worker_time", tuple(f"{a}_per_worker" for a in ACTIVITIES), 0,
          lambda lang: [tr(lang, a) for a in ACTIVITIES]),
    Chart("cost", ("cost_mln",), -1),
)


class TimeChart:
    """Upper panel: both twins; lower panel: scenario minus siloed, shaded better or worse."""

    def __init__(self, chart: Chart, lang: str, weeks: int, look: Look = DESK):
        self.chart = chart
        self.fig = Figure(figsize=SIZE, dpi=DPI)
        FigureCanvasAgg(self.fig)
        left, right, top, bottom = look.margins
        self.top, self.low = self.fig.subplots(
            2, 1, sharex=True, height_ratios=(2.2, 1),
            gridspec_kw={"left": left, "right": right, "top": top, "bottom": bottom,
                         "hspace": 0.1})
        localise_axes(self.fig, lang)
        for ax in (self.top, self.low):
            ax.tick_params(labelsize=look.ticks)
            ax.grid(alpha=0.3, lw=0.5)
            ax.yaxis.set_major_locator(MaxNLocator(4))
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        self.low.set_xlim(0, weeks)
        self.low.set_xlabel(tr(lang, "week"), fontsize=look.labels, labelpad=1)
        self.low.set_ylabel(tr(lang, "difference"), fontsize=look.labels)
        self.low.axhline(0, color="black", lw=0.6)
        single = len(chart.columns) == 1
        self.lines = [(self.top.plot([], [], color=siloed_colour(colour, single),
                                     **SILOED_STYLE)[0],
                       self.top.plot([], [], color=colour, **SCENARIO_STYLE)[0],
                       self.low.plot([], [], color=colour, lw=1.2)[0])
                      for colour, _ in zip(SERIES_COLOURS, chart.columns)]
        self.note = self.top.text(0.5, 0.5, tr(lang, "press_step"), ha="center", va="center",
                                  transform=self.top.transAxes, color="grey")
        self.shading: list = []

    def png(self, frames: dict[str, pd.DataFrame]) -> bytes:
        siloed, scenario = frames["siloed"], frames["scenario"]
        empty = scenario.empty
        self.note.set_visible(empty)
        weeks = [] if empty else scenario["week"]
        for col, (s_line, c_line, d_line) in zip(self.chart.columns, self.lines):
            s_line.set_data(weeks, [] if empty else siloed[col])
            c_line.set_data(weeks, [] if empty else scenario[col])
            d_line.set_data(weeks, [] if empty else scenario[col] - siloed[col])
        for patch in self.shading:
            patch.remove()
        single = len(self.chart.columns) == 1
        self.shading = [] if empty or not single else self._shade(
            weeks, scenario[self.chart.columns[0]] - siloed[self.chart.columns[0]])
        peak = max(np.nan_to_num(np.asarray(line.get_ydata(), float)).max(initial=0)
                   for lines in self.lines for line in lines[:2])
        self.top.set_ylim(0, 1.05 * peak if peak > 0 else 1)
        self.low.relim()
        self.low.autoscale_view(scalex=False)
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
        return buf.getvalue()

    def _shade(self, weeks: pd.Series, diff: pd.Series) -> list:
        """Green where the scenario does better than siloed, red where worse, grey if neither."""
        better = self.chart.better
        if better == 0:
            return [self.low.fill_between(weeks, diff, 0, color=NEUTRAL, alpha=0.4, lw=0)]
        good = (diff * better > 0).to_numpy()
        return [self.low.fill_between(weeks, diff, 0, where=where, color=colour, alpha=0.45,
                                      lw=0, interpolate=True)
                for where, colour in ((good, BETTER), (~good, WORSE))]


def legend_html(chart: Chart, lang: str, scenario_label: str) -> str:
    """Line samples for the card: the series' colours, then how each run is drawn."""
    def sample(colour: str, style: str, text: str) -> str:
        return (f'<span style="white-space:nowrap;margin-right:10px"><span style="display:'
                f'inline-block;width:22px;border-top:3px {style} {colour};vertical-align:middle;'
                f'margin-right:4px"></span>{text}</span>')
    single = chart.labels is None
    sides = "" if single else "".join(
        sample(c, "solid", name) for c, name in zip(SERIES_COLOURS, chart.labels(lang))) + " "
    siloed = siloed_colour("#404040", single)
    scenario = SERIES_COLOURS[0] if single else "#404040"
    return (sides + sample(siloed, "dashed", tr(lang, "siloed"))
            + sample(scenario, "solid", scenario_label))
