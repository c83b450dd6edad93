"""What the model reports: weekly metrics, per-family records, event tables, a one-row summary.

Column meanings are documented in ``docs/ODD.md`` (Outputs). Reports read these tables; the model
never plots.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numba import njit

from sim.config import SimConfig
from sim.cooperation.basket import Basket
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import ENDINGS, TaskTeams
from sim.domain import CRISES, NEEDS, SECTORS
from sim.population import ACTIVE, EXITED
from sim.processes import statutory
from sim.referrals import OPS
from sim.state import State

WEEKLY_COUNTS = (
    "inflow", "exits", "reentries", "shocks", "observations", "shared_reports",
    "own_initiative_services", "contacts", "needs_diagnosed", "teams_formed", "teams_ended",
    *(f"teams_ended_{e}" for e in ENDINGS), "relapses_noticed",
    "referrals_made", "referrals_refused", "referrals_misdirected", "referrals_completed",
    "referrals_ended", "referrals_dropped", "services_started", "service_weeks",
    "duplicate_service_weeks", *(f"crises_{c}" for c in CRISES), "group_needs_revealed",
    "assistance_started", "assistance_ended", "assistant_needs_revealed",
    "basket_take_overs", "basket_services", "basket_places",
)
# per need domain: unmet demand, services and crises attributed to the need (docs/ODD.md, 7.21)
NEED_COUNTS = ("unmet", "service_weeks", "crisis_events")
NEED_SUMS = ("cost_services", "cost_crises")
NEED_MEANS = tuple(f"need_{n}" for n in NEEDS)
NEED_PROBLEMS = tuple(f"problems_{n}" for n in NEEDS)
NEED_COUNT_KEYS = tuple(f"{k}_{n}" for k in NEED_COUNTS for n in NEEDS)
NEED_SUM_KEYS = tuple(f"{k}_{n}" for k in NEED_SUMS for n in NEEDS)

# Problem areas of the costs of non-cooperation (koszty zaniechania kooperacji): the reasons for
# assistance of the MRPiPS-03 statistics grouped as the programme's cost-of-inaction cards group
# them (domestic violence, care and upbringing, homelessness, …); each need belongs to one area.
AREAS: dict[str, tuple[str, ...]] = {
    "domestic_violence": ("violence",),
    "children_care": ("parenting", "education"),
    "homelessness_housing": ("housing",),
    "addiction": ("addiction",),
    "unemployment_poverty": ("income", "employment"),
    "disability_illness": ("health",),
    "old_age": ("elder_care",),
    "justice": ("justice",),
}
AREA_ITEMS = ("crises", "cost_crises", "service_weeks", "cost_services", "hours_worker",
              "hours_partner", "cost_coordination", "cost_total")
AREA_PREFIX = "area:"


def area_key(area: str, item: str) -> str:
    """The summary key of one problem area's item, e.g. ``area:old_age:cost_total``."""
    return f"{AREA_PREFIX}{area}:{item}"


