"""The sidebar: run buttons, presets, seed and the knobs of the three dimensions."""

from __future__ import annotations

from dataclasses import replace

import solara

from sim.configure import options
from sim.dashboard.state import SPEEDS, playing, reset, settings, speed, step, twin, week
from sim.dashboard.texts import municipality_name, scenario_name, tr
from sim.dashboard.twin import KNOBS, Knob, Settings, preset
from sim.i18n import short

GREY = "#555"
SIDEBAR = {"max-width": "340px"}  # wider, it would run under the page (Solara's fixed offset)


@solara.component
def Controls(lng: str):
    chosen = settings.value
    scenarios = {scenario_name(lng, s): s for s in options("scenario")}
    places = {municipality_name(lng, m): m for m in options("municipality")}
    with solara.Column(gap="0px", style=SIDEBAR):
        solara.HTML("h3", tr(lng, "run"))
        RunButtons(lng)
        solara.HTML("h3", tr(lng, "setup"))
        solara.Select(tr(lng, "scenario"), values=list(scenarios),
                      value=scenario_name(lng, chosen.scenario),
                      on_value=lambda v: settings.set(replace(settings.value,
                                                              scenario=scenarios[v])))
        solara.Select(tr(lng, "municipality"), values=list(places),
                      value=municipality_name(lng, chosen.municipality),
                      on_value=lambda m: settings.set(settings.value.place(places[m])))
        solara.InputInt(tr(lng, "seed"), value=chosen.seed,
                        on_value=lambda s: settings.set(replace(settings.value, seed=max(s, 0))))
        solara.HTML("h3", tr(lng, "knobs"))
        for knob in KNOBS:
            KnobSlider(knob, chosen, lng)
        solara.Text(tr(lng, "replay"), style={"color": GREY, "font-size": "0.85em"})


@solara.component
def RunButtons(lng: str):
    current = twin.value
    running = current is not None and week.value < current.weeks  # off at the last week
    with solara.Row(gap="4px"):
        solara.Button(tr(lng, "step"), on_click=lambda: step(),
                      disabled=playing.value or not running,
                      color="primary")
        if playing.value:
            solara.Button(tr(lng, "pause"), on_click=lambda: playing.set(False), color="primary")
        else:
            solara.Button(tr(lng, "play"), on_click=lambda: playing.set(True),
                          disabled=not running, color="primary")
        solara.Button(tr(lng, "reset"), on_click=reset, outlined=True)
    with solara.Column(gap="0px"):  # label above: a long label beside it widened the sidebar
        solara.Text(tr(lng, "speed"), style={"font-size": "0.85em"})
        solara.ToggleButtonsSingle(value=speed, values=list(SPEEDS), dense=True)


@solara.component
def KnobSlider(knob: Knob, chosen: Settings, lng: str):
    used = chosen.uses(knob)
    value = chosen.value(knob)
    shown = short(value, lng)
    if not used:
        shown += f" ({tr(lng, 'not_used')})"
    elif knob.key == "municipality.social_workers":
        families = preset(chosen.municipality, chosen.scenario).municipality.initial_families
        shown += f" ({tr(lng, 'per_worker', n=families / value)})"
    solara.HTML("div", f"{tr(lng, f'knob_{knob.name}')}: <b>{shown}</b>",
                style=f"font-size:0.85em;margin-top:6px;color:{'#222' if used else '#999'}")
    low, high = chosen.bounds(knob)
    slider = solara.SliderInt if knob.integer else solara.SliderFloat
    slider("", value=value, min=low, max=high, step=knob.step, disabled=not used,
           on_value=lambda v: settings.set(settings.value.move(knob, v)))
