"""The local institutions as a network: the OPS in the middle, referral flows as edges.

Institutions sit on a circle grouped by sector (a fixed layout: nothing random, nothing moves
between weeks, so the room watches the edges change, not the nodes). PZK members are coloured;
edge width is the number of referrals the OPS sent; misdirected ones are drawn in red on top, on
the same scale. Both twins side by side, the same scale for both.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.dashboard.texts import sector_name, tr
from sim.dashboard.twin import SIDES
from sim.domain import SECTORS

MEMBER, OTHER, OPS_COLOUR = "#01665e", "#c7c7c7", "#542788"
FLOW, ASTRAY = "#6baed6", "#d7301f"
MAX_WIDTH = 14.0
LABEL_WIDTH = 18  # characters per line of a sector's label: long names wrap, never run off


def circle(sector: np.ndarray) -> np.ndarray:
    """Positions on the unit circle, a small gap between sectors so groups read as groups."""
    slots = np.arange(len(sector)) + np.concatenate([[0], np.cumsum(np.diff(sector) != 0)]) * 0.8
    angle = np.pi / 2 - 2 * np.pi * slots / (slots[-1] + 1.8)
    return np.column_stack([np.cos(angle), np.sin(angle)])


class NetworkPicture:
    """A retained figure of both twins' networks; each week only edge widths and captions move."""

    def __init__(self, flows: dict[str, pd.DataFrame], labels: dict[str, str], lang: str):
        self.lang = lang
        self.fig = Figure(figsize=(10, 5.2), dpi=100)
        FigureCanvasAgg(self.fig)
        axes = self.fig.subplots(1, 2, gridspec_kw={"left": 0.01, "right": 0.99, "top": 0.92,
                                                    "bottom": 0.1, "wspace": 0.05})
        self.edges, self.astray, self.captions = {}, {}, {}
        for ax, side in zip(axes, SIDES):
            table = flows[side]
            pos = circle(table["sector"].to_numpy())
            segments = [[(0, 0), p] for p in pos]
            self.edges[side] = ax.add_collection(LineCollection(segments, colors=FLOW, zorder=1))
            self.astray[side] = ax.add_collection(LineCollection(segments, colors=ASTRAY,
                                                                 zorder=2))
            colours = np.where(table["member"], MEMBER, OTHER)
            size = 40 + 360 * table["capacity"] / max(table["capacity"].max(), 1)
            ax.scatter(pos[:, 0], pos[:, 1], s=size, c=colours,
                       edgecolors="white", linewidths=1, zorder=3)
            ax.scatter([0], [0], s=900, c=OPS_COLOUR, zorder=3)
            ax.text(0, 0, tr(lang, "ops"), color="white", ha="center", va="center",
                    fontsize=10, weight="bold", zorder=4)
            self._label_sectors(ax, table["sector"].to_numpy(), pos)
            ax.set_title(labels[side], fontsize=11)
            self.captions[side] = ax.text(0.5, -0.04, "", transform=ax.transAxes, ha="center",
                                          va="top", fontsize=9)
            ax.set_xlim(-2.2, 2.2)
            ax.set_ylim(-1.35, 1.35)
            ax.set_aspect("equal")
            ax.axis("off")
        self.fig.legend(handles=self._legend(), loc="lower center", ncols=4, frameon=False,
                        fontsize=9)

    def _label_sectors(self, ax, sector: np.ndarray, pos: np.ndarray) -> None:
        for s in np.unique(sector):
            x, y = pos[sector == s].mean(axis=0) * 1.25
            ax.text(x, y, textwrap.fill(sector_name(self.lang, SECTORS[s]), LABEL_WIDTH,
                                        break_long_words=False),
                    fontsize=8, va="center", linespacing=1.0,
                    ha="left" if x > 0.15 else "right" if x < -0.15 else "center")

    def _legend(self) -> list:
        def dot(colour, key):
            return Line2D([], [], ls="", marker="o", ms=9, color=colour, label=tr(self.lang, key))
        return [dot(MEMBER, "pzk_member"), dot(OTHER, "not_member"),
                Line2D([], [], color=FLOW, lw=4, label=tr(self.lang, "referrals")),
                Line2D([], [], color=ASTRAY, lw=2, label=tr(self.lang, "misdirected"))]

    def png(self, flows: dict[str, pd.DataFrame]) -> bytes:
        top = max(1, *(int(f["referrals"].max()) for f in flows.values()))
        for side, table in flows.items():
            self.edges[side].set_linewidths(MAX_WIDTH * table["referrals"] / top)
            astray = table["misdirected"]
            self.astray[side].set_linewidths(np.where(astray > 0,
                                                      np.maximum(MAX_WIDTH * astray / top, 1), 0))
            self.captions[side].set_text(tr(self.lang, "network_caption",
                                            sent=int(table["referrals"].sum()),
                                            misdirected=int(astray.sum())))
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png")
        return buf.getvalue()
