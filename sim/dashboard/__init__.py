"""Workshop dashboard (``k3d-dashboard``): the siloed system and a scenario side by side, live.

A Solara app built from plain components (Mesa's SolaraViz chart grid does not render offline,
see ../shared/design/stack.md); matplotlib draws every chart to a PNG, so nothing comes from a CDN.
"""
