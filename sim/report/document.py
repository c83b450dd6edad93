"""The study report: a plain-language summary, tables, figures, configuration, provenance.

Built from stored tables only (``study.json``, ``summary.csv``, ``runs.parquet``), so
``k3d-report DIR`` rebuilds it without simulating. Written as Markdown and as self-contained HTML
(figures embedded).
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import pandas as pd

from sim.analysis.compare import OUTCOMES, by_replication, contrast, paired
from sim.analysis.drivers import DRIVER_OUTCOMES, drivers
from sim.analysis.inaction import inaction_costs
from sim.areas import AREA_PREFIX
from sim.i18n import number, percent
from sim.i18n.names import municipality_name, scenario_name
from sim.report import cards, extras, priors_pl
from sim.report.answer import MIN_REPLICATIONS
from sim.report.drawing import Figure, drawing
from sim.report.figure_data import RUNS_READ
from sim.report.front import MONEY_OUTCOMES, answer, change, effect
from sim.report.texts import ORIGINS, cell_name, outcome_name, t, unit_name
from sim.study.gather import RUNS_FILE, write_atomic
from sim.study.plan import CASELOAD_KEY, cell_label
from sim.study.plan import cells as plan_cells

GRID_OUTCOMES = ("exits_to_independence", "crises_total", "hours_coordination", "cost_per_exit")
SUMMARY_OUTCOMES = ("exits_to_independence", "crises_total", "mean_need",
                    "revealed_unserved_share", "mean_wait_weeks", "duplicate_service_weeks",
                    "hours_coordination", "cost_total", "cost_per_exit")


def summary_lines(comparison: pd.DataFrame, study: dict, lang: str, cell: str,
                  outcomes: tuple[str, ...] = SUMMARY_OUTCOMES) -> list[tuple[str, list[str]]]:
    """Per scenario, sentences an analyst can paste into a memo: signed effects, one precision
    per line, and a flag for intervals that cannot be computed."""
    out = []
    base = study["baseline"]
    for scenario in [s for s in study["scenarios"] if s != base]:
        rows = comparison[(comparison["scenario"] == scenario) & (comparison["cell"] == cell)]
        rows = rows.set_index("outcome")
        lines = []
        for o in outcomes:
            if o not in rows.index or pd.isna(rows.loc[o, "mean_difference"]):
                continue
            r = rows.loc[o]
            diff, ci = effect(lang, r)
            sure = r["distinguishable"] and r["n_pairs"] >= MIN_REPLICATIONS
            if not sure:
                lines.append(t(lang, "unchanged", outcome=outcome_name(lang, o), diff=diff, ci=ci,
                               pb=percent(r["prob_better"], lang)))
                continue
            good = OUTCOMES[o] == 0 or (r["mean_difference"] > 0) == (OUTCOMES[o] > 0)
            lines.append(t(lang, "bullet", outcome=outcome_name(lang, o), diff=diff, ci=ci,
                           pct=change(lang, r["relative_change"]),
                           pb=percent(r["prob_better"], lang),
                           flag=t(lang, "better" if good else "worse")))
        out.append((t(lang, "vs", baseline=scenario_name(lang, base, short=True),
                      scenario=scenario_name(lang, scenario, short=True)), lines))
    return out


def _table(comparison: pd.DataFrame, baseline: str, lang: str) -> pd.DataFrame:
    """Every paired difference, in words and formats of the language."""
    c = comparison[comparison["scenario"] != baseline]
    cells = {t(lang, "cell"): c["cell"].map(lambda x: cell_name(lang, x))} \
        if c["cell"].nunique() > 1 else {}
    effects = [effect(lang, row) for _, row in c.iterrows()]
    return pd.DataFrame({
        **cells,
        t(lang, "scenario"): c["scenario"].map(lambda s: scenario_name(lang, s, short=True)),
        t(lang, "outcome"): c["outcome"].map(lambda o: outcome_name(lang, o)),
        t(lang, "baseline_mean"): c["baseline_mean"].map(lambda x: number(x, lang)),
        t(lang, "scenario_mean"): c["scenario_mean"].map(lambda x: number(x, lang)),
        t(lang, "difference"): [d for d, _ in effects],
        t(lang, "ci"): [ci for _, ci in effects],
        t(lang, "change"): c["relative_change"].map(lambda x: change(lang, x)),
        t(lang, "prob_better"): c["prob_better"].map(lambda x: percent(x, lang)),
    })


def report_names(root: Path, study: dict, lang: str | None) -> tuple[str, dict[str, Path]]:
    """The language, and where its report and figures go: the study's own language writes
    report.md, report.html and figures/; another one writes beside them (report.en.md …), so
    rebuilding in a second language never overwrites the first."""
    own = study.get("lang", "en")
    lang = lang or own
    tag = "" if lang == own else f".{lang}"
    return lang, {"report_md": root / f"report{tag}.md", "report_html": root / f"report{tag}.html",
                  "figures": root / f"figures{tag}"}


def command(study: dict, lang: str) -> str:
    """The command that reproduces the study with its report in ``lang``."""
    line = study["command"]
    if re.search(r"(?<!\S)lang=\S+", line):
        return re.sub(r"(?<!\S)lang=\S+", f"lang={lang}", line)
    return line if lang == study.get("lang", "en") else f"{line} lang={lang}"


def build(root: Path, lang: str | None = None, runs: pd.DataFrame | None = None,
          jobs: int = 1) -> dict[str, Path]:
    """Write comparison.csv, drivers.csv, figures (drawn in ``jobs`` processes) and the report
    (Markdown and HTML); ``runs`` is runs.parquet's table when the caller has it in memory."""
    study = json.loads((root / "study.json").read_text())
    lang, where = report_names(root, study, lang)
    summary = pd.read_csv(root / "summary.csv")
    runs = pd.read_parquet(root / RUNS_FILE) if runs is None else runs
    order = [s for s in study["scenarios"] if s in set(summary["scenario"])]
    comparison = paired(summary, study["baseline"])
    comparison = comparison.sort_values(
        "scenario", key=lambda col: col.map({s: i for i, s in enumerate(order)}),
        kind="stable", ignore_index=True)
    write_atomic(comparison, root / "comparison.csv")
    present = set(summary["cell"])
    planned = study.get("cells") or [cell_label(c) for c in plan_cells(study.get("grid") or {})]
    cells = [c for c in planned if c in present] + sorted(present.difference(planned))
    main = "base" if "base" in cells else cells[0]
    main_runs = runs[runs["cell"] == main]
    main_comp = comparison[comparison["cell"] == main]
    fig_dir = where["figures"]
    fig_dir.mkdir(parents=True, exist_ok=True)  # an experiment's own figures (extras) go first
    plots = {}
    grid = len(cells) > 1 and study.get("kind") != "sensitivity"
    if grid:
        plots["fig_grid"] = _plot("by_cell", comparison, study["baseline"], order, cells, lang,
                                  fig_dir / "by_cell.png")
    plots.update({
        "fig_over_time": _plot("over_time", main_runs[list(RUNS_READ["over_time"])], order, lang,
                               fig_dir / "over_time.png"),
        "fig_forest": _plot("forest", main_comp, study["baseline"], order, lang,
                            fig_dir / "forest.png"),
        "fig_cost_effect": _plot("cost_effect", main_comp, study["baseline"], order, lang,
                                 fig_dir / "cost_effect.png"),
        "fig_worker_time": _plot("worker_time", main_runs[list(RUNS_READ["worker_time"])], order,
                                 study["weekly_hours"], lang, fig_dir / "worker_time.png"),
    })
    figs = {key: plot.path for key, plot in plots.items()}
    # the longest first, so that the other process draws the rest meanwhile
    to_draw = [plots["fig_over_time"], *(p for k, p in plots.items() if k != "fig_over_time")]
    area_cards = []
    if study.get("kind") == "compare" and any(c.startswith(AREA_PREFIX) for c in summary):
        inaction = inaction_costs(summary, study["baseline"])
        write_atomic(inaction, root / "inaction_costs.csv")
        area_cards, card_figures = cards.plan(inaction, fig_dir, lang, baseline=study["baseline"],
                                              cell=main, weeks=study["weeks"])
        to_draw += card_figures
    with drawing(to_draw, jobs):  # the figures are drawn while the text is written
        driver_table = drivers(summary, study["baseline"], dimensions=study.get("dimensions"))
        write_atomic(driver_table, root / "drivers.csv")
        extra = extras.build(root, study, summary, lang) if study.get("kind") else []
        decomposition = decompose(summary, main) if study.get("kind") == "compare" else None
        if decomposition is not None:
            write_atomic(decomposition, root / "decomposition.csv")
        front = answer(study, comparison, runs, driver_table, main, caseload_cell(cells, main),
                       lang) if study.get("kind") == "compare" else []
        after = _uncertainty_blocks(study, driver_table, decomposition, main, lang)
        after += _team_blocks(summary, order, main, lang)
        after += cards.blocks(area_cards, lang)
        blocks = _blocks(study, comparison, figs, lang, cells if grid else [main], main,
                         front, after + extra)
        where["report_md"].write_text(to_markdown(blocks, root))
    where["report_html"].write_text(to_html(blocks, lang))  # the figures embedded
    return {"comparison": root / "comparison.csv", "report_md": where["report_md"],
            "report_html": where["report_html"], **figs}


