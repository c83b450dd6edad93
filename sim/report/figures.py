"""Figures of a study; each function reads tables and writes one PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_rgb

from sim.i18n import localise_axes, short
from sim.i18n.names import scenario_name
from sim.report.figure_data import OVER_TIME, WORKER_HOURS
from sim.report.texts import cell_name, outcome_name, t

FOREST = ("exits_to_independence", "crises_total", "mean_need", "revealed_unserved_share",
          "hidden_needs", "mean_wait_weeks", "duplicate_service_weeks", "cost_total",
          "cost_per_exit")


def palette(keys: list[str]) -> dict[str, tuple[float, float, float]]:
    """A colour for each key: matplotlib's colour cycle in order, repeated when it runs out
    (seaborn's default palette is this cycle; seaborn itself is not imported, as it brings
    SciPy's statistics into every process that draws)."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return {key: to_rgb(cycle[i % len(cycle)]) for i, key in enumerate(keys)}


def _save(fig, path: Path, lang: str) -> Path:
    localise_axes(fig, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def over_time(runs: pd.DataFrame, order: list[str], lang: str, path: Path) -> Path:
    """Mean across replications with a 95% band (mean ± 1.96 standard errors)."""
    runs = runs.assign(crises_cum=runs.groupby(["scenario", "replication"])["crises_total"]
                       .cumsum())
    stats = runs.groupby(["scenario", "week"])[list(OVER_TIME)].agg(["mean", "sem"])
    colors = palette(order)
    fig, axes = plt.subplots(2, 3, figsize=(15, 8))
    for ax, metric in zip(axes.flat, OVER_TIME):
        for scenario in order:
            if scenario not in stats.index.get_level_values(0):
                continue
            part = stats.loc[scenario, metric]
            sem = part["sem"].fillna(0.0)
            ax.plot(part.index, part["mean"], color=colors[scenario],
                    label=scenario_name(lang, scenario, short=True))
            ax.fill_between(part.index, part["mean"] - 1.96 * sem, part["mean"] + 1.96 * sem,
                            color=colors[scenario], alpha=0.2, lw=0)
        name = "active_families_w" if metric == "active_families" else metric
        ax.set_title(outcome_name(lang, name))
        ax.set_xlabel(t(lang, "week"))
    axes.flat[0].legend()
    fig.suptitle(t(lang, "fig_over_time"))
    fig.tight_layout()
    return _save(fig, path, lang)


def forest(comparison: pd.DataFrame, baseline: str, order: list[str], lang: str,
           path: Path) -> Path:
    data = comparison[(comparison["scenario"] != baseline)
                      & comparison["outcome"].isin(FOREST)].copy()
    data["label"] = data["outcome"].map(lambda o: outcome_name(lang, o))
    base = data["baseline_mean"].where(data["baseline_mean"] != 0)
    data["rel"] = 100 * data["mean_difference"] / base
    data["lo"] = 100 * data["ci_low"] / base
    data["hi"] = 100 * data["ci_high"] / base
    scenarios = [s for s in order if s != baseline]
    labels = [outcome_name(lang, o) for o in FOREST if o in set(data["outcome"])]
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(labels) * max(1, len(scenarios)) + 1.5))
    colors = palette(order)
    step = 0.8 / max(len(scenarios), 1)
    for k, scenario in enumerate(scenarios):
        part = data[data["scenario"] == scenario].set_index("label").reindex(labels)
        y = [i + (k - (len(scenarios) - 1) / 2) * step for i in range(len(labels))]
        ax.errorbar(part["rel"], y, xerr=[part["rel"] - part["lo"], part["hi"] - part["rel"]],
                    fmt="o", color=colors[scenario], capsize=3,
                    label=scenario_name(lang, scenario, short=True))
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(t(lang, "change_vs", baseline=scenario_name(lang, baseline, short=True)))
    # beside the axes: inside, it would hide whichever points fall under it
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title(t(lang, "fig_forest"))
    return _save(fig, path, lang)


