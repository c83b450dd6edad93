"""What changes with the week: header, scoreboard, charts, network and a family's journey.

Every figure is drawn on the drawing thread and memoised on the twin and the week, so a render
that is not a new week (a language switch aside) draws nothing.
"""

from __future__ import annotations

import solara

from sim.dashboard.charts import (
    DESK,
    PROJECTOR,
    SERIES_COLOURS,
    SILOED_COLOUR,
    Chart,
    TimeChart,
    legend_html,
)
from sim.dashboard.drawing import on_drawing_thread
from sim.dashboard.journey import journey_png
from sim.dashboard.network import NetworkPicture
from sim.dashboard.state import family, lang, present, show_present
from sim.dashboard.texts import LANGS, municipality_name, scenario_name, tr
from sim.dashboard.twin import SIDES, Twin
from sim.i18n import number

GREEN, RED, GREY = "#1a9850", "#d73027", "#555"
SIDE_COLOURS = {"siloed": SILOED_COLOUR, "scenario": SERIES_COLOURS[0]}  # as in the charts


def names(lng: str, current: Twin) -> dict[str, str]:
    """Short labels of the two sides, for legends."""
    return {"siloed": tr(lng, "siloed"),
            "scenario": scenario_name(lng, current.settings.scenario, short=True)}


@solara.component
def Header(lng: str, current: Twin, wk: int, rebuilding: bool, buttons=None):
    """The week, the run buttons in presentation mode, the language and the mode switch."""
    with solara.Row(justify="space-between", style={"align-items": "center",
                                                    "flex-wrap": "wrap"}):
        with solara.Row(style={"align-items": "center"}, classes=["k3d-header"]):
            solara.HTML("h2", tr(lng, "week_of", week=wk, weeks=current.weeks),
                        style="margin:0")
            if buttons is not None:
                buttons(lng)
        with solara.Row(style={"align-items": "center"}):
            solara.Switch(label=tr(lng, "present"), value=present.value, on_value=show_present)
            solara.Text(tr(lng, "language"))
            solara.ToggleButtonsSingle(value=lang, values=list(LANGS), dense=True)
    if not present.value:
        solara.Text(tr(lng, "twin_note", scenario=scenario_name(lng, current.settings.scenario),
                       place=municipality_name(lng, current.settings.municipality),
                       seed=current.settings.seed), style={"color": GREY})
    if rebuilding:
        solara.ProgressLinear(True)


SCORES = (  # text key, weekly column, +1 if more is better, decimals
    ("score_exits", "exits_cum", +1, 0),
    ("score_crises", "crises_cum", -1, 0),
    ("score_hidden", "hidden_needs", -1, 0),
    ("score_cost", "cost_mln", -1, 2),
)


@solara.component
def Scoreboard(lng: str, current: Twin, wk: int):
    """The four numbers a trainer reads aloud: siloed, scenario, difference (green = better)."""
    frames = {side: current.weekly(side) for side in SIDES}
    label = names(lng, current)
    with solara.Row(gap="8px", style={"flex-wrap": "wrap"}):
        for key, column, better, digits in SCORES:
            if frames["scenario"].empty:
                values, diff = ("–", "–"), "–"
            else:
                a, b = (float(frames[side][column].iloc[-1]) for side in SIDES)
                colour = GREEN if (b - a) * better > 0 else RED if b != a else GREY
                values = (number(a, lng, digits), number(b, lng, digits))
                diff = f'<b style="color:{colour}">{number(b - a, lng, digits, sign=True)}</b>'
            with solara.Card(margin=0, style={"min-width": "190px", "flex": "1"}):
                solara.HTML("div", f"<b>{tr(lng, key)}</b>")
                solara.HTML("div", " &nbsp; ".join(
                    f'<span style="color:{SIDE_COLOURS[side]}">{label[side]}</span>: {value}'
                    for side, value in zip(SIDES, values)),
                    style=f"font-size:0.85em;color:{GREY}")
                solara.HTML("div", f"{tr(lng, 'difference')}: {diff}", classes=["k3d-diff"],
                            style="font-size:1.3em")


@solara.component
def ChartCard(chart: Chart, current: Twin, wk: int, lng: str, big: bool = False):
    view = solara.use_memo(
        lambda: on_drawing_thread(TimeChart, chart, lng, current.weeks, PROJECTOR if big else DESK),
        [chart.key, lng, current.weeks, big])
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
        solara.Image(png, width="min(100%, 1100px)", classes=["k3d-network"])


@solara.component
def FamilyCard(current: Twin, wk: int, lng: str):
    row = min(max(family.value, 0), current.families - 1)
    model = current.models["scenario"]
    journeys = {side: current.journey(side, row) for side in SIDES}
    label = names(lng, current)
    png = solara.use_memo(
        lambda: on_drawing_thread(journey_png, journeys, model.state.institutions.sector,
                                  current.weeks, model.cfg.behaviour.needs.problem_threshold,
                                  label, lng),
        [current, wk, row, lng])
    fam = model.state.families
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
        solara.Image(png, width="min(100%, 1000px)", classes=["k3d-journey"])