def _plot(name: str, *args) -> Figure:
    """A figure of :mod:`sim.report.figures` to draw."""
    return Figure(f"sim.report.figures.{name}", args)


def _blocks(study: dict, comparison: pd.DataFrame, figs: dict, lang: str, cells: list[str],
            main: str, front: list[tuple], extra: list[tuple]) -> list[tuple]:
    b: list[tuple] = [("h1", study.get("title") or t(lang, "title")), *front]
    b.append(("h2", t(lang, "summary")))
    if study.get("description"):
        b.append(("p", study["description"]))
    b.append(("p", t(lang, "intro", n_scen=len(study["scenarios"]),
                     municipality=municipality_name(lang, study["municipality"]),
                     weeks=study["weeks"], reps=study["replications"], seed=study["seed"])))
    if len(cells) > 1:
        b.append(("p", t(lang, "cells", n=len(cells), main=cell_name(lang, main))))
    for cell in cells:
        shown = GRID_OUTCOMES if len(cells) > 1 else SUMMARY_OUTCOMES
        for head, lines in summary_lines(comparison, study, lang, cell, shown):
            prefix = f"[{cell_name(lang, cell)}] " if len(cells) > 1 else ""
            b += [("p", prefix + head), ("ul", lines)]
    b.append(("p", t(lang, "caveat")))
    b.extend(extra)
    if study.get("failures"):
        b.append(("h2", t(lang, "failures")))
        b.append(("ul", [f"{k}: {e}" for k, e in study["failures"]]))
    base = scenario_name(lang, study["baseline"], short=True)
    b.append(("h2", t(lang, "comparison", baseline=base)))
    b.append(("table", _table(comparison, study["baseline"], lang)))
    b.append(("h2", t(lang, "figures")))
    for key, path in figs.items():
        b.append(("img", path, t(lang, key)))
    b.append(("h2", t(lang, "reproduce")))
    b.append(("p", t(lang, "reproduce_text")))
    b.append(("pre", command(study, lang)))
    b.append(("p", t(lang, "seeds", first=str(study["seed"]),
                     last=str(study["seed"] + study["replications"] - 1))))
    b.append(("h2", t(lang, "versions")))
    b.append(("table", pd.DataFrame(list(study["versions"].items()),
                                    columns=[t(lang, "package"), t(lang, "version")])))
    b.append(("h2", t(lang, "config")))
    b.append(("pre", study["config_yaml"]))
    b.append(("h2", t(lang, "params")))
    if t(lang, "params_note"):
        b.append(("p", t(lang, "params_note")))
    b.append(("table", parameter_table(study["parameters"], lang)))
    return b