def cost_effect(comparison: pd.DataFrame, baseline: str, order: list[str], lang: str,
                path: Path) -> Path:
    pick = comparison.set_index(["scenario", "outcome"])
    fig, ax = plt.subplots(figsize=(7, 5))
    colors = palette(order)
    for scenario in [s for s in order if s != baseline]:
        if (scenario, "exits_to_independence") not in pick.index:
            continue
        ex, co = pick.loc[(scenario, "exits_to_independence")], pick.loc[(scenario, "cost_total")]
        ax.errorbar(ex["mean_difference"], co["mean_difference"],
                    xerr=[[ex["mean_difference"] - ex["ci_low"]],
                          [ex["ci_high"] - ex["mean_difference"]]],
                    yerr=[[co["mean_difference"] - co["ci_low"]],
                          [co["ci_high"] - co["mean_difference"]]],
                    fmt="o", capsize=4, color=colors[scenario],
                    label=scenario_name(lang, scenario, short=True))
    ax.axhline(0, color="grey", lw=1)
    ax.axvline(0, color="grey", lw=1)
    ax.set_xlabel(t(lang, "extra_exits"))
    ax.set_ylabel(t(lang, "extra_cost"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title(t(lang, "fig_cost_effect"))
    return _save(fig, path, lang)


def worker_time(runs: pd.DataFrame, order: list[str], weekly_hours: float, lang: str,
                path: Path) -> Path:
    per_worker = runs[list(WORKER_HOURS)].mul(weekly_hours / runs["hours_available"], axis=0)
    per_worker["unused"] = weekly_hours - per_worker.sum(axis=1)
    means = per_worker.groupby(runs["scenario"]).mean().reindex(order).rename(
        columns=WORKER_HOURS)
    means.index = [scenario_name(lang, s, short=True) for s in means.index]
    fig, ax = plt.subplots(figsize=(9, 1 + 0.8 * len(order)))
    left = pd.Series(0.0, index=means.index)
    for col, color in zip(means.columns, colormaps["Set2"].colors):
        ax.barh(means.index, means[col], left=left, color=color, label=t(lang, col))
        left += means[col]
    ax.invert_yaxis()
    ax.set_xlabel(t(lang, "hours"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title(t(lang, "fig_worker_time"))
    return _save(fig, path, lang)


BY_CELL = ("exits_to_independence", "crises_total", "mean_need", "cost_per_exit")


def by_cell(comparison: pd.DataFrame, baseline: str, order: list[str], cells: list[str],
            lang: str, path: Path) -> Path:
    """Relative change against the baseline in every cell of a grid, per scenario."""
    data = comparison[(comparison["scenario"] != baseline) & comparison["outcome"].isin(BY_CELL)]
    colors = palette(order)
    labels = [cell_name(lang, c) for c in cells]
    fig, axes = plt.subplots(1, len(BY_CELL), figsize=(4.2 * len(BY_CELL), 1.5 + 0.4 * len(cells)),
                             sharey=True)
    for ax, outcome in zip(axes, BY_CELL):
        part = data[data["outcome"] == outcome]
        scenarios = [s for s in order if s != baseline]
        for k, scenario in enumerate(scenarios):
            rows = part[part["scenario"] == scenario].set_index("cell").reindex(cells)
            base = rows["baseline_mean"].where(rows["baseline_mean"] != 0)
            rel = 100 * rows["mean_difference"] / base
            y = [i + (k - (len(scenarios) - 1) / 2) * 0.8 / len(scenarios)
                 for i in range(len(cells))]
            ax.errorbar(rel, y, xerr=[rel - 100 * rows["ci_low"] / base,
                                      100 * rows["ci_high"] / base - rel],
                        fmt="o", capsize=2, color=colors[scenario],
                        label=scenario_name(lang, scenario, short=True))
        ax.axvline(0, color="grey", lw=1)
        ax.set_title(outcome_name(lang, outcome), fontsize=10)
        ax.set_xlabel("%")
    axes[0].set_yticks(range(len(cells)), labels)
    axes[0].invert_yaxis()
    fig.suptitle(t(lang, "fig_grid"))
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", frameon=False,
               ncols=len(order), fontsize=9)
    return _save(fig, path, lang)


def against(data: pd.DataFrame, param: str, held: list[str], scenarios: list[str],
            lang: str, path: Path, title: str, axis: str | None = None) -> Path:
    """Each outcome (columns) against ``param``, one line per scenario with 95% error bars, one
    row per combination of the ``held`` parameters. ``data`` has ``param``, ``held``,
    ``scenario``, ``outcome``, ``y``, ``lo``, ``hi`` and ``n``; an ``axis`` label means the
    values are differences (a zero line is drawn). Points from fewer than 3 replications are
    open and have no bar: their interval would be meaningless."""
    from sim.analysis.sweep import ordered
    from sim.report.answer import MIN_REPLICATIONS

    values = ordered(data[param])
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    numeric = bool(numbers.notna().all())
    where = dict(zip(values, numbers if numeric else range(len(values))))
    span = (max(where.values()) - min(where.values())) or 1.0
    outcomes = list(dict.fromkeys(data["outcome"]))
    rows = data[held].drop_duplicates().to_dict("records") if held else [{}]
    colors = palette(scenarios)
    fig, axes = plt.subplots(len(rows), len(outcomes), squeeze=False,
                             figsize=(4.4 * len(outcomes), 1.2 + 3.0 * len(rows)))
    step = 0.025 * span  # scenarios side by side, so their bars never hide each other
    for i, fixed in enumerate(rows):
        part = data
        for key, value in fixed.items():
            part = part[part[key] == value]
        for j, outcome in enumerate(outcomes):
            ax = axes[i, j]
            for k, scenario in enumerate(scenarios):
                line = part[(part["outcome"] == outcome) & (part["scenario"] == scenario)]
                line = line.assign(x=line[param].map(where)).sort_values("x")
                if line.empty:
                    continue
                x = line["x"] + (k - (len(scenarios) - 1) / 2) * step
                sure = line["n"] >= MIN_REPLICATIONS
                color = colors[scenario]
                ax.plot(x, line["y"], "-o", color=color, lw=1.2,
                        label=scenario_name(lang, scenario, short=True))
                ax.errorbar(x[sure], line["y"][sure], fmt="none", ecolor=color, capsize=3,
                            yerr=[(line["y"] - line["lo"])[sure], (line["hi"] - line["y"])[sure]])
                ax.plot(x[~sure], line["y"][~sure], "o", mfc="white", color=color)
            if axis:
                ax.axhline(0, color="grey", lw=1)
            ax.set_xticks(list(where.values()),
                          [short(float(v), lang) if numeric else str(v) for v in values])
            ax.margins(x=0.08)
            if i == 0:
                ax.set_title(outcome_name(lang, outcome), fontsize=10)
            if i == len(rows) - 1:
                ax.set_xlabel(param)
            if j == 0:
                held_text = "\n".join(str(v) if k == "cell" else f"{k} = {v}"  # cells: named
                                       for k, v in fixed.items())
                ax.set_ylabel("\n".join(filter(None, [held_text, axis])), fontsize=9)
    fig.suptitle(title)
    handles = {}
    for ax in axes.flat:
        handles.update(zip(*reversed(ax.get_legend_handles_labels())))
    localise_axes(fig, lang)  # before the layout: it must make room for the ticks as shown
    fig.tight_layout(rect=(0, 0.08 / len(rows), 1, 1))
    fig.legend(list(handles.values()), list(handles), loc="lower center", frameon=False,
               ncols=max(len(handles), 1), fontsize=9)
    return _save(fig, path, lang)
