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
from sim.state import Counters, State

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


# The weekly table (docs/ODD.md, Outputs) before weekly_frame's running totals: its columns in
# order, those that are floats (the others are counts, int64), and those copied as they are from
# the week's counters.
WEEKLY_COLUMNS = (
    "week", "active_families", "exited_families", "families_total", *WEEKLY_COUNTS,
    "mean_need", *NEED_MEANS, "problem_needs", "hidden_needs", "revealed_unserved_share",
    "mean_wait_weeks", "wait_weeks_sum", "queue_length", "open_ops_referrals", "in_foster_care",
    "in_shelter", "children_in_foster_care", "blue_card_procedures_open",
    "families_with_assistant", "hours_direct", "hours_coordination", "hours_administration",
    "hours_available", "partner_hours", "mean_caseload", "max_caseload", "mean_burnout",
    "mean_engagement", "task_teams", "pzk_maturity", "hours_coordinator",
    "hours_coordinator_post", "basket_currency", *NEED_PROBLEMS, *NEED_COUNT_KEYS,
    *NEED_SUM_KEYS, "cost_services", "cost_crises", "cost_coordination", "cost_total",
)
FLOAT_COLUMNS = frozenset((
    "mean_need", *NEED_MEANS, "revealed_unserved_share", "mean_wait_weeks",
    "children_in_foster_care", "hours_direct", "hours_coordination", "hours_administration",
    "hours_available", "partner_hours", "mean_caseload", "mean_burnout", "mean_engagement",
    "pzk_maturity", "hours_coordinator", "hours_coordinator_post", "basket_currency",
    *NEED_SUM_KEYS, "cost_services", "cost_crises", "cost_coordination", "cost_total",
))
COUNTED_COLUMNS = (
    *WEEKLY_COUNTS, "wait_weeks_sum", "queue_length", "in_foster_care", "in_shelter",
    "children_in_foster_care", "blue_card_procedures_open", "families_with_assistant",
    *NEED_COUNT_KEYS, *NEED_SUM_KEYS, "cost_services", "cost_crises",
)
COLUMN = {name: i for i, name in enumerate(WEEKLY_COLUMNS)}