PARAMETER_COLUMNS = {"parameter": "parameter", "value": "value", "unit": "unit",
                     "range": "range", "source": "source", "origin": "origin",
                     "plausible range (uncertainty)": "plausible"}


def parameter_table(parameters: list[dict], lang: str) -> pd.DataFrame:
    """The parameter table with its headers, units and the word 'assumption' translated."""
    table = pd.DataFrame(parameters)
    table["unit"] = table["unit"].map(lambda u: unit_name(lang, u))
    table["source"] = table["source"].replace("assumption", t(lang, "assumption"))
    if "source (pl)" in table:  # a municipality's derived figures say how in either language
        if lang == "pl":
            table["source"] = table["source (pl)"].where(table["source (pl)"] != "",
                                                         table["source"])
        table = table.drop(columns="source (pl)")
    if "origin" in table:  # studies run before the column was added have none
        table["origin"] = table["origin"].map(lambda origin: ORIGINS.name(lang, origin))
    return table.rename(columns={c: t(lang, key) for c, key in PARAMETER_COLUMNS.items()})


DECOMPOSITION = (("c_costs", "costs_only", "siloed"), ("c_d1", "pzk", "siloed"),
                 ("c_d2", "pzk_zzk", "pzk"), ("c_d3", "kooperacje_3d", "pzk_zzk"),
                 ("c_basket", "kooperacje_3d", "without_basket"),
                 ("c_leader", "kooperacje_3d", "without_leader"),
                 ("c_all", "kooperacje_3d", "siloed"))
