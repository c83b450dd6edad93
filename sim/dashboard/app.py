"""The page: controls in the sidebar; the twin's scoreboard, charts, network and family journey.

Only plain Solara components are used: they render offline (Mesa's SolaraViz chart grid does not).
"""

from __future__ import annotations

import solara

from sim.dashboard.charts import CHARTS
from sim.dashboard.controls import Controls, RunButtons
from sim.dashboard.panels import ChartCard, FamilyCard, Header, NetworkCard, Scoreboard
from sim.dashboard.state import lang, play, playing, present, rebuild, settings, tab, twin, week
from sim.dashboard.texts import tr
from sim.dashboard.twin import Twin

# Presentation mode, for a 1366×768 projector: larger text, three charts a row that fit the
# screen below the scoreboard, the run buttons in the header instead of the sidebar.
PROJECTOR_CSS = """
.k3d-present, .k3d-present .v-card__text, .k3d-present .v-tab { font-size: 1.25rem; }
.k3d-present .v-btn { font-size: 1.05rem; }
.k3d-present h2 { font-size: 1.8rem; }
.k3d-present .k3d-chart img { max-height: calc(100vh - 330px); object-fit: contain; }
"""


@solara.component
def Page():
    rebuilding = solara.use_thread(rebuild, dependencies=[settings.value],
                                   intrusive_cancel=False)
    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)
    lng, current = lang.value, twin.value
    solara.Title(tr(lng, "title"))
    solara.Style(PROJECTOR_CSS)
    if not present.value:
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
    wk, big = week.value, present.value
    columns = "repeat(3, minmax(0, 1fr))" if big else "repeat(auto-fill, minmax(320px, 1fr))"
    with solara.Column(gap="8px", style={"padding": "0 8px"},
                       classes=["k3d-present"] if big else []):
        Header(lng, current, wk, rebuilding, RunButtons if big else None)
        Scoreboard(lng, current, wk)
        with solara.lab.Tabs(value=tab, lazy=True):
            with solara.lab.Tab(tr(lng, "tab_time")):
                with solara.Div(style={"display": "grid", "gap": "8px", "padding": "4px",
                                       "grid-template-columns": columns}):
                    for chart in CHARTS:
                        ChartCard(chart, current, wk, lng, big)
            with solara.lab.Tab(tr(lng, "tab_network")):
                NetworkCard(current, wk, lng)
            with solara.lab.Tab(tr(lng, "tab_family")):
                FamilyCard(current, wk, lng)
