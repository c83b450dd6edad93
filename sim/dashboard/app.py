"""The page: controls in the sidebar; the twin's scoreboard, charts, network and family journey.

State lives in reactive variables, which Solara keeps per browser tab, so two trainers on one
server do not share a simulation. A step changes the twin in place and bumps ``week``, the
variable every picture depends on; a changed setting builds a new twin in a background thread
(replaying to the current week), so a dragged slider never blocks the page. Only plain Solara
components are used: they render offline (Mesa's SolaraViz chart grid does not).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from typing import cast

import solara

from sim.configure import options
from sim.dashboard.charts import CHARTS, Chart, TimeChart, legend_html
from sim.dashboard.cli import LANG_ENV
from sim.dashboard.drawing import on_drawing_thread
from sim.dashboard.journey import journey_png
from sim.dashboard.network import NetworkPicture
from sim.dashboard.texts import LANGS, scenario_name, tr
from sim.dashboard.twin import KNOBS, SIDES, Knob, Settings, Twin, preset

PLAY_PAUSE = 0.05  # seconds between played weeks, so the room can follow
GREEN, RED, GREY = "#1a9850", "#d73027", "#555"

lang = solara.reactive(os.environ.get(LANG_ENV, "en"))
settings = solara.reactive(Settings())
twin = solara.reactive(cast(Twin | None, None))
week = solara.reactive(0)
playing = solara.reactive(False)
family = solara.reactive(0)
tab = solara.reactive(0)


def step() -> None:
    current = twin.value
    if current is not None:
        current.step()
        week.set(current.week)


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
        step()
        time.sleep(PLAY_PAUSE)


def names(lng: str, current: Twin) -> dict[str, str]:
    """Short labels of the two sides, for legends."""
    return {"siloed": tr(lng, "siloed"),
            "scenario": scenario_name(lng, current.settings.scenario, short=True)}


@solara.component
def Page():
    rebuilding = solara.use_thread(rebuild, dependencies=[settings.value],
                                   intrusive_cancel=False)
    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)
    lng, current = lang.value, twin.value
    solara.Title(tr(lng, "title"))
    with solara.Sidebar():
        Controls(lng)
    if current is None:
        solara.ProgressLinear(True)
    else:
        Dashboard(lng, current, rebuilding.state == solara.ResultState.RUNNING)


@solara.component
def Dashboard(lng: str, current: Twin, rebuilding: bool):
    """Everything that changes with the week (the sidebar does not, so it is not redrawn)."""
    wk = week.value
    with solara.Column(gap="8px", style={"padding": "0 8px"}):
        Header(lng, current, wk, rebuilding)
        Scoreboard(lng, current, wk)
        with solara.lab.Tabs(value=tab, lazy=True):
            with solara.lab.Tab(tr(lng, "tab_time")):
                with solara.Div(style={"display": "grid", "gap": "8px", "padding": "4px",
                                       "grid-template-columns":
                                       "repeat(auto-fill, minmax(320px, 1fr))"}):
                    for chart in CHARTS:
                        ChartCard(chart, current, wk, lng)
            with solara.lab.Tab(tr(lng, "tab_network")):
                NetworkCard(current, wk, lng)
            with solara.lab.Tab(tr(lng, "tab_family")):
                FamilyCard(current, wk, lng)


@solara.component
def Header(lng: str, current: Twin, wk: int, rebuilding: bool):
    with solara.Row(justify="space-between", style={"align-items": "center"}):
        solara.HTML("h2", tr(lng, "week_of", week=wk, weeks=current.weeks),
                    classes=["k3d-week"], style="margin:0")
        with solara.Row(style={"align-items": "center"}):
            solara.Text(tr(lng, "language"))
            solara.ToggleButtonsSingle(value=lang, values=list(LANGS), dense=True)
    solara.Text(tr(lng, "twin_note", scenario=scenario_name(lng, current.settings.scenario),
                   seed=current.settings.seed), style={"color": GREY})
    solara.ProgressLinear(rebuilding)


SCORES = (  # text key, weekly column, +1 if more is better, format
    ("score_exits", "exits_cum", +1, "{:,.0f}"),
    ("score_crises", "crises_cum", -1, "{:,.0f}"),
    ("score_hidden", "hidden_needs", -1, "{:,.0f}"),
    ("score_cost", "cost_mln", -1, "{:,.2f}"),
)


@solara.component
def Scoreboard(lng: str, current: Twin, wk: int):
    """The four numbers a trainer reads aloud: siloed, scenario, difference (green = better)."""
    frames = {side: current.weekly(side) for side in SIDES}
    label = names(lng, current)
    with solara.Row(gap="8px", style={"flex-wrap": "wrap"}):
        for key, column, better, fmt in SCORES:
            if frames["scenario"].empty:
                values, diff = ("–", "–"), "–"
            else:
                a, b = (float(frames[side][column].iloc[-1]) for side in SIDES)
                colour = GREEN if (b - a) * better > 0 else RED if b != a else GREY
                values = (fmt.format(a), fmt.format(b))
                diff = f'<b style="color:{colour}">{"+" if b > a else ""}{fmt.format(b - a)}</b>'
            with solara.Card(margin=0, style={"min-width": "190px", "flex": "1"}):
                solara.HTML("div", f"<b>{tr(lng, key)}</b>")
                solara.HTML("div", f"{label['siloed']}: {values[0]} &nbsp; "
                                   f"{label['scenario']}: {values[1]}",
                            style=f"font-size:0.85em;color:{GREY}")
                solara.HTML("div", f"{tr(lng, 'difference')}: {diff}", classes=["k3d-diff"],
                            style="font-size:1.3em")


@solara.component
def ChartCard(chart: Chart, current: Twin, wk: int, lng: str):
    view = solara.use_memo(lambda: on_drawing_thread(TimeChart, chart, lng, current.weeks),
                           [chart.key, lng, current.weeks])
    png = solara.use_memo(
        lambda: on_drawing_thread(view.png, {side: current.weekly(side) for side in SIDES}),
        [view, current, wk])
    with solara.Card(margin=0, classes=["k3d-chart"]):
        solara.HTML("div", tr(lng, f"chart_{chart.key}"), style="font-weight:500")
        solara.HTML("div", legend_html(chart, lng, names(lng, current)["scenario"]),
                    style="font-size:0.8em")
        solara.Image(png, width="100%")


@solara.component
def NetworkCard(current: Twin, wk: int, lng: str):
    flows = {side: current.flows(side) for side in SIDES}
    picture = solara.use_memo(
        lambda: on_drawing_thread(NetworkPicture, flows, names(lng, current), lng),
        [current, lng])
    png = solara.use_memo(lambda: on_drawing_thread(picture.png, flows), [picture, wk])
    with solara.Card(margin=0):
        solara.HTML("div", tr(lng, "network_title"), style="font-weight:500")
        solara.Image(png, width="100%", classes=["k3d-network"])


@solara.component
def FamilyCard(current: Twin, wk: int, lng: str):
    row = min(family.value, current.families - 1)
    model = current.models["scenario"]
    journeys = {side: current.journey(side, row) for side in SIDES}
    label = names(lng, current)
    png = solara.use_memo(
        lambda: on_drawing_thread(journey_png, journeys, model.institutions.sector,
                                  current.weeks, model.cfg.behaviour.needs.problem_threshold,
                                  label, lng),
        [current, wk, row, lng])
    fam = model.families
    with solara.Card(margin=0):
        with solara.Row(style={"align-items": "center"}):
            solara.InputInt(tr(lng, "family"), value=row, on_value=family.set,
                            style={"max-width": "140px"})
            solara.Button(tr(lng, "telling"), outlined=True,
                          on_click=lambda: family.set(current.telling_family()))
        solara.HTML("div", tr(lng, "family_about", row=row, size=int(fam.size[row]),
                              kids=tr(lng, "kids") if fam.children[row] else "",
                              senior=tr(lng, "senior") if fam.senior[row] else "",
                              entered=int(fam.entered_week[row])))
        for side in SIDES:
            j = journeys[side]
            solara.HTML("div", tr(lng, "family_status", side=label[side], crises=len(j.crises),
                                  exits=sum(kind == "exit" for _, kind in j.moves),
                                  status=tr(lng, j.status)))
        solara.Image(png, width="100%", classes=["k3d-journey"])


@solara.component
def Controls(lng: str):
    chosen = settings.value
    scenarios = {scenario_name(lng, s): s for s in options("scenario")}
    solara.HTML("h3", tr(lng, "run"))
    RunButtons(lng)
    solara.HTML("h3", tr(lng, "setup"))
    solara.Select(tr(lng, "scenario"), values=list(scenarios),
                  value=scenario_name(lng, chosen.scenario),
                  on_value=lambda v: settings.set(replace(settings.value, scenario=scenarios[v])))
    solara.Select(tr(lng, "municipality"), values=options("municipality"),
                  value=chosen.municipality,
                  on_value=lambda m: settings.set(settings.value.place(m)))
    solara.InputInt(tr(lng, "seed"), value=chosen.seed,
                    on_value=lambda s: settings.set(replace(settings.value, seed=s)))
    solara.HTML("h3", tr(lng, "knobs"))
    for knob in KNOBS:
        KnobSlider(knob, chosen, lng)
    solara.Text(tr(lng, "replay"), style={"color": GREY, "font-size": "0.85em"})


@solara.component
def RunButtons(lng: str):
    week.value  # noqa: B018 -- redrawn each week: Step and Play switch off at the last week
    current = twin.value
    running = current is not None and current.running
    with solara.Row(gap="4px"):
        solara.Button(tr(lng, "step"), on_click=step, disabled=playing.value or not running,
                      color="primary")
        if playing.value:
            solara.Button(tr(lng, "pause"), on_click=lambda: playing.set(False), color="primary")
        else:
            solara.Button(tr(lng, "play"), on_click=lambda: playing.set(True),
                          disabled=not running, color="primary")
        solara.Button(tr(lng, "reset"), on_click=reset, outlined=True)


@solara.component
def KnobSlider(knob: Knob, chosen: Settings, lng: str):
    used = chosen.uses(knob)
    value = chosen.value(knob)
    shown = f"{value:g}"
    if not used:
        shown += f" ({tr(lng, 'not_used')})"
    elif knob.key == "municipality.social_workers":
        families = preset(chosen.municipality, chosen.scenario).municipality.initial_families
        shown += f" ({tr(lng, 'per_worker', n=families / value)})"
    solara.HTML("div", f"{tr(lng, f'knob_{knob.name}')}: <b>{shown}</b>",
                style=f"font-size:0.85em;margin-top:6px;color:{'#222' if used else '#999'}")
    slider = solara.SliderInt if knob.integer else solara.SliderFloat
    slider("", value=value, min=knob.low, max=knob.high, step=knob.step, disabled=not used,
           on_value=lambda v: settings.set(settings.value.move(knob, v)))
