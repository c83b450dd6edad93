"""Report sections of the roll-out and discovery studies: the regional projection and where it
falls, and the conditions under which Kooperacje 3D does not pay off."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.i18n import Vocabulary, decimals, localise_axes, number, render
from sim.i18n.names import scenario_name
from sim.report.texts import outcome_name

REGIONS = {"poland": {"en": "Poland", "pl": "Polska"}, "slaskie": {"en": "Silesia (śląskie)",
           "pl": "województwo śląskie"}, "malopolskie": {"en": "Lesser Poland (małopolskie)",
           "pl": "województwo małopolskie"}, "lodzkie": {"en": "Łódź province (łódzkie)",
           "pl": "województwo łódzkie"}, "opolskie": {"en": "Opole province (opolskie)",
           "pl": "województwo opolskie"}}

TEXT = Vocabulary({
    "en": {
        "rollout_head": "Roll-out: every municipality of {region}",
        "rollout_how": ("Each type of municipality ({types}) was simulated as its typical "
                        "municipality under each scenario, {n:#replication|replications} each "
                        "with parameter draws; the differences against the statutory baseline "
                        "are weighted by the number of municipalities of each type. Intervals "
                        "are the 2.5-97.5 percentiles over replications; they count chance in one "
                        "simulated municipality as if every municipality of its type shared it, "
                        "so they are wider than chance alone would make them."),
        "rollout_line": ("{scenario} in all {m:n} municipalities, over {weeks:n} weeks: exits to "
                         "independence {exits} (95% interval {lo} to {hi}); crises {crises}; "
                         "cost {cost:+zł} ({cpe:+zł} per exit)."),
        "by_type_head": "Where the difference falls, by type of municipality",
        "type": "type", "municipalities": "municipalities", "per_municipality": "per municipality",
        "total": "total", "share": "share of the difference",
        "city_county": "city counties", "urban": "urban gminas",
        "urban_rural": "urban-rural gminas", "rural": "rural gminas",
        "discovery_head": "Where {scenario} does not pay off",
        "discovery_how": ("Each case is one replication at one caseload: its drawn assumptions "
                          "and its families per worker. A case does not pay off when {criterion}. "
                          "PRIM (EMA Workbench) looks for the box of conditions that holds most "
                          "such cases; the box shown is the densest with at least {cov:%} of "
                          "them."),
        "no_gain": "the scenario gains no more exits than the baseline",
        "costlier": "its cost per exit is higher than the baseline's",
        "either": "it gains no exits or costs more per exit",
        "box": ("{scenario} does not pay off when {conditions}: in this box {density:%} of the "
                "cases do not pay off, and it holds {coverage:%} of all such cases "
                "({k:n} of {n:n})."),
        "never": "{scenario} paid off in every one of the {n:n} cases: nothing to discover.",
        "always": "{scenario} did not pay off in any of the {n:n} cases: nothing to discover.",
        "above": "{name} is above {value:n}", "below": "{name} is below {value:n}",
        "between": "{name} is between {low:n} and {high:n}", "and": " and ",
        "families_per_worker": "families per worker",
        "tradeoff": "PRIM's trade-off: coverage against density along the peeling",
        "coverage": "coverage", "density": "density",
        "res_dim": "conditions restricted", "chosen": "the box reported",
    },
    "pl": {
        "rollout_head": "Wdrożenie we wszystkich gminach: {region}",
        "rollout_how": ("Każdy typ gminy ({types}) zasymulowano jako typową gminę tego typu w "
                        "każdym scenariuszu, po {n:#powtórzenie|powtórzenia|powtórzeń} z "
                        "losowaniem parametrów; różnice względem ustawowego punktu odniesienia "
                        "zważono liczbą gmin każdego typu. Przedziały to percentyle 2,5-97,5 po "
                        "powtórzeniach; przypadek w jednej symulowanej gminie liczą tak, jakby "
                        "dotyczył wszystkich gmin tego typu, więc są szersze, niż wynikałoby to z "
                        "samego przypadku."),
        "rollout_line": ("{scenario} we wszystkich {m:n} gminach, w ciągu {weeks:n} tygodni: "
                         "usamodzielnienia {exits} (przedział 95%: od {lo} do {hi}); kryzysy "
                         "{crises}; koszt {cost:+zł} ({cpe:+zł} na jedno usamodzielnienie)."),
        "by_type_head": "Gdzie rozkłada się różnica, według typu gminy",
        "type": "typ", "municipalities": "gminy", "per_municipality": "na gminę",
        "total": "razem", "share": "udział w różnicy",
        "city_county": "miasta na prawach powiatu", "urban": "gminy miejskie",
        "urban_rural": "gminy miejsko-wiejskie", "rural": "gminy wiejskie",
        "discovery_head": "Kiedy {scenario} się nie opłaca",
        "discovery_how": ("Przypadek to jedno powtórzenie przy jednym obciążeniu: wylosowane "
                          "założenia i liczba rodzin na pracownika. Przypadek się nie opłaca, "
                          "gdy {criterion}. PRIM (EMA Workbench) szuka obszaru warunków, który "
                          "obejmuje najwięcej takich przypadków; pokazany obszar jest "
                          "najgęstszy spośród obejmujących co najmniej {cov:%} z nich."),
        "no_gain": "scenariusz nie daje więcej usamodzielnień niż punkt odniesienia",
        "costlier": "koszt jednego usamodzielnienia jest wyższy niż w punkcie odniesienia",
        "either": "nie daje usamodzielnień albo koszt usamodzielnienia jest wyższy",
        "box": ("{scenario} się nie opłaca, gdy {conditions}: w tym obszarze nie opłaca się "
                "{density:%} przypadków, a obszar obejmuje {coverage:%} wszystkich takich "
                "przypadków ({k:n} z {n:n})."),
        "never": "{scenario} opłacał się we wszystkich {n:n} przypadkach: nie ma czego szukać.",
        "always": "{scenario} nie opłacał się w żadnym z {n:n} przypadków: nie ma czego szukać.",
        "above": "{name} przekracza {value:n}", "below": "{name} jest poniżej {value:n}",
        "between": "{name} mieści się między {low:n} a {high:n}", "and": " i ",
        "families_per_worker": "liczba rodzin na pracownika",
        "tradeoff": "Kompromis PRIM: pokrycie a gęstość kolejnych obszarów",
        "coverage": "pokrycie", "density": "gęstość",
        "res_dim": "liczba warunków", "chosen": "obszar opisany w raporcie",
    },
})


def build(root: Path, study: dict, lang: str) -> list[tuple]:
    if study.get("kind") == "rollout" and (root / "rollout.csv").exists():
        return rollout_blocks(root, study, lang)
    if study.get("kind") == "discovery" and (root / "discovery.csv").exists():
        return discovery_blocks(root, study, lang)
    return []


def rollout_blocks(root: Path, study: dict, lang: str) -> list[tuple]:
    from sim.places import place_types

    total = pd.read_csv(root / "rollout.csv")
    by_type = pd.read_csv(root / "rollout_by_type.csv")
    kinds = place_types(study["region"])
    region = REGIONS[study["region"]][lang]
    types = ", ".join(f"{TEXT(lang, k.key)}: {number(k.count, lang)}" for k in kinds)
    blocks = [("h2", TEXT(lang, "rollout_head", region=region)),
              ("p", TEXT(lang, "rollout_how", types=types, n=study["replications"]))]
    lines = []
    for (cell, scenario), rows in total.groupby(["cell", "scenario"], sort=False):
        r = rows.set_index("outcome")
        exits = r.loc["exits_to_independence", ["difference", "low", "high"]].astype(float)
        digits = decimals(*exits)  # the effect and its interval in one precision
        lines.append(TEXT(lang, "rollout_line", scenario=scenario_name(lang, scenario),
                          m=sum(k.count for k in kinds), weeks=study["weeks"],
                          exits=number(exits["difference"], lang, digits, sign=True),
                          lo=number(exits["low"], lang, digits, sign=True),
                          hi=number(exits["high"], lang, digits, sign=True),
                          crises=number(r.loc["crises_total", "difference"], lang, sign=True),
                          cost=r.loc["cost_total", "difference"],
                          cpe=r.loc["cost_per_exit", "difference"]))
    blocks.append(("ul", lines))
    blocks.append(("h2", TEXT(lang, "by_type_head")))
    for outcome in ("exits_to_independence", "cost_total"):
        part = by_type[by_type["outcome"] == outcome]
        table = pd.DataFrame({
            "": [scenario_name(lang, s, short=True) for s in part["scenario"]],
            TEXT(lang, "type"): [TEXT(lang, t) for t in part["type"]],
            TEXT(lang, "municipalities"): [number(x, lang) for x in part["municipalities"]],
            f"{outcome_name(lang, outcome)}, {TEXT(lang, 'per_municipality')}":
                [number(x, lang, sign=True) for x in part["per_municipality"]],
            TEXT(lang, "total"): [number(x, lang, sign=True) for x in part["total"]],
            TEXT(lang, "share"): [render(lang, "{x:%}", x=x + 0.0)  # no "-0%"
                                  for x in part["share_of_difference"]],
        })
        blocks.append(("table", table))
    return blocks


def _condition(row, lang: str) -> str:
    name = TEXT(lang, "families_per_worker") if row.parameter == "families_per_worker" else (
        f"`{row.parameter}`")
    if row.restricted_low and row.restricted_high:
        return TEXT(lang, "between", name=name, low=row.low, high=row.high)
    if row.restricted_low:
        return TEXT(lang, "above", name=name, value=row.low)
    return TEXT(lang, "below", name=name, value=row.high)


def discovery_blocks(root: Path, study: dict, lang: str) -> list[tuple]:
    d = study["discovery"]
    box = pd.read_csv(root / "discovery.csv")
    scenario = scenario_name(lang, d["scenario"], short=True)
    blocks = [("h2", TEXT(lang, "discovery_head", scenario=scenario)),
              ("p", TEXT(lang, "discovery_how", criterion=TEXT(lang, d["criterion"]),
                         cov=d["min_coverage"]))]
    summary = pd.read_csv(root / "summary.csv")
    cases = int((summary["scenario"] == study["baseline"]).sum())
    if box.empty:
        from sim.analysis.discovery import cases as discovery_cases

        _, y = discovery_cases(summary, study["baseline"], d["scenario"], d["criterion"],
                               d["min_gain"])
        key = "always" if y.all() else "never"
        return [*blocks, ("p", TEXT(lang, key, scenario=scenario, n=cases))]
    first = box.iloc[0]
    conditions = TEXT(lang, "and").join(_condition(r, lang) for r in box.itertuples())
    blocks.append(("p", TEXT(lang, "box", scenario=scenario, conditions=conditions,
                             density=first["density"], coverage=first["coverage"],
                             k=first["of_interest"], n=first["cases"])))
    trade = pd.read_csv(root / "discovery_tradeoff.csv")
    path = root / "figures" / f"discovery_tradeoff.{lang}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5.5, 4))
    points = ax.scatter(trade["coverage"], trade["density"], c=trade["res_dim"], cmap="viridis")
    fig.colorbar(points, ax=ax, label=TEXT(lang, "res_dim"))
    ax.scatter([first["coverage"]], [first["density"]], s=160, facecolors="none",
               edgecolors="crimson", linewidths=2, label=TEXT(lang, "chosen"))
    ax.legend(loc="lower left")
    ax.set_xlabel(TEXT(lang, "coverage"))
    ax.set_ylabel(TEXT(lang, "density"))
    localise_axes(fig, lang)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    blocks.append(("img", str(path), TEXT(lang, "tradeoff")))
    return blocks