class WeeklyRecord:
    """The model-level series: one row per week of :data:`WEEKLY_COLUMNS`, from the state and
    the week's counters (all declared by the processes, so a mistyped name fails). The rows are
    kept as floats in one growing table; :func:`weekly_frame` makes the counts integers again.
    ``record[i]`` is week i's row as a dict (``record[-1]`` the last)."""

    def __init__(self, cfg: SimConfig, counters: Counters, partnership: Partnership,
                 teams: TaskTeams, basket: Basket | None = None):
        self.cfg, self.partnership, self.teams, self.basket = cfg, partnership, teams, basket
        self.table = np.zeros((max(cfg.weeks, 1), len(WEEKLY_COLUMNS)))
        self.weeks = 0  # rows recorded
        self._counted = np.array([COLUMN[k] for k in COUNTED_COLUMNS])
        self._counters = np.array([counters.index(k) for k in COUNTED_COLUMNS])
        self._figures: np.ndarray | None = None  # columns of the week's other figures

    def __len__(self) -> int:
        return self.weeks

    def __getitem__(self, week: int) -> dict:
        values = self.table[: self.weeks][week]
        return {name: float(v) if name in FLOAT_COLUMNS else int(v)
                for name, v in zip(WEEKLY_COLUMNS, values)}

    def __call__(self, state: State) -> None:
        if self.weeks == len(self.table):
            self.table = np.concatenate([self.table, np.zeros_like(self.table)])
        row = self.table[self.weeks]
        self.weeks += 1
        row[self._counted] = state.counters.values[self._counters]
        figures = self.figures(state)
        if self._figures is None:
            self._figures = np.array([COLUMN[k] for k in figures])
        row[self._figures] = list(figures.values())

    def figures(self, state: State) -> dict:
        """This week's figures other than the counters' values, by column."""
        fam, force, t, costs = state.families, state.workforce, state.counters, self.cfg.costs
        book = state.referrals
        c = _family_figures(fam.view("status"), fam.view("severity"), fam.view("revealed"),
                            fam.view("known_served"), fam.view("engagement"), fam.view("team"),
                            fam.view("team_sectors"), book["family"], book["need"],
                            book["origin"], state.problem_threshold)
        w = _workforce_figures(force.caseload, force.burnout, force.hours["direct"],
                               force.hours["coordination"], force.hours["administration"])
        partner = (self.partnership.partner_hours()
                   + statutory.partner_hours(fam, self.cfg.behaviour.statutory)
                   + self.teams.partner_hours(c.team_sectors)
                   + t["basket_partner_hours"])
        leader = self.partnership.leader
        cost_coord = (w.hours_coordination * costs.worker_hour + partner * costs.partner_hour
                      + leader.post_hours() * costs.worker_hour)
        started = t["services_started"]
        return {
            "week": state.now,
            "active_families": c.active,
            "exited_families": c.exited,
            "families_total": fam.n,
            "mean_need": c.needs.mean() if c.active else 0.0,  # numpy's order of summation
            **dict(zip(NEED_MEANS, c.need_means)),
            "problem_needs": c.problem_needs,
            "hidden_needs": c.hidden,
            "revealed_unserved_share": c.unserved / c.revealed if c.revealed else 0.0,
            "mean_wait_weeks": t["wait_weeks_sum"] / started if started else np.nan,
            "open_ops_referrals": c.open_ops_referrals,
            "hours_direct": w.hours_direct,
            "hours_coordination": w.hours_coordination,
            "hours_administration": w.hours_administration,
            "hours_available": len(force) * force.cfg.weekly_hours,
            "partner_hours": partner,
            "mean_caseload": w.mean_caseload,
            "max_caseload": w.max_caseload,
            "mean_burnout": w.mean_burnout,
            "mean_engagement": c.mean_engagement,
            "task_teams": c.teams,
            "pzk_maturity": self.partnership.maturity,
            "hours_coordinator": leader.hours,
            "hours_coordinator_post": leader.post_hours(),
            "basket_currency": self.basket.currency if self.basket else 0.0,
            **dict(zip(NEED_PROBLEMS, c.problems)),
            "cost_coordination": cost_coord,
            "cost_total": t["cost_services"] + t["cost_crises"] + cost_coord,
        }


class FamilyFigures(NamedTuple):
    active: int
    exited: int
    needs: np.ndarray  # the active families' severities (family × need)
    need_means: np.ndarray  # per need, over active families
    problems: np.ndarray  # per need, problem needs of active families
    problem_needs: int  # all needs
    hidden: int  # problem needs the OPS does not know
    revealed: int  # problem needs the OPS knows
    unserved: int  # ... of which no referral covers and no one is known to serve
    teams: int  # active families with a ZZK
    team_sectors: int  # sectors at their tables
    mean_engagement: float  # over active families
    open_ops_referrals: int


@njit(cache=True)
def _family_figures(status, severity, revealed, known_served, engagement, team, team_sectors,
                    book_family, book_need, book_origin, threshold):
    """The week's counts and means over families (the means in numpy's order of summation,
    see :func:`column_sums`)."""
    d = severity.shape[1]
    covered = np.zeros((len(status), d), np.bool_)  # cells with an open referral
    open_ops = 0
    for b in range(len(book_family)):
        covered[book_family[b], book_need[b]] = True
        open_ops += book_origin[b] == OPS
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
    active = np.flatnonzero(status == ACTIVE)
    n = len(active)
    needs = severity[active]
    need_means = np.zeros(d)
    mean_engagement = 0.0
    if n:
        need_means = column_sums(needs) / n
        mean_engagement = column_sums(engagement[active].reshape((n, 1)))[0] / n
    return FamilyFigures(n, exited, needs, need_means, problems, problems.sum(), hidden, known,
                         unserved, teams, sectors, mean_engagement, open_ops)