DECOMPOSITION_OUTCOMES = ("exits_to_independence", "crises_total", "cost_total")


def caseload_cell(cells: list[str], main: str) -> str | None:
    """The other caseload cell of the main cell's setting (e.g. 50 families per worker)."""
    def strip(label: str) -> str:
        return ",".join(p for p in label.split(",") if not p.startswith(CASELOAD_KEY + "="))
    others = [c for c in cells if c != main and strip(c) == strip(main) and CASELOAD_KEY in c]
    return others[0] if others else None


def decompose(summary: pd.DataFrame, cell: str) -> pd.DataFrame | None:
    """What each dimension adds: paired differences between neighbouring scenarios."""
    present = set(summary.loc[summary["cell"] == cell, "scenario"])
    wide = {outcome: by_replication(summary, cell, outcome) for outcome in DECOMPOSITION_OUTCOMES}
    rows = [{"contrast": key, "reference": reference,
             **contrast(wide[outcome], cell, scenario, reference, outcome)}
            for key, scenario, reference in DECOMPOSITION
            if scenario in present and reference in present
            for outcome in DECOMPOSITION_OUTCOMES]
    return pd.DataFrame(rows) if len(rows) > len(DECOMPOSITION_OUTCOMES) else None


def _decomposition_table(decomposition: pd.DataFrame, lang: str) -> pd.DataFrame:
    effects = [effect(lang, row, row["outcome"] in MONEY_OUTCOMES)
               for _, row in decomposition.iterrows()]
    return pd.DataFrame({
        t(lang, "contrast"): decomposition["contrast"].map(lambda k: t(lang, k)),
        t(lang, "outcome"): decomposition["outcome"].map(lambda o: outcome_name(lang, o)),
        t(lang, "difference"): [d for d, _ in effects],
        t(lang, "ci"): [ci for _, ci in effects],
        t(lang, "prob_better"): decomposition["prob_better"].map(lambda x: percent(x, lang)),
    })


def priors_table(priors: list[dict], lang: str) -> pd.DataFrame:
    """The plausible ranges, with their reasoning and numbers in Polish for a Polish report."""
    table = pd.DataFrame(priors)
    if lang == "pl":
        table = table.assign(
            reasoning=[priors_pl.reasoning(k, r) for k, r in zip(table["parameter"],
                                                                  table["reasoning"])],
            distribution=table["distribution"].map(priors_pl.distribution),
            range=table["range"].map(priors_pl.decimal_commas))
    return table.rename(columns={c: t(lang, c) for c in table.columns})


