"""The report's first screen in words: one bottom line per scenario, the caveat, and notes
where the answer turns with the caseload or the horizon. Also how an effect and its interval are
written everywhere in the report (signed, one precision, flagged below 3 replications).
"""

from __future__ import annotations

import pandas as pd

from sim.analysis.drivers import top as driver_top
from sim.i18n import decimals, money, number, percent
from sim.i18n.names import municipality_name, scenario_name
from sim.report.answer import (
    MIN_REPLICATIONS,
    VERDICT_OUTCOMES,
    horizon_turn,
    sure_outcomes,
    verdict,
)
from sim.report.texts import caseload_of, outcome_name, t

MONEY_OUTCOMES = ("cost_total", "cost_per_exit")
# presets that exist to take one mechanism out for the decomposition: no bottom line of their own
ABLATIONS = ("without_basket", "without_leader")


def effect(lang: str, row, in_money: bool = False) -> tuple[str, str]:
    """The signed mean difference and its 95% interval (:func:`interval`)."""
    return interval(lang, row["mean_difference"], row["ci_low"], row["ci_high"],
                    int(row["n_pairs"]), in_money)


def interval(lang: str, mean: float, lo: float, hi: float, n: int, in_money: bool = False,
             sign: bool = True) -> tuple[str, str]:
    """A mean and its 95% interval at one precision; an interval from fewer than 3
    replications is named as missing, never shown (it would be meaningless)."""
    if in_money:
        show = lambda x: money(x, lang, sign=sign)  # noqa: E731
    else:
        digits = decimals(mean, lo, hi) if n >= MIN_REPLICATIONS else None
        show = lambda x: number(x, lang, digits, sign=sign)  # noqa: E731
    if n < MIN_REPLICATIONS:
        return show(mean), t(lang, "ci_none", n=n)
    return show(mean), t(lang, "ci_text", lo=show(lo), hi=show(hi))


def change(lang: str, share: float) -> str:
    """A relative change as a signed percentage, three significant figures at most."""
    return number(100 * share, lang, sign=True) + "%" if pd.notna(share) else number(None, lang)


def answer(study: dict, comparison: pd.DataFrame, runs: pd.DataFrame,
           driver_table: pd.DataFrame, main: str, other: str | None, lang: str) -> list[tuple]:
    """The first screen: the bottom lines, the caveat, then what the answer depends on."""
    base = study["baseline"]
    scenarios = [s for s in study["scenarios"] if s != base and s not in ABLATIONS]
    rows = comparison.set_index(["cell", "scenario", "outcome"]).sort_index()
    workers = study.get("workers", {})
    b: list[tuple] = [("h2", t(lang, "headline")), ("p", _setting(study, main, lang))]
    lines = [_bottom_line(rows.loc[(main, s)], base, s, lang) for s in scenarios
             if (main, s) in rows.index.droplevel(2)]
    b.append(("answer", lines))
    reps = int(comparison.loc[comparison["cell"] == main, "n_pairs"].max())
    if reps < MIN_REPLICATIONS:
        b.append(("note", t(lang, "few_reps", n=reps)))
    b.append(("note", t(lang, "caveat_full" if study.get("uncertainty") == "full"
                        else "caveat_chance")))
    if other:
        b += _caseload_note(rows, main, other, scenarios, workers.get(other), lang)
    for s in scenarios:
        turn = horizon_turn(runs[runs["cell"] == main], base, s, study["weeks"])
        if turn:
            b.append(("p", _horizon_note(turn, s, lang)))
    if study["replications"] > len(study.get("priors") or []) + 2:  # PRCC's degrees of freedom
        b += _drivers_line(driver_table, main, lang)
    return b


def _setting(study: dict, main: str, lang: str) -> str:
    """Who is compared with what, where, for how long; the caseload when the cell names it."""
    text = t(lang, "head_intro", baseline=scenario_name(lang, study["baseline"], short=True),
             municipality=municipality_name(lang, study["municipality"]),
             weeks=study["weeks"], reps=study["replications"])
    workers, fpw = study.get("workers", {}).get(main), caseload_of(main)
    return text if not workers or fpw is None else \
        f"{text} {t(lang, 'head_staff', fpw=fpw, workers=workers)}"