class WorkforceFigures(NamedTuple):
    mean_caseload: float
    max_caseload: int
    mean_burnout: float
    hours_direct: float  # all workers
    hours_coordination: float
    hours_administration: float


@njit(cache=True)
def _workforce_figures(caseload, burnout, direct, coordination, administration):
    """The week's means and sums over workers (floats in numpy's order of summation)."""
    n = len(caseload)
    per_worker = np.empty((n, 3))
    per_worker[:, 0], per_worker[:, 1], per_worker[:, 2] = direct, coordination, administration
    hours = column_sums(per_worker)
    return WorkforceFigures(caseload.sum() / n, caseload.max(),
                            column_sums(burnout.reshape((n, 1)))[0] / n, hours[0], hours[1],
                            hours[2])


PAIRWISE_BLOCK = 128  # numpy's PW_BLOCKSIZE: runs up to this length are summed directly
PAIRWISE_LANES = 8  # ... in eight interleaved running sums


@njit(cache=True)
def column_sums(matrix):
    """Per column, the sum down the rows in the order of numpy's pairwise summation, so that a
    sum or mean here has the bits of numpy's ``matrix[:, j].sum()`` (a sequential sum may differ
    in the last bit).

    numpy halves a run of values longer than a block (cut at a multiple of the lanes), sums the
    halves apart and adds them. This walks the same tree with a stack (numba cannot cache a
    recursive function): a run is split, or summed as a block, and a split run's two sums are
    added once both are known."""
    n, d = matrix.shape
    depth = 3 * 64  # a run of 2**64 rows is split 64 times at most
    runs = np.empty((depth, 2), np.int64)  # (first row, length) of the runs still to sum
    halves_known = np.empty(depth, np.bool_)  # the run's two halves are summed
    sums = np.empty((depth, d))
    lanes = np.empty((PAIRWISE_LANES, d))
    n_runs, n_sums = 1, 0
    runs[0] = 0, n
    halves_known[0] = False
    while n_runs:
        n_runs -= 1
        start, length = runs[n_runs]
        if length <= PAIRWISE_BLOCK:
            _block_sums(matrix, start, length, sums[n_sums], lanes)
            n_sums += 1
        elif halves_known[n_runs]:
            n_sums -= 1
            for j in range(d):
                sums[n_sums - 1, j] += sums[n_sums, j]
        else:
            half = length // 2
            half -= half % PAIRWISE_LANES
            halves_known[n_runs] = True  # the run itself, then its right and left halves
            runs[n_runs + 1] = start + half, length - half
            runs[n_runs + 2] = start, half
            halves_known[n_runs + 1] = halves_known[n_runs + 2] = False
            n_runs += 3
    return sums[0].copy()


@njit(cache=True)
def _block_sums(matrix, start, n, out, lanes):
    """numpy's sum of a block of ``n`` rows from ``start``, per column: below the lanes one
    running sum, else eight interleaved ones added in pairs, then the rest one by one."""
    d = matrix.shape[1]
    if n < PAIRWISE_LANES:
        out[:] = 0.0
        for i in range(start, start + n):
            for j in range(d):
                out[j] += matrix[i, j]
        return
    whole = n - n % PAIRWISE_LANES
    lanes[:] = matrix[start: start + PAIRWISE_LANES]
    for i in range(start + PAIRWISE_LANES, start + whole, PAIRWISE_LANES):
        for lane in range(PAIRWISE_LANES):
            for j in range(d):
                lanes[lane, j] += matrix[i + lane, j]
    for j in range(d):
        out[j] = (((lanes[0, j] + lanes[1, j]) + (lanes[2, j] + lanes[3, j]))
                  + ((lanes[4, j] + lanes[5, j]) + (lanes[6, j] + lanes[7, j])))
    for i in range(start + whole, start + n):
        for j in range(d):
            out[j] += matrix[i, j]


