"""Seconds for one dashboard step: both twins step once and every chart is redrawn as PNG.

Timing lives here, not in the tests (timed assertions flake on shared machines).
Run: .venv/bin/python benchmarks/dashboard_step.py
"""

from __future__ import annotations

import time
from statistics import median

import matplotlib

matplotlib.use("Agg")

from sim.dashboard.charts import CHARTS, TimeChart  # noqa: E402
from sim.dashboard.twin import SIDES, Settings, Twin  # noqa: E402

WARM_UP, TIMED = 20, 10


def main() -> None:
    twin = Twin(Settings())
    charts = [TimeChart(chart, "pl", twin.weeks) for chart in CHARTS]
    for _ in range(WARM_UP):
        twin.step()
    seconds = []
    for _ in range(TIMED):
        start = time.perf_counter()
        twin.step()
        frames = {side: twin.weekly(side) for side in SIDES}
        for chart in charts:
            chart.png(frames)
        seconds.append(time.perf_counter() - start)
    print(f"dashboard step and redraw of {len(charts)} charts: median {median(seconds):.3f} s, "
          f"max {max(seconds):.3f} s over {TIMED} steps")


if __name__ == "__main__":
    main()