def verdict_text(lang: str, rows: pd.DataFrame) -> str:
    """The verdict in words; a partial one names the outcomes it holds for."""
    word = verdict(rows)
    if word not in ("partly", "partly_worse"):
        return t(lang, "v_" + word)
    sure = sure_outcomes(rows)
    names = lambda keys: ", ".join(t(lang, "o_" + k) for k in keys)  # noqa: E731
    return t(lang, "v_" + word, sure=names(sure),
             rest=names([o for o in VERDICT_OUTCOMES if o not in sure]))


def _effect_phrase(lang: str, row, base: str) -> str:
    diff, ci = effect(lang, row)
    if int(row["n_pairs"]) < MIN_REPLICATIONS:
        return t(lang, "head_cost", diff=diff, ci=ci)
    return t(lang, "head_effect", diff=diff, ci=ci, prob=percent(row["prob_better"], lang),
             baseline=scenario_name(lang, base, short=True))


def _bottom_line(rows: pd.DataFrame, base: str, scenario: str, lang: str) -> tuple[str, str]:
    """('Kooperacje 3D', '— helps. Exits … ; crises … ; total cost …')."""
    diff, ci = effect(lang, rows.loc["cost_total"], in_money=True)
    text = t(lang, "head_line", verdict=verdict_text(lang, rows),
             exits=_effect_phrase(lang, rows.loc["exits_to_independence"], base),
             crises=_effect_phrase(lang, rows.loc["crises_total"], base),
             cost=t(lang, "head_cost", diff=diff, ci=ci))
    return scenario_name(lang, scenario, short=True), text


def _caseload_note(rows: pd.DataFrame, main: str, other: str, scenarios: list[str],
                   workers: int | None, lang: str) -> list[tuple]:
    """Each scenario at the other caseload; where its verdict changes there, a note that the
    answer depends on the caseload, with the worker hours that explain it."""
    shown = [s for s in scenarios if (other, s) in rows.index.droplevel(2)]
    if not shown or caseload_of(other) is None:
        return []
    def there(s: str) -> str:
        diff, ci = effect(lang, rows.loc[(other, s, "exits_to_independence")])
        return t(lang, "head_there", scenario=scenario_name(lang, s, short=True),
                 verdict=verdict_text(lang, rows.loc[(other, s)]), diff=diff, ci=ci)
    text = t(lang, "head_other", fpw=caseload_of(other), workers=workers or 0,
             scenarios="; ".join(there(s) for s in shown))
    changed = [s for s in shown
               if verdict(rows.loc[(other, s)]) not in (verdict(rows.loc[(main, s)]), "unknown")]
    if changed:
        hours = rows.loc[(other, changed[-1])]  # the last: the one with most coordination
        text = t(lang, "head_caseload", scenario=scenario_name(lang, changed[-1], short=True),
                 coord=hours.loc["hours_coordination", "mean_difference"],
                 direct=hours.loc["hours_direct", "mean_difference"]) + " " + text
    return [("p", text)]


def _horizon_note(turn: dict, scenario: str, lang: str) -> str:
    early, late = turn["early"], turn["late"]
    return t(lang, "head_horizon", scenario=scenario_name(lang, scenario, short=True),
             early=money(early["cost_total"], lang, sign=True),
             late=money(late["cost_total"], lang, sign=True),
             early_weeks=turn["early_weeks"], late_weeks=turn["late_weeks"],
             coord_early=money(early["cost_coordination"], lang, sign=True),
             crises_late=money(late["cost_crises"], lang, sign=True),
             services_late=money(late["cost_services"], lang, sign=True))


def _drivers_line(driver_table: pd.DataFrame, main: str, lang: str) -> list[tuple]:
    """The three assumptions the full model's effect on exits hinges on most."""
    top = driver_top(driver_table, main, "kooperacje_3d", "exits_to_independence")
    if not len(top):
        return []
    names = ", ".join(f"{r.parameter} ({number(r.prcc, lang, 2, sign=True)})"
                      for r in top.itertuples())
    return [("p", t(lang, "head_drivers", outcome=outcome_name(lang, "exits_to_independence"),
                    drivers=names))]