class WeeklyRecord:
    """The model-level series: one row per week, from the state and the week's counters (all
    declared by the processes, so a mistyped name fails)."""

    def __init__(self, cfg: SimConfig, partnership: Partnership, teams: TaskTeams,
                 basket: Basket | None = None):
        self.cfg, self.partnership, self.teams, self.basket = cfg, partnership, teams, basket
        self.rows: list[dict] = []

    def __call__(self, state: State) -> None:
        self.rows.append(self.row(state))

    def row(self, state: State) -> dict:
        fam, force, t, costs = state.families, state.workforce, state.counters, self.cfg.costs
        status = fam.view("status")
        active = status == ACTIVE
        sev = fam.view("severity")[active]
        book = state.referrals
        c = _family_counts(status, fam.view("severity"), fam.view("revealed"),
                           fam.view("known_served"), fam.view("team"), fam.view("team_sectors"),
                           book["family"], book["need"], state.problem_threshold)
        n_active, n_revealed = len(sev), c.revealed
        need_means = [sev[:, i].mean() if n_active else 0.0 for i in range(len(NEEDS))]
        hours = {k: float(v.sum()) for k, v in force.hours.items()}
        partner = (self.partnership.partner_hours()
                   + statutory.partner_hours(fam, self.cfg.behaviour.statutory)
                   + self.teams.partner_hours(c.team_sectors)
                   + t["basket_partner_hours"])
        leader = self.partnership.leader
        cost_coord = (hours["coordination"] * costs.worker_hour + partner * costs.partner_hour
                      + leader.post_hours() * costs.worker_hour)
        row = {
            "week": state.now,
            "active_families": n_active,
            "exited_families": c.exited,
            "families_total": fam.n,
            **{k: int(t[k]) for k in WEEKLY_COUNTS},
            "mean_need": float(sev.mean()) if n_active else 0.0,
            **dict(zip(NEED_MEANS, map(float, need_means))),
            "problem_needs": int(c.problems.sum()),
            "hidden_needs": c.hidden,
            "revealed_unserved_share": c.unserved / n_revealed if n_revealed else 0.0,
            "mean_wait_weeks": (t["wait_weeks_sum"] / t["services_started"]
                                if t["services_started"] else np.nan),
            "wait_weeks_sum": int(t["wait_weeks_sum"]),
            "queue_length": int(t["queue_length"]),
            "open_ops_referrals": int((book["origin"] == OPS).sum()),
            "in_foster_care": int(t["in_foster_care"]),
            "in_shelter": int(t["in_shelter"]),
            "children_in_foster_care": float(t["children_in_foster_care"]),
            "blue_card_procedures_open": int(t["blue_card_procedures_open"]),
            "families_with_assistant": int(t["families_with_assistant"]),
            "hours_direct": hours["direct"],
            "hours_coordination": hours["coordination"],
            "hours_administration": hours["administration"],
            "hours_available": float(len(force) * force.cfg.weekly_hours),
            "partner_hours": partner,
            "mean_caseload": float(force.caseload.mean()),
            "max_caseload": int(force.caseload.max()),
            "mean_burnout": float(force.burnout.mean()),
            "mean_engagement": (float(fam.view("engagement")[active].mean()) if n_active
                                else 0.0),
            "task_teams": c.teams,
            "pzk_maturity": float(self.partnership.maturity),
            "hours_coordinator": leader.hours,
            "hours_coordinator_post": leader.post_hours(),
            "basket_currency": float(self.basket.currency) if self.basket else 0.0,
            **dict(zip(NEED_PROBLEMS, c.problems.tolist())),
            **{k: int(t[k]) for k in NEED_COUNT_KEYS},
            **{k: float(t[k]) for k in NEED_SUM_KEYS},
            "cost_services": float(t["cost_services"]),
            "cost_crises": float(t["cost_crises"]),
            "cost_coordination": cost_coord,
        }
        row["cost_total"] = row["cost_services"] + row["cost_crises"] + row["cost_coordination"]
        return row


class FamilyCounts(NamedTuple):
    exited: int
    problems: np.ndarray  # per need, problem needs of active families
    hidden: int  # problem needs the OPS does not know
    revealed: int  # problem needs the OPS knows
    unserved: int  # ... of which no referral covers and no one is known to serve
    teams: int  # active families with a ZZK
    team_sectors: int  # sectors at their tables


@njit(cache=True)
def _family_counts(status, severity, revealed, known_served, team, team_sectors, book_family,
                   book_need, threshold):
    """The week's counts over families, in one pass."""
    d = severity.shape[1]
    covered = np.zeros((len(status), d), np.bool_)  # cells with an open referral
    for b in range(len(book_family)):
        covered[book_family[b], book_need[b]] = True
    problems = np.zeros(d, np.int64)
    exited = hidden = known = unserved = teams = sectors = 0
    for r in range(len(status)):
        if status[r] == EXITED:
            exited += 1
        if status[r] != ACTIVE:
            continue
        if team[r]:
            teams += 1
            sectors += team_sectors[r]
        for j in range(d):
            if severity[r, j] > threshold:
                problems[j] += 1
                if not revealed[r, j]:
                    hidden += 1
                else:
                    known += 1
                    if not known_served[r, j] and not covered[r, j]:
                        unserved += 1
    return FamilyCounts(exited, problems, hidden, known, unserved, teams, sectors)


