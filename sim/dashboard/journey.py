"""A family's journey in both twins: its needs week by week, who served it, its crises and exits.

The same family (row) meets the same life events in both runs, so the two columns tell one
family's story with and without cooperation.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.dashboard.texts import crisis_name, need_name, sector_name, tr
from sim.dashboard.twin import SIDES, Journey
from sim.domain import CRISES, NEEDS, SECTORS
from sim.i18n import localise_axes

NEED_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#d62728", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf")
CRISIS_COLOUR, EXIT_COLOUR = "#b2182b", "#1a9850"
CRISIS_MARKERS = dict(zip(CRISES, ("v", "s", "D", "P")))
MOVE_STYLE = {"exit": {"color": EXIT_COLOUR, "ls": "--"},
              "reentry": {"color": "grey", "ls": ":"}}


def journey_png(journeys: dict[str, Journey], sector_of: np.ndarray, weeks: int,
                threshold: float, labels: dict[str, str], lang: str) -> bytes:
    """Two columns (siloed, scenario); needs above, services below."""
    fig = Figure(figsize=(10, 5.6), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 2, sharex=True, height_ratios=(1.3, 1),
                        gridspec_kw={"left": 0.16, "right": 0.99, "top": 0.94, "bottom": 0.2,
                                     "hspace": 0.12, "wspace": 0.4})
    shown = [i for i in range(len(NEEDS))
             if any(np.nan_to_num(j.needs[:, i]).max() > threshold for j in journeys.values())]
    for col, side in enumerate(SIDES):
        needs_ax, services_ax = axes[:, col]
        journey = journeys[side]
        needs_ax.set_title(labels[side], fontsize=11)
        _needs(needs_ax, journey, shown, threshold, lang)
        _services(services_ax, journey, sector_of, lang)
        services_ax.set_xlim(0, weeks)
        services_ax.set_xlabel(tr(lang, "week"), fontsize=8)
    axes[0, 0].set_ylabel(tr(lang, "family_needs"), fontsize=9)
    axes[1, 0].set_ylabel(tr(lang, "family_services"), fontsize=9)
    fig.legend(handles=_legend(journeys, shown, lang), loc="lower center", ncols=6,
               bbox_to_anchor=(0.5, 0.03), frameon=False, fontsize=8)
    fig.text(0.5, 0.005, tr(lang, "waiting"), ha="center", va="bottom", fontsize=8,
             color="dimgrey")
    localise_axes(fig, lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _legend(journeys: dict[str, Journey], shown: list[int], lang: str) -> list[Line2D]:
    """The needs drawn, the threshold, and only the crises and moves that happened."""
    handles = [Line2D([], [], color=NEED_COLOURS[i], lw=2, label=need_name(lang, NEEDS[i]))
               for i in shown]
    handles.append(Line2D([], [], color="grey", ls=":", label=tr(lang, "threshold")))
    crises = {kind for j in journeys.values() for _, kind in j.crises}
    handles += [Line2D([], [], ls="", marker=CRISIS_MARKERS[c], color=CRISIS_COLOUR,
                       label=crisis_name(lang, c)) for c in CRISES if c in crises]
    moves = {kind for j in journeys.values() for _, kind in j.moves}
    handles += [Line2D([], [], lw=1.5, label=tr(lang, m), **MOVE_STYLE[m])
                for m in MOVE_STYLE if m in moves]
    return handles


def _needs(ax, journey: Journey, shown: list[int], threshold: float, lang: str) -> None:
    weeks = np.arange(len(journey.needs))
    marker = "o" if len(weeks) == 1 else None  # week 0: a line of one point would not show
    for i in shown:
        ax.plot(weeks, journey.needs[:, i], color=NEED_COLOURS[i], lw=1.6, marker=marker)
    ax.axhline(threshold, color="grey", ls=":", lw=1)
    ax.set_ylim(0, 1.1)
    for week, kind in journey.crises:
        ax.axvline(week, color=CRISIS_COLOUR, lw=0.8, alpha=0.5)
        ax.plot(week, 1.05, marker=CRISIS_MARKERS[kind], color=CRISIS_COLOUR, ms=7)
    for week, kind in journey.moves:
        ax.axvline(week, lw=1.5, **MOVE_STYLE[kind])
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3, lw=0.5)


def _services(ax, journey: Journey, sector_of: np.ndarray, lang: str) -> None:
    """One row per institution the family met; bars from referral to service to closing."""
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3, lw=0.5, axis="x")
    services = journey.services
    if services.empty:
        ax.text(0.5, 0.5, tr(lang, "no_services"), ha="center", va="center",
                transform=ax.transAxes, color="grey")
        ax.set_yticks([])
        return
    places = sorted(services["institution"].unique())
    row = {inst: k for k, inst in enumerate(places)}
    now = len(journey.needs) - 1
    for ref in services.itertuples():
        y = row[ref.institution]
        end = ref.week_closed if ref.week_closed >= 0 else now
        colour = NEED_COLOURS[NEEDS.index(ref.need)]
        if ref.misdirected or ref.outcome == "refused":
            ax.plot(ref.week_created, y, marker="x", color=CRISIS_COLOUR if ref.misdirected
                    else "grey", ms=6)
            continue
        started = ref.week_started if ref.week_started >= 0 else end
        ax.plot([ref.week_created, started], [y, y], color=colour, lw=1, alpha=0.7)
        if ref.week_started >= 0:
            ax.barh(y, max(end - started, 0.6), left=started, height=0.55, color=colour)
    ax.set_yticks(range(len(places)), [_institution(lang, sector_of, i) for i in places])
    ax.set_ylim(len(places) - 0.5, -0.5)


def _institution(lang: str, sector_of: np.ndarray, i: int) -> str:
    """'schools 2': the sector's name, numbered when the sector has several institutions."""
    same = np.flatnonzero(sector_of == sector_of[i])
    name = sector_name(lang, SECTORS[sector_of[i]])
    return f"{name} {int(np.searchsorted(same, i)) + 1}" if len(same) > 1 else name
