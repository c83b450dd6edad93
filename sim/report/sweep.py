"""The sweep's report for researchers: per swept parameter, a table and a figure of each
scenario's effect (or, in a sweep of single runs, each outcome) against the parameter's values,
with 95% intervals. Built from the gathered tables only, as Markdown and self-contained HTML in
the study report's blocks (sim/report/document.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from sim.analysis import sweep as numbers
from sim.i18n import percent
from sim.i18n.names import scenario_name
from sim.manifest import SWEEP_FIGURES
from sim.report import figures
from sim.report.answer import MIN_REPLICATIONS
from sim.report.document import to_html, to_markdown
from sim.report.front import MONEY_OUTCOMES, interval
from sim.report.texts import cell_name, outcome_name, t
from sim.study.config import SCENARIO_NAMES
from sim.study.gather import write_atomic

OUTCOMES_TABLE = "sweep_outcomes.csv"
FIGURE_AXIS = {"mean_difference": "y", "ci_low": "lo", "ci_high": "hi", "n_pairs": "n",
               "mean": "y"}


def build(root: Path, summary: pd.DataFrame, comparison: pd.DataFrame, keys: list[str],
          failed: list[tuple[str, str]], lang: str, own: str) -> dict[str, Path]:
    """Write sweep_report.md, sweep_report.html and sweep_figures/ (and, for single runs, the
    numbers behind them: sweep_outcomes.csv). In a language other than the sweep's own
    (``k3d-report DIR --lang X``) they are written beside: sweep_report.X.md, sweep_figures.X/."""
    suffix = "" if lang == own else f".{lang}"
    figure_dir = root / f"{SWEEP_FIGURES}{suffix}"
    (root / OUTCOMES_TABLE).unlink(missing_ok=True)  # an earlier gathering's: never sealed
    shutil.rmtree(figure_dir, ignore_errors=True)  # as if current
    studies = not comparison.empty
    params = numbers.swept(summary, keys, studies) if not summary.empty else []
    blocks: list[tuple] = [("h1", t(lang, "sweep_title"))]
    shown = ", ".join(f"{p} ({', '.join(map(str, numbers.ordered(summary[p])))})"
                      for p in params) or "—"
    jobs = summary["job"].nunique() if not summary.empty else 0
    base = ""
    if studies:
        table = numbers.effects(comparison, params)
        baseline = table["baseline"].iloc[0] if len(table) else ""
        base = scenario_name(lang, baseline, short=True)
        blocks.append(("p", t(lang, "sweep_studies", jobs=jobs, root=str(root), baseline=base,
                              params=shown)))
    else:
        table = numbers.outcomes(_presets_first(summary), params) if params else pd.DataFrame()
        if params:
            write_atomic(table, root / OUTCOMES_TABLE)
        blocks.append(("p", t(lang, "sweep_runs", jobs=jobs, root=str(root), params=shown)))
    if failed:
        blocks += [("h2", t(lang, "sweep_failed")), ("ul", [f"{n}: {e}" for n, e in failed])]
    if not params:
        blocks.append(("p", t(lang, "sweep_none")))
    figs = {}
    cells = ["cell"] if studies and table["cell"].nunique() > 1 else []
    scenarios = list(dict.fromkeys(table["scenario"])) if len(table) else []
    for param in params:
        held = [p for p in params if p != param] + cells
        part = numbers.sort_by(table, [*held, param])
        blocks.append(("h2", t(lang, "sweep_against", param=param)))
        if held:
            blocks.append(("p", t(lang, "sweep_held", held=", ".join(held))))
        blocks.append(("p", t(lang, "sweep_effect_text", baseline=base) if studies
                       else t(lang, "sweep_outcome_text")))
        blocks.append(("table", _effect_table(part, [*held, param], lang) if studies
                       else _outcome_table(part, [*held, param], lang)))
        data = part.rename(columns=FIGURE_AXIS)
        if cells:
            data = data.assign(cell=data["cell"].map(lambda c: cell_name(lang, c)))
        title = (t(lang, "fig_sweep_effect", param=param, baseline=base) if studies
                 else t(lang, "fig_sweep_outcome", param=param))
        path = figure_dir / f"{_file_name(param)}.png"
        figs[param] = figures.against(data, param, held, scenarios, lang, path, title,
                                      t(lang, "sweep_axis", baseline=base) if studies else None)
        blocks.append(("img", path, title))
        if (data["n"] < MIN_REPLICATIONS).any():
            blocks.append(("note", t(lang, "sweep_open")))
    if not summary.empty:
        listing = summary.drop_duplicates("job")[["job", *params]]
        blocks += [("h2", t(lang, "sweep_jobs")),
                   ("table", listing.rename(columns={"job": t(lang, "job")}))]
    md, html = root / f"sweep_report{suffix}.md", root / f"sweep_report{suffix}.html"
    md.write_text(to_markdown(blocks, root))
    html.write_text(to_html(blocks, lang))
    return {"report_md": md, "report_html": html, **figs}


def _presets_first(summary: pd.DataFrame) -> pd.DataFrame:
    """Runs in the order of the scenario presets (siloed first), not of the jobs' names."""
    return summary.sort_values("scenario", kind="stable", key=lambda col: col.map(
        lambda s: SCENARIO_NAMES.index(s) if s in SCENARIO_NAMES else len(SCENARIO_NAMES)))


def _file_name(param: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in param)


def _labels(part: pd.DataFrame, keys: list[str], lang: str) -> dict[str, pd.Series]:
    """The swept values (and the study cell, named) as the table's first columns."""
    return {(t(lang, "cell") if k == "cell" else k):
            part[k].map(lambda c: cell_name(lang, c)) if k == "cell" else part[k] for k in keys}


def _effect_table(part: pd.DataFrame, keys: list[str], lang: str) -> pd.DataFrame:
    shown = [interval(lang, r.mean_difference, r.ci_low, r.ci_high, int(r.n_pairs),
                      r.outcome in MONEY_OUTCOMES) for r in part.itertuples()]
    return pd.DataFrame({
        **_labels(part, keys, lang),
        t(lang, "scenario"): part["scenario"].map(lambda s: scenario_name(lang, s, short=True)),
        t(lang, "outcome"): part["outcome"].map(lambda o: outcome_name(lang, o)),
        t(lang, "difference"): [d for d, _ in shown],
        t(lang, "ci"): [ci for _, ci in shown],
        t(lang, "prob_better"): part["prob_better"].map(lambda x: percent(x, lang)),
    })


def _outcome_table(part: pd.DataFrame, keys: list[str], lang: str) -> pd.DataFrame:
    shown = [interval(lang, r.mean, r.ci_low, r.ci_high, int(r.n), r.outcome in MONEY_OUTCOMES,
                      sign=False) for r in part.itertuples()]
    return pd.DataFrame({
        **_labels(part, keys, lang),
        t(lang, "scenario"): part["scenario"].map(lambda s: scenario_name(lang, s, short=True)),
        t(lang, "outcome"): part["outcome"].map(lambda o: outcome_name(lang, o)),
        t(lang, "mean"): [m for m, _ in shown],
        t(lang, "ci"): [ci for _, ci in shown],
        t(lang, "runs"): part["n"],
    })
