"""Report sections that belong to one kind of experiment (pilot power, sensitivity, roll-out,
discovery)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def build(root: Path, study: dict, summary: pd.DataFrame, lang: str) -> list[tuple]:
    kind = study.get("kind")
    if kind == "pilot":
        from sim.report.experiments import pilot

        return pilot(root, study, lang)
    if kind == "sensitivity":
        from sim.report.experiments import drivers

        return drivers(root, study, summary, lang)
    if kind in ("rollout", "discovery"):
        from sim.report.regional import build as regional

        return regional(root, study, lang)
    return []