def weekly_frame(rows: list[dict]) -> pd.DataFrame:
    """The weekly rows with running totals."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["exits_cum"] = frame["exits"].cumsum()
    frame["reentries_cum"] = frame["reentries"].cumsum()
    frame["inflow_cum"] = frame["inflow"].cumsum()
    frame["crises_total"] = frame[[f"crises_{c}" for c in CRISES]].sum(axis=1)
    frame["cost_total_cum"] = frame["cost_total"].cumsum()
    return frame


def family_frame(state: State) -> pd.DataFrame:
    fam = state.families
    frame = pd.DataFrame({
        "family_id": np.arange(fam.n),
        "size": fam.view("size"),
        "children": fam.view("children"),
        "senior": fam.view("senior"),
        "single": fam.view("single"),
        "status": np.where(fam.view("status") == ACTIVE, "active", "exited"),
        "entered_week": fam.view("entered_week"),
        "problems_at_entry": fam.view("problems_at_entry"),
        "exits": fam.view("exits"),
        "reentries": fam.view("reentries"),
        "weeks_active": fam.view("weeks_active"),
        "engagement": fam.view("engagement"),
        "worker": fam.view("worker"),
        "task_team": fam.view("team"),
    })
    for i, n in enumerate(NEEDS):
        frame[f"need_{n}"] = fam.view("severity")[:, i]
        frame[f"revealed_{n}"] = fam.view("revealed")[:, i]
    for c, name in enumerate(CRISES):
        frame[f"crises_{name}"] = fam.view("crises")[:, c]
    return frame


def crisis_frame(state: State) -> pd.DataFrame:
    log = state.crisis_log
    weeks = np.concatenate([w for w, _, _ in log]) if log else np.zeros(0, np.int64)
    rows = np.concatenate([r for _, r, _ in log]) if log else np.zeros(0, np.int64)
    kinds = np.concatenate([np.full(len(r), CRISES.index(k)) for _, r, k in log]) if log else []
    return pd.DataFrame({
        "week": weeks.astype(np.int64), "family_id": rows.astype(np.int64),
        "crisis": pd.Categorical.from_codes(np.asarray(kinds, np.int64), CRISES),
    })


MOVEMENTS = ("entry", "exit", "reentry")


def movement_frame(state: State) -> pd.DataFrame:
    """Entries, exits to independence and re-entries (week 0 = the initial caseload)."""
    log = state.movement_log
    weeks = np.concatenate([np.full(len(r), w) for w, r, _ in log])
    return pd.DataFrame({
        "week": weeks.astype(np.int64),
        "family_id": np.concatenate([r for _, r, _ in log]).astype(np.int64),
        "event": pd.Categorical.from_codes(
            np.concatenate([np.full(len(r), MOVEMENTS.index(k)) for _, r, k in log]), MOVEMENTS),
    })


def referral_frame(state: State) -> pd.DataFrame:
    return state.referrals.log_frame(state.institutions.sector, SECTORS)


def programme_frame(state: State) -> pd.DataFrame:
    """Every ZZK ever formed: its family's plan (goals, members), span and how it ended."""
    return state.programmes.frame(state.now)


PRESET_DIMENSIONS = {"siloed": (), "costs_only": ("pzk", "zzk", "client_work"),
                     "pzk": ("pzk",), "pzk_zzk": ("pzk", "zzk"),
                     "kooperacje_3d": ("pzk", "zzk", "client_work"),
                     "without_basket": ("pzk", "zzk", "client_work"),
                     "without_leader": ("pzk", "zzk", "client_work")}


def scenario_label(cfg) -> str:
    """The scenario's name, or 'custom(...)' when its switched-on dimensions are not the
    preset's."""
    on = tuple(d for d in ("pzk", "zzk", "client_work") if getattr(cfg.scenario, d).enabled)
    if PRESET_DIMENSIONS.get(cfg.scenario.name) == on:
        return cfg.scenario.name
    return "custom(" + "+".join(on or ("none",)) + ")"