def _uncertainty_blocks(study: dict, driver_table: pd.DataFrame,
                        decomposition: pd.DataFrame | None, main: str, lang: str) -> list[tuple]:
    """Priors, drivers and the decomposition by dimension, after the summary."""
    b: list[tuple] = []
    if decomposition is not None:
        b += [("h2", t(lang, "decomposition")),
              ("p", t(lang, "decomp_text", cell=cell_name(lang, main))),
              ("table", _decomposition_table(decomposition, lang))]
    if study.get("priors"):
        b += [("h2", t(lang, "priors")), ("p", t(lang, "priors_text"))]
        if study.get("fixed"):
            b.append(("p", t(lang, "priors_fixed", keys=", ".join(study["fixed"]))))
        b.append(("table", priors_table(study["priors"], lang)))
    part = driver_table[driver_table["cell"] == main].dropna(subset=["prcc"])
    part = part[part["rank"] <= 3]
    order = {name: i for i, name in enumerate(study["scenarios"])}
    outcome_order = {name: i for i, name in enumerate(DRIVER_OUTCOMES)}
    part = part.assign(_s=part["scenario"].map(order), _o=part["outcome"].map(outcome_order))
    part = part.sort_values(["_s", "_o", "rank"], kind="stable")
    if len(part):
        shown = pd.DataFrame({
            t(lang, "scenario"): part["scenario"].map(lambda s: scenario_name(lang, s, True)),
            t(lang, "outcome"): part["outcome"].map(lambda o: outcome_name(lang, o)),
            t(lang, "rank"): part["rank"].astype(int),
            t(lang, "parameter"): part["parameter"],
            "PRCC": part["prcc"].map(lambda x: number(x, lang, 2, sign=True)),
            "p": part["p_value"].map(lambda x: number(x, lang, 3)),
        })
        b += [("h2", t(lang, "drivers")),
              ("p", t(lang, "drivers_text",
                      baseline=scenario_name(lang, study["baseline"], short=True),
                      cell=cell_name(lang, main))),
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
            t(lang, "scenario"): scenario_name(lang, scenario, short=True),
            t(lang, "teams_started"): number(runs["teams_started"].mean(), lang),
            t(lang, "teams_success"): percent(runs["teams_success_share"].mean(), lang),
            t(lang, "teams_time_limit"): number(runs["teams_ended_time_limit"].mean(), lang),
            t(lang, "teams_dropout"): number(runs["teams_ended_dropout"].mean(), lang),
            t(lang, "teams_duration"): number(runs["teams_mean_duration_weeks"].mean(), lang),
        })
    return [("h2", t(lang, "teams")), ("p", t(lang, "teams_text", cell=cell_name(lang, cell))),
            ("table", pd.DataFrame(rows))]


def md_table(df: pd.DataFrame) -> str:
    """A Markdown (pipe) table through tabulate; values as given, never re-formatted."""
    shown = df.astype(str).apply(lambda col: col.str.replace("|", "\\|"))
    shown.columns = [str(c).replace("|", "\\|") for c in df.columns]
    return shown.to_markdown(index=False, disable_numparse=True)


def to_markdown(blocks: list[tuple], root: Path) -> str:
    out = []
    for kind, *rest in blocks:
        if kind == "h1":
            out.append(f"# {rest[0]}")
        elif kind == "h2":
            out.append(f"## {rest[0]}")
        elif kind == "p":
            out.append(rest[0])
        elif kind == "note":
            out.append(f"> {rest[0]}")
        elif kind == "ul":
            out.append("\n".join(f"- {line}" for line in rest[0]))
        elif kind == "answer":
            out.append("\n".join(f"- **{lead}** — {text}" for lead, text in rest[0]))
        elif kind == "table":
            out.append(md_table(rest[0]))
        elif kind == "img":
            out.append(f"![{rest[1]}]({Path(rest[0]).relative_to(root)})\n\n*{rest[1]}*")
        elif kind == "pre":
            out.append(f"```\n{rest[0]}\n```")
    return "\n\n".join(out) + "\n"


STYLE = ("body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;"
         "line-height:1.45}"
         ".answer li{margin:.35em 0}.note{background:#fff6d5;border-left:4px solid #e0a800;"
         "padding:.5em .8em}"
         ".wide{overflow-x:auto;max-width:100%}"
         "table.t{border-collapse:collapse;font-size:.85em}"
         "table.t td,table.t th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;"
         "vertical-align:top;max-width:28em;overflow-wrap:anywhere}"
         "img{max-width:100%}pre{background:#f6f6f6;padding:.8em;overflow-x:auto}")


def to_html(blocks: list[tuple], lang: str) -> str:
    e = html.escape
    out = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{e(rest[0])}</{kind}>")
        elif kind == "note":
            out.append(f'<p class="note">{e(rest[0])}</p>')
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in rest[0]) + "</ul>")
        elif kind == "answer":
            out.append('<ul class="answer">' + "".join(
                f"<li><b>{e(lead)}</b> — {e(text)}</li>" for lead, text in rest[0]) + "</ul>")
        elif kind == "table":
            out.append('<div class="wide">' + rest[0].to_html(index=False, border=0, classes="t")
                       + "</div>")
        elif kind == "img":
            data = base64.b64encode(Path(rest[0]).read_bytes()).decode()
            out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{e(rest[1])}">'
                       f"<figcaption>{e(rest[1])}</figcaption></figure>")
        elif kind == "pre":
            out.append(f"<pre>{e(rest[0])}</pre>")
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Kooperacje 3D</title><style>{STYLE}</style></head><body>"
            + "\n".join(out) + "</body></html>\n")
