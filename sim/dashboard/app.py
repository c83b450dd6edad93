"""The page: controls in the sidebar; the twin's scoreboard, charts, network and family journey.

Only plain Solara components are used: they render offline (Mesa's SolaraViz chart grid does not).
"""

from __future__ import annotations

import solara

from sim.dashboard.charts import CHARTS
from sim.dashboard.controls import Controls
from sim.dashboard.panels import ChartCard, FamilyCard, Header, NetworkCard, Scoreboard
from sim.dashboard.state import lang, play, playing, rebuild, settings, tab, twin, week
from sim.dashboard.texts import tr
from sim.dashboard.twin import Twin


@solara.component
def Page():
    rebuilding = solara.use_thread(rebuild, dependencies=[settings.value],
                                   intrusive_cancel=False)
    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)
    lng, current = lang.value, twin.value
    solara.Title(tr(lng, "title"))
    with solara.Sidebar():
        Controls(lng)
    if rebuilding.error is not None:
        solara.Error(str(rebuilding.error))
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