def summary(cfg: SimConfig, weekly: pd.DataFrame, programmes: pd.DataFrame) -> dict:
    """One row of final outcomes for comparisons."""
    last = weekly.iloc[-1]
    started = weekly["services_started"].sum()
    exits = int(weekly["exits"].sum())
    cost = float(weekly["cost_total"].sum())
    out = {
        "scenario": scenario_label(cfg),
        "municipality": cfg.municipality.name,
        "seed": cfg.seed,
        "weeks": int(len(weekly)),
        "active_families": int(last["active_families"]),
        "exits_to_independence": exits,
        "reentries": int(weekly["reentries"].sum()),
        "inflow": int(weekly["inflow"].sum()),
        **{f"crises_{c}": int(weekly[f"crises_{c}"].sum()) for c in CRISES},
        "children_placed": float(weekly["crises_foster_care"].sum()
                                 * cfg.costs.children_per_placement),
        "blue_card_procedures": int(weekly["crises_niebieska_karta"].sum()),
        "families_assisted": int(weekly["assistance_started"].sum()),
        "crises_total": int(weekly["crises_total"].sum()),
        "mean_need": float(weekly["mean_need"].mean()),
        "final_mean_need": float(last["mean_need"]),
        "revealed_unserved_share": float(weekly["revealed_unserved_share"].mean()),
        "hidden_needs": float(weekly["hidden_needs"].mean()),
        "referrals_made": int(weekly["referrals_made"].sum()),
        "referrals_completed": int(weekly["referrals_completed"].sum()),
        "referrals_dropped": int(weekly["referrals_dropped"].sum()),
        "referrals_misdirected": int(weekly["referrals_misdirected"].sum()),
        "mean_wait_weeks": float(weekly["wait_weeks_sum"].sum() / started) if started else 0.0,
        "duplicate_service_weeks": int(weekly["duplicate_service_weeks"].sum()),
        "contacts": int(weekly["contacts"].sum()),
        "hours_direct": float(weekly["hours_direct"].sum()),
        "hours_coordination": float(weekly["hours_coordination"].sum()),
        "hours_administration": float(weekly["hours_administration"].sum()),
        "mean_caseload": float(weekly["mean_caseload"].mean()),
        "mean_burnout": float(weekly["mean_burnout"].mean()),
        "cost_services": float(weekly["cost_services"].sum()),
        "cost_crises": float(weekly["cost_crises"].sum()),
        "cost_coordination": float(weekly["cost_coordination"].sum()),
        "cost_total": cost,
        "cost_per_exit": cost / exits if exits else float("nan"),
        **team_summary(weekly, programmes),
        "hours_coordinator": float(weekly["hours_coordinator"].sum()),
        "basket_take_overs": int(weekly["basket_take_overs"].sum()),
        "basket_services": int(weekly["basket_services"].sum()),
        "basket_places": int(weekly["basket_places"].sum()),
        **{f"unmet_{n}": float(weekly[f"unmet_{n}"].mean()) for n in NEEDS},
        **area_summary(weekly),
    }
    return out


def area_summary(weekly: pd.DataFrame) -> dict:
    """Per problem area, what the run cost in it: crises and their costs, service weeks and
    their costs (to the need served), worker and partner hours and coordination costs (shared
    each week in proportion to the active families' problem needs in the area), and the total.
    The areas' costs add up to the run's costs."""
    problems = np.stack([weekly[f"problems_{n}"].to_numpy(float) for n in NEEDS], axis=1)
    total = problems.sum(axis=1, keepdims=True)
    share = np.divide(problems, total, out=np.full_like(problems, 1.0 / len(NEEDS)),
                      where=total > 0)
    worker = (weekly["hours_direct"] + weekly["hours_coordination"]
              + weekly["hours_coordinator_post"]).to_numpy(float)
    per_need = {
        "crises": weekly[[f"crisis_events_{n}" for n in NEEDS]].sum().to_numpy(float),
        "cost_crises": weekly[[f"cost_crises_{n}" for n in NEEDS]].sum().to_numpy(float),
        "service_weeks": weekly[[f"service_weeks_{n}" for n in NEEDS]].sum().to_numpy(float),
        "cost_services": weekly[[f"cost_services_{n}" for n in NEEDS]].sum().to_numpy(float),
        "hours_worker": worker @ share,
        "hours_partner": weekly["partner_hours"].to_numpy(float) @ share,
        "cost_coordination": weekly["cost_coordination"].to_numpy(float) @ share,
    }
    per_need["cost_total"] = (per_need["cost_crises"] + per_need["cost_services"]
                              + per_need["cost_coordination"])
    out = {}
    for area, needs in AREAS.items():
        idx = [NEEDS.index(n) for n in needs]
        for item in AREA_ITEMS:
            out[area_key(area, item)] = float(per_need[item][idx].sum())
    return out


def team_summary(weekly: pd.DataFrame, programmes: pd.DataFrame) -> dict:
    """ZZK life cycles: how many teams started, how they ended and how long they lasted."""
    ended = {e: int(weekly[f"teams_ended_{e}"].sum()) for e in ENDINGS}
    n_ended = sum(ended.values())
    closed = programmes["week_ended"] >= 0
    return {
        "teams_started": int(weekly["teams_formed"].sum()),
        "teams_success_share": ended["success"] / n_ended if n_ended else float("nan"),
        "teams_mean_duration_weeks": (float(programmes.loc[closed, "duration_weeks"].mean())
                                      if n_ended else float("nan")),
        **{f"teams_ended_{e}": n for e, n in ended.items()},
    }