def weekly_frame(record: WeeklyRecord) -> pd.DataFrame:
    """The weekly rows with running totals."""
    if not len(record):
        return pd.DataFrame()
    table = record.table[: len(record)]
    columns = {name: table[:, i] if name in FLOAT_COLUMNS else table[:, i].astype(np.int64)
               for i, name in enumerate(WEEKLY_COLUMNS)}
    columns["exits_cum"] = np.cumsum(columns["exits"])
    columns["reentries_cum"] = np.cumsum(columns["reentries"])
    columns["inflow_cum"] = np.cumsum(columns["inflow"])
    columns["crises_total"] = sum(columns[f"crises_{c}"] for c in CRISES)
    columns["cost_total_cum"] = np.cumsum(columns["cost_total"])
    return pd.DataFrame(columns)


def family_frame(state: State) -> pd.DataFrame:
    fam = state.families
    severity, revealed, crises = fam.view("severity"), fam.view("revealed"), fam.view("crises")
    return pd.DataFrame({
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
        **{f"{item}_{n}": values[:, i] for i, n in enumerate(NEEDS)
           for item, values in (("need", severity), ("revealed", revealed))},
        **{f"crises_{name}": crises[:, c] for c, name in enumerate(CRISES)},
    })


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
    lengths = [len(r) for _, r, _ in log]
    return pd.DataFrame({
        "week": np.repeat(np.array([w for w, _, _ in log], np.int64), lengths),
        "family_id": np.concatenate([r for _, r, _ in log]).astype(np.int64),
        "event": pd.Categorical.from_codes(
            np.repeat([MOVEMENTS.index(k) for _, _, k in log], lengths), MOVEMENTS),
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
    n_weeks = len(weekly)
    weekly = columns_of(weekly)
    started = weekly["services_started"].sum()
    exits = int(weekly["exits"].sum())
    cost = float(weekly["cost_total"].sum())
    out = {
        "scenario": scenario_label(cfg),
        "municipality": cfg.municipality.name,
        "seed": cfg.seed,
        "weeks": n_weeks,
        "active_families": int(weekly["active_families"][-1]),
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
        "final_mean_need": float(weekly["mean_need"][-1]),
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


def columns_of(weekly: pd.DataFrame) -> dict[str, np.ndarray]:
    """The weekly table's columns as contiguous float arrays, converted at once (numpy's sums
    and means of them are those of pandas; the counts' sums are exact)."""
    return dict(zip(weekly.columns, weekly.to_numpy(float).T.copy()))


def area_summary(weekly: dict[str, np.ndarray]) -> dict:
    """Per problem area, what the run cost in it: crises and their costs, service weeks and
    their costs (to the need served), worker and partner hours and coordination costs (shared
    each week in proportion to the active families' problem needs in the area), and the total.
    The areas' costs add up to the run's costs."""
    problems = np.stack([weekly[f"problems_{n}"] for n in NEEDS], axis=1)
    total = problems.sum(axis=1, keepdims=True)
    share = np.divide(problems, total, out=np.full_like(problems, 1.0 / len(NEEDS)),
                      where=total > 0)
    worker = (weekly["hours_direct"] + weekly["hours_coordination"]
              + weekly["hours_coordinator_post"])
    by_need = lambda item: np.array([weekly[f"{item}_{n}"].sum() for n in NEEDS])  # noqa: E731
    per_need = {
        "crises": by_need("crisis_events"),
        "cost_crises": by_need("cost_crises"),
        "service_weeks": by_need("service_weeks"),
        "cost_services": by_need("cost_services"),
        "hours_worker": worker @ share,
        "hours_partner": weekly["partner_hours"] @ share,
        "cost_coordination": weekly["cost_coordination"] @ share,
    }
    per_need["cost_total"] = (per_need["cost_crises"] + per_need["cost_services"]
                              + per_need["cost_coordination"])
    out = {}
    for area, needs in AREAS.items():
        idx = [NEEDS.index(n) for n in needs]
        for item in AREA_ITEMS:
            out[area_key(area, item)] = float(per_need[item][idx].sum())
    return out


def team_summary(weekly: dict[str, np.ndarray], programmes: pd.DataFrame) -> dict:
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
