"""The study report: a plain-language summary, tables, figures, configuration, provenance.

Built from stored tables only (``study.json``, ``summary.csv``, ``runs.parquet``), so
``k3d-report DIR`` rebuilds it without simulating. Written as Markdown and as self-contained HTML
(figures embedded).
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import pandas as pd

from sim.analysis.compare import OUTCOMES, contrast, paired
from sim.analysis.drivers import DRIVER_OUTCOMES, drivers
from sim.analysis.drivers import top as driver_top
from sim.report import extras, figures
from sim.report.texts import outcome_name, t
from sim.study.gather import write_atomic
from sim.study.plan import CASELOAD_KEY, cell_label
from sim.study.plan import cells as plan_cells

GRID_OUTCOMES = ("exits_to_independence", "crises_total", "hours_coordination", "cost_per_exit")
SUMMARY_OUTCOMES = ("exits_to_independence", "crises_total", "mean_need",
                    "revealed_unserved_share", "mean_wait_weeks", "duplicate_service_weeks",
                    "hours_coordination", "cost_total", "cost_per_exit")


def _num(x: float) -> str:
    if pd.isna(x):
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.2f}"
    return f"{x:.3f}"


def summary_lines(comparison: pd.DataFrame, study: dict, lang: str, cell: str = "base",
                  outcomes: tuple[str, ...] = SUMMARY_OUTCOMES) -> list[tuple[str, list[str]]]:
    """Per scenario, sentences an analyst can paste into a memo."""
    out = []
    base = study["baseline"]
    for scenario in [s for s in study["scenarios"] if s != base]:
        rows = comparison[(comparison["scenario"] == scenario) & (comparison["cell"] == cell)]
        rows = rows.set_index("outcome")
        lines = []
        for o in outcomes:
            if o not in rows.index:
                continue
            r = rows.loc[o]
            name = outcome_name(lang, o)
            if not r["distinguishable"]:
                lines.append(t(lang, "unchanged", outcome=name, lo=_num(r["ci_low"]),
                               hi=_num(r["ci_high"]), pb=_pct(r["prob_better"])))
                continue
            good = OUTCOMES[o] == 0 or (r["mean_difference"] > 0) == (OUTCOMES[o] > 0)
            pct = (f"{100 * r['relative_change']:+.1f}%" if pd.notna(r["relative_change"])
                   else "n/a")
            lines.append(t(lang, "bullet", outcome=name,
                           direction=t(lang, "up" if r["mean_difference"] > 0 else "down"),
                           abs_diff=_num(abs(r["mean_difference"])), pct=pct,
                           lo=_num(r["ci_low"]), hi=_num(r["ci_high"]),
                           pb=_pct(r["prob_better"]), flag=t(lang, "better" if good else "worse")))
        out.append((t(lang, "vs", baseline=base, scenario=scenario), lines))
    return out


def _table(comparison: pd.DataFrame, baseline: str, lang: str) -> pd.DataFrame:
    c = comparison[comparison["scenario"] != baseline]
    cells = {"cell": c["cell"]} if c["cell"].nunique() > 1 else {}
    return pd.DataFrame({
        **cells,
        t(lang, "scenario"): c["scenario"],
        t(lang, "outcome"): c["outcome"].map(lambda o: outcome_name(lang, o)),
        t(lang, "baseline_mean"): c["baseline_mean"].map(_num),
        t(lang, "scenario_mean"): c["scenario_mean"].map(_num),
        t(lang, "difference"): c["mean_difference"].map(_num),
        t(lang, "ci"): [f"{_num(a)} … {_num(b)}" for a, b in zip(c["ci_low"], c["ci_high"])],
        t(lang, "change"): c["relative_change"].map(
            lambda x: "n/a" if pd.isna(x) else f"{100 * x:+.1f}%"),
        t(lang, "prob_better"): c["prob_better"].map(_pct),
    })


def build(root: Path, lang: str | None = None) -> dict[str, Path]:
    """Write comparison.csv, figures/*.png, report.md and report.html into ``root``."""
    study = json.loads((root / "study.json").read_text())
    lang = lang or study.get("lang", "en")
    summary = pd.read_csv(root / "summary.csv")
    runs = pd.read_parquet(root / "runs.parquet")
    order = [s for s in study["scenarios"] if s in set(summary["scenario"])]
    comparison = paired(summary, study["baseline"])
    comparison = comparison.sort_values(
        "scenario", key=lambda col: col.map({s: i for i, s in enumerate(order)}),
        kind="stable", ignore_index=True)
    write_atomic(comparison, root / "comparison.csv")
    driver_table = drivers(summary, study["baseline"], dimensions=study.get("dimensions"))
    write_atomic(driver_table, root / "drivers.csv")
    present = set(summary["cell"])
    planned = study.get("cells") or [cell_label(c) for c in plan_cells(study.get("grid") or {})]
    cells = [c for c in planned if c in present] + sorted(present.difference(planned))
    main = "base" if "base" in cells else cells[0]
    main_runs = runs[runs["cell"] == main]
    main_comp = comparison[comparison["cell"] == main]
    fig_dir = root / "figures"
    figs = {}
    grid = len(cells) > 1 and study.get("kind") != "sensitivity"
    if grid:
        figs["fig_grid"] = figures.by_cell(comparison, study["baseline"], order, cells, lang,
                                           fig_dir / "by_cell.png")
    figs.update({
        "fig_over_time": figures.over_time(main_runs, order, lang, fig_dir / "over_time.png"),
        "fig_forest": figures.forest(main_comp, study["baseline"], order, lang,
                                     fig_dir / "forest.png"),
        "fig_cost_effect": figures.cost_effect(main_comp, study["baseline"], order, lang,
                                               fig_dir / "cost_effect.png"),
        "fig_worker_time": figures.worker_time(main_runs, order, study["weekly_hours"], lang,
                                               fig_dir / "worker_time.png"),
    })
    extra = extras.build(root, study, summary, lang) if study.get("kind") else []
    decomposition = _decomposition(summary, main, lang) if study.get("kind") == "compare" else None
    if decomposition is not None:
        write_atomic(decomposition, root / "decomposition.csv")
    front = _headline(study, comparison, driver_table, cells, main, lang)
    front += _uncertainty_blocks(study, driver_table, decomposition, main, lang)
    front += _team_blocks(summary, order, main, lang)
    blocks = _blocks(study, comparison, figs, lang, cells if grid else [main], main,
                     front + extra)
    (root / "report.md").write_text(to_markdown(blocks, root))
    (root / "report.html").write_text(to_html(blocks, lang))
    return {"comparison": root / "comparison.csv", "report_md": root / "report.md",
            "report_html": root / "report.html", **figs}


def _blocks(study: dict, comparison: pd.DataFrame, figs: dict, lang: str, cells: list[str],
            main: str, extra: list[tuple]) -> list[tuple]:
    headline = [x for x in extra if x[0] == "headline"]
    extra = [x for x in extra if x[0] != "headline"]
    b: list[tuple] = [("h1", study.get("title") or t(lang, "title"))]
    for _, items in headline:
        b.extend(items)
    b.append(("h2", t(lang, "summary")))
    if study.get("description"):
        b.append(("p", study["description"]))
    b.append(("p", t(lang, "intro", n_scen=len(study["scenarios"]),
                     municipality=study["municipality"], weeks=study["weeks"],
                     reps=study["replications"], seed=study["seed"])))
    if len(cells) > 1:
        b.append(("p", t(lang, "cells", n=len(cells), main=main)))
        for cell in cells:
            for head, lines in summary_lines(comparison, study, lang, cell, GRID_OUTCOMES):
                b.append(("p", f"[{cell}] {head}"))
                b.append(("ul", lines))
    else:
        for head, lines in summary_lines(comparison, study, lang, main):
            b.append(("p", head))
            b.append(("ul", lines))
    b.append(("p", t(lang, "caveat")))
    b.extend(extra)
    if study.get("failures"):
        b.append(("h2", t(lang, "failures")))
        b.append(("ul", [f"{k}: {e}" for k, e in study["failures"]]))
    b.append(("h2", t(lang, "comparison", baseline=study["baseline"])))
    b.append(("table", _table(comparison, study["baseline"], lang)))
    b.append(("h2", t(lang, "figures")))
    for key, path in figs.items():
        b.append(("img", path, t(lang, key)))
    b.append(("h2", t(lang, "reproduce")))
    b.append(("p", t(lang, "reproduce_text")))
    b.append(("pre", study["command"]))
    b.append(("p", t(lang, "seeds", seeds=f"{study['seed']} … "
                     f"{study['seed'] + study['replications'] - 1}")))
    b.append(("h2", t(lang, "versions")))
    b.append(("table", pd.DataFrame(list(study["versions"].items()),
                                    columns=["package", "version"])))
    b.append(("h2", t(lang, "config")))
    b.append(("pre", study["config_yaml"]))
    b.append(("h2", t(lang, "params")))
    b.append(("table", pd.DataFrame(study["parameters"])))
    return b


HEADLINE_SCENARIOS = ("kooperacje_3d", "pzk")
HEADLINE_OUTCOMES = ("exits_to_independence", "crises_total")
DECOMPOSITION = (("c_costs", "costs_only", "siloed"), ("c_d1", "pzk", "siloed"),
                 ("c_d2", "pzk_zzk", "pzk"), ("c_d3", "kooperacje_3d", "pzk_zzk"),
                 ("c_all", "kooperacje_3d", "siloed"))
DECOMPOSITION_OUTCOMES = ("exits_to_independence", "crises_total", "cost_total")


def _n(x: float, lang: str, sign: bool = False) -> str:
    """A number for prose: Polish uses a decimal comma and a space between thousands."""
    text = ("+" if sign and pd.notna(x) and x > 0 else "") + _num(x)
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "pl" else text


def _pct(x: float) -> str:
    if pd.isna(x):
        return "n/a"
    return f"{100 * x:.0f}%"


def caseload_cell(cells: list[str], main: str) -> str | None:
    """The other caseload cell of the main cell's setting (e.g. 50 families per worker)."""
    def strip(label: str) -> str:
        return ",".join(p for p in label.split(",") if not p.startswith(CASELOAD_KEY + "="))
    others = [c for c in cells if c != main and strip(c) == strip(main) and CASELOAD_KEY in c]
    return others[0] if others else None


def _headline(study: dict, comparison: pd.DataFrame, driver_table: pd.DataFrame,
              cells: list[str], main: str, lang: str) -> list[tuple]:
    """The first screen: effect, interval, prob_better, drivers, effect at ~50 families/worker."""
    base = study["baseline"]
    scenarios = [s for s in HEADLINE_SCENARIOS if s in study["scenarios"] and s != base]
    if study.get("kind") != "compare" or not scenarios:
        return []
    other = caseload_cell(cells, main)
    pick = comparison.set_index(["cell", "scenario", "outcome"])
    items: list[tuple] = [("h2", t(lang, "headline"))]
    for scenario in scenarios:
        lines = []
        for outcome in HEADLINE_OUTCOMES:
            if (main, scenario, outcome) not in pick.index:
                continue
            r = pick.loc[(main, scenario, outcome)]
            lines.append(t(lang, "head_effect", scenario=scenario, baseline=base,
                           outcome=outcome_name(lang, outcome),
                           diff=_n(r["mean_difference"], lang, sign=True),
                           lo=_n(r["ci_low"], lang), hi=_n(r["ci_high"], lang),
                           prob=_pct(r["prob_better"])))
            if other and (other, scenario, outcome) in pick.index:
                o = pick.loc[(other, scenario, outcome)]
                lines.append(t(lang, "head_caseload", fpw=other.rsplit("=", 1)[-1],
                               workers=study.get("workers", {}).get(other, "?"),
                               diff=_n(o["mean_difference"], lang, sign=True),
                               lo=_n(o["ci_low"], lang), hi=_n(o["ci_high"], lang),
                               prob=_pct(o["prob_better"])))
            top = driver_top(driver_table, main, scenario, outcome)
            if len(top):
                lines.append(t(lang, "head_drivers", outcome=outcome_name(lang, outcome),
                               drivers=", ".join(f"{r.parameter} ({_n(r.prcc, lang, sign=True)})"
                                                 for r in top.itertuples())))
        items.append(("ul", lines))
    mode = study.get("uncertainty", "chance")
    items.append(("p", t(lang, "caveat_full" if mode == "full" else "caveat_chance")))
    return [("headline", items)]


def _decomposition(summary: pd.DataFrame, cell: str, lang: str) -> pd.DataFrame | None:
    present = set(summary.loc[summary["cell"] == cell, "scenario"])
    rows = []
    for key, scenario, reference in DECOMPOSITION:
        if scenario not in present or reference not in present:
            continue
        for outcome in DECOMPOSITION_OUTCOMES:
            r = contrast(summary, cell, scenario, reference, outcome)
            rows.append({t(lang, "contrast"): t(lang, key),
                         t(lang, "outcome"): outcome_name(lang, outcome),
                         t(lang, "difference"): _n(r["mean_difference"], lang, sign=True),
                         t(lang, "ci"): f"{_n(r['ci_low'], lang)} … {_n(r['ci_high'], lang)}",
                         t(lang, "prob_better"): _pct(r["prob_better"])})
    return pd.DataFrame(rows) if len(rows) > len(DECOMPOSITION_OUTCOMES) else None


def _uncertainty_blocks(study: dict, driver_table: pd.DataFrame,
                        decomposition: pd.DataFrame | None, main: str, lang: str) -> list[tuple]:
    """Priors, drivers and the decomposition by dimension, after the summary."""
    b: list[tuple] = []
    if decomposition is not None:
        b += [("h2", t(lang, "decomposition")), ("p", t(lang, "decomp_text", cell=main)),
              ("table", decomposition)]
    if study.get("priors"):
        priors = pd.DataFrame(study["priors"])
        priors.columns = [t(lang, c) for c in ("parameter", "distribution", "range",
                                               "reasoning")]
        b += [("h2", t(lang, "priors")), ("p", t(lang, "priors_text"))]
        if study.get("fixed"):
            b.append(("p", t(lang, "priors_fixed", keys=", ".join(study["fixed"]))))
        b.append(("table", priors))
    part = driver_table[driver_table["cell"] == main].dropna(subset=["prcc"])
    part = part[part["rank"] <= 3]
    order = {name: i for i, name in enumerate(study["scenarios"])}
    outcome_order = {name: i for i, name in enumerate(DRIVER_OUTCOMES)}
    part = part.assign(_s=part["scenario"].map(order), _o=part["outcome"].map(outcome_order))
    part = part.sort_values(["_s", "_o", "rank"], kind="stable")
    if len(part):
        shown = pd.DataFrame({
            t(lang, "scenario"): part["scenario"],
            t(lang, "outcome"): part["outcome"].map(lambda o: outcome_name(lang, o)),
            t(lang, "rank"): part["rank"].astype(int),
            t(lang, "parameter"): part["parameter"],
            "PRCC": part["prcc"].map(lambda x: _n(x, lang, sign=True)),
            "p": part["p_value"].map(lambda x: _n(x, lang)),
        })
        b += [("h2", t(lang, "drivers")),
              ("p", t(lang, "drivers_text", baseline=study["baseline"], cell=main)),
              ("table", shown)]
    return b


def _team_blocks(summary: pd.DataFrame, order: list[str], cell: str, lang: str) -> list[tuple]:
    """Task teams (ZZK) per scenario: how many started, how they ended, how long they ran."""
    part = summary[(summary["cell"] == cell) & (summary.get("teams_started", 0) > 0)]
    if part.empty:
        return []
    rows = []
    for scenario in [s for s in order if s in set(part["scenario"])]:
        runs = part[part["scenario"] == scenario]
        rows.append({
            t(lang, "scenario"): scenario,
            t(lang, "teams_started"): _n(runs["teams_started"].mean(), lang),
            t(lang, "teams_success"): _pct(runs["teams_success_share"].mean()),
            t(lang, "teams_time_limit"): _n(runs["teams_ended_time_limit"].mean(), lang),
            t(lang, "teams_dropout"): _n(runs["teams_ended_dropout"].mean(), lang),
            t(lang, "teams_duration"): _n(runs["teams_mean_duration_weeks"].mean(), lang),
        })
    return [("h2", t(lang, "teams")), ("p", t(lang, "teams_text", cell=cell)),
            ("table", pd.DataFrame(rows))]


def md_table(df: pd.DataFrame) -> str:
    cells = lambda row: "| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |"  # noqa: E731
    lines = [cells(df.columns), "| " + " | ".join("---" for _ in df.columns) + " |"]
    lines += [cells(row) for row in df.itertuples(index=False)]
    return "\n".join(lines)


def to_markdown(blocks: list[tuple], root: Path) -> str:
    out = []
    for kind, *rest in blocks:
        if kind == "h1":
            out.append(f"# {rest[0]}")
        elif kind == "h2":
            out.append(f"## {rest[0]}")
        elif kind == "p":
            out.append(rest[0])
        elif kind == "ul":
            out.append("\n".join(f"- {line}" for line in rest[0]))
        elif kind == "table":
            out.append(md_table(rest[0]))
        elif kind == "img":
            out.append(f"![{rest[1]}]({Path(rest[0]).relative_to(root)})\n\n*{rest[1]}*")
        elif kind == "pre":
            out.append(f"```\n{rest[0]}\n```")
    return "\n\n".join(out) + "\n"


def to_html(blocks: list[tuple], lang: str) -> str:
    e = html.escape
    out = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{e(rest[0])}</{kind}>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in rest[0]) + "</ul>")
        elif kind == "table":
            out.append(rest[0].to_html(index=False, border=0, classes="t"))
        elif kind == "img":
            data = base64.b64encode(Path(rest[0]).read_bytes()).decode()
            out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{e(rest[1])}">'
                       f"<figcaption>{e(rest[1])}</figcaption></figure>")
        elif kind == "pre":
            out.append(f"<pre>{e(rest[0])}</pre>")
    style = ("body{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.45}"
             "table.t{border-collapse:collapse;font-size:.85em}"
             "table.t td,table.t th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}"
             "img{max-width:100%}pre{background:#f6f6f6;padding:.8em;overflow-x:auto}")
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>Kooperacje 3D</title><style>{style}</style></head><body>"
            + "\n".join(out) + "</body></html>\n")
