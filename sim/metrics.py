"""What the model reports: weekly metrics, per-family records, event tables, a one-row summary.

Column meanings are documented in ``docs/ODD.md`` (Outputs). Reports read these tables; the model
never plots.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numba import njit

from sim.areas import AREA_ITEMS, AREAS, area_key
from sim.config import SimConfig
from sim.cooperation.basket import Basket
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import ENDINGS, TaskTeams
from sim.domain import CRISES, NEEDS, SECTORS
from sim.ordering import column_sums
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


# The weekly table (docs/ODD.md, Outputs) before weekly_frame's running totals: its columns in
# order, then the running totals; those that are floats (the others are counts, int64), and
# those copied as they are from the week's counters.
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
RUNNING_TOTALS = ("exits_cum", "reentries_cum", "inflow_cum", "crises_total", "cost_total_cum")
FLOAT_COLUMNS = frozenset((
    "mean_need", *NEED_MEANS, "revealed_unserved_share", "mean_wait_weeks",
    "children_in_foster_care", "hours_direct", "hours_coordination", "hours_administration",
    "hours_available", "partner_hours", "mean_caseload", "mean_burnout", "mean_engagement",
    "pzk_maturity", "hours_coordinator", "hours_coordinator_post", "basket_currency",
    *NEED_SUM_KEYS, "cost_services", "cost_crises", "cost_coordination", "cost_total",
    "cost_total_cum",
))
COUNTED_COLUMNS = (
    *WEEKLY_COUNTS, "wait_weeks_sum", "queue_length", "in_foster_care", "in_shelter",
    "children_in_foster_care", "blue_card_procedures_open", "families_with_assistant",
    *NEED_COUNT_KEYS, *NEED_SUM_KEYS, "cost_services", "cost_crises",
)
COLUMN = {name: i for i, name in enumerate(WEEKLY_COLUMNS)}
# where the compiled record writes the figures it computes (the per-need columns are runs of
# consecutive columns, in the order of NEEDS)
ACTIVE_FAMILIES, EXITED_FAMILIES, MEAN_NEED, NEED_MEAN, PROBLEM_NEEDS, HIDDEN_NEEDS = (
    COLUMN[k] for k in ("active_families", "exited_families", "mean_need", NEED_MEANS[0],
                        "problem_needs", "hidden_needs"))
REVEALED_UNSERVED_SHARE, OPEN_OPS_REFERRALS, MEAN_ENGAGEMENT, TASK_TEAMS, NEED_PROBLEM = (
    COLUMN[k] for k in ("revealed_unserved_share", "open_ops_referrals", "mean_engagement",
                        "task_teams", NEED_PROBLEMS[0]))
HOURS_DIRECT, HOURS_COORDINATION, HOURS_ADMINISTRATION, MEAN_CASELOAD, MAX_CASELOAD = (
    COLUMN[k] for k in ("hours_direct", "hours_coordination", "hours_administration",
                        "mean_caseload", "max_caseload"))
MEAN_BURNOUT, MEAN_WAIT_WEEKS, WAIT_WEEKS_SUM, SERVICES_STARTED = (
    COLUMN[k] for k in ("mean_burnout", "mean_wait_weeks", "wait_weeks_sum",
                        "services_started"))
# ... and those WeeklyRecord writes itself
(WEEK, FAMILIES_TOTAL, HOURS_AVAILABLE, PARTNER_HOURS, PZK_MATURITY, HOURS_COORDINATOR,
 HOURS_COORDINATOR_POST, BASKET_CURRENCY, COST_COORDINATION, COST_TOTAL, COST_SERVICES,
 COST_CRISES) = (COLUMN[k] for k in (
    "week", "families_total", "hours_available", "partner_hours", "pzk_maturity",
    "hours_coordinator", "hours_coordinator_post", "basket_currency", "cost_coordination",
    "cost_total", "cost_services", "cost_crises"))
assert all(COLUMN[name] == NEED_MEAN + j for j, name in enumerate(NEED_MEANS))
assert all(COLUMN[name] == NEED_PROBLEM + j for j, name in enumerate(NEED_PROBLEMS))


class WeeklyRecord:
    """The model-level series: one row per week of :data:`WEEKLY_COLUMNS`, from the state and
    the week's counters (all declared by the processes, so a mistyped name fails). The rows are
    kept as floats in one growing table; :func:`weekly_frame` makes the counts integers again.
    ``record[i]`` is week i's row as a dict (``record[-1]`` the last).

    One compiled pass writes the counts, means and sums over families and workers and the
    counters' columns straight into the row; the figures of the partnership, its leader, the
    basket and the costs of coordination that follow from them are written here."""

    def __init__(self, cfg: SimConfig, counters: Counters, partnership: Partnership,
                 teams: TaskTeams, basket: Basket | None = None):
        self.cfg, self.partnership, self.teams, self.basket = cfg, partnership, teams, basket
        self.table = np.zeros((max(cfg.weeks, 1), len(WEEKLY_COLUMNS)))
        self.weeks = 0  # rows recorded
        # per counted column, (its column, its counter)
        self._counted = np.array([(COLUMN[k], counters.index(k)) for k in COUNTED_COLUMNS])
        self._basket_partner_hours = counters.index("basket_partner_hours")
        # kept between weeks (each week writes what it reads): the family × need cells of
        # problems known and not known to be served, and the active families' severities and
        # engagement, in row order
        self._unserved = np.zeros((0, len(NEEDS)), bool)
        self._needs = np.zeros((0, len(NEEDS)))
        self._engagement = np.zeros(0)

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
        fam, force, counters = state.families, state.workforce, state.counters
        costs = self.cfg.costs
        if len(self._unserved) < fam.n:
            self._grow(fam.n)
        team_sectors = _weekly_row(
            row, fam.view("status"), fam.view("severity"), fam.view("revealed"),
            fam.view("known_served"), fam.view("engagement"), fam.view("team"),
            fam.view("team_sectors"), state.referrals.rows, state.problem_threshold,
            force.caseload, force.burnout, force.hours["direct"], force.hours["coordination"],
            force.hours["administration"], counters.values, self._counted, self._unserved,
            self._needs, self._engagement)
        partner = (self.partnership.partner_hours()
                   + statutory.partner_hours(fam, self.cfg.behaviour.statutory)
                   + self.teams.partner_hours(team_sectors)
                   + counters.values[self._basket_partner_hours])
        leader = self.partnership.leader
        cost_coordination = (row[HOURS_COORDINATION] * costs.worker_hour
                             + partner * costs.partner_hour
                             + leader.post_hours() * costs.worker_hour)
        row[WEEK], row[FAMILIES_TOTAL] = state.now, fam.n
        row[HOURS_AVAILABLE] = len(force) * force.cfg.weekly_hours
        row[PARTNER_HOURS] = partner
        row[PZK_MATURITY] = self.partnership.maturity
        row[HOURS_COORDINATOR], row[HOURS_COORDINATOR_POST] = leader.hours, leader.post_hours()
        row[BASKET_CURRENCY] = self.basket.currency if self.basket else 0.0
        row[COST_COORDINATION] = cost_coordination
        row[COST_TOTAL] = row[COST_SERVICES] + row[COST_CRISES] + cost_coordination

    def _grow(self, families: int) -> None:
        rows = max(families, 2 * len(self._unserved))
        self._unserved = np.zeros((rows, len(NEEDS)), bool)
        self._needs = np.zeros((rows, len(NEEDS)))
        self._engagement = np.zeros(rows)


@njit(cache=True)
def _weekly_row(row, status, severity, revealed, known_served, engagement, team, team_sectors,
                book, threshold, caseload, burnout, direct, coordination, administration,
                counters, counted, unserved_cells, needs, engagement_of_active):
    """The week's row but the figures outside the family table, the workforce and the
    counters; returns the sectors seated at the active families' task teams."""
    for k in range(len(counted)):
        row[counted[k, 0]] = counters[counted[k, 1]]
    started = row[SERVICES_STARTED]
    row[MEAN_WAIT_WEEKS] = row[WAIT_WEEKS_SUM] / started if started else np.nan
    _workforce_figures(row, caseload, burnout, direct, coordination, administration)
    return _family_figures(row, status, severity, revealed, known_served, engagement, team,
                           team_sectors, book, threshold, unserved_cells, needs,
                           engagement_of_active)


@njit(cache=True)
def _family_figures(row, status, severity, revealed, known_served, engagement, team,
                    team_sectors, book, threshold, unserved_cells, needs, engagement_of_active):
    """The week's counts and means over families (the means in numpy's order of summation,
    see :func:`column_sums`, over the active families' rows gathered in ``needs`` and
    ``engagement_of_active``); returns the sectors at the active families' task teams.
    A revealed problem the worker does not know to be served is unserved unless a referral
    for it is open: ``unserved_cells`` (family × need) marks the first, and the book takes off
    the cells it has."""
    d = severity.shape[1]
    problems = np.zeros(d, np.int64)
    # the cells' flags as bytes: counted and combined without a branch or a conversion
    revealed, known_served = revealed.view(np.uint8), known_served.view(np.uint8)
    unserved_cells = unserved_cells.view(np.uint8)
    n = exited = known = unserved = teams = sectors = 0
    for r in range(len(status)):
        if status[r] == EXITED:
            exited += 1
        if status[r] != ACTIVE:
            for j in range(d):
                unserved_cells[r, j] = 0
            continue
        if team[r]:
            teams += 1
            sectors += team_sectors[r]
        for j in range(d):
            needs[n, j] = severity[r, j]
            problem = np.uint8(severity[r, j] > threshold)
            problems[j] += problem
            known_problem = problem & revealed[r, j]
            known += known_problem
            unserved_cells[r, j] = known_problem & (known_served[r, j] ^ 1)
            unserved += unserved_cells[r, j]
        engagement_of_active[n] = engagement[r]
        n += 1
    row[NEED_PROBLEM: NEED_PROBLEM + d] = problems
    hidden = problems.sum() - known
    open_ops = 0
    for b in range(len(book)):
        open_ops += book[b].origin == OPS
        if unserved_cells[book[b].family, book[b].need]:
            unserved_cells[book[b].family, book[b].need] = 0  # one open referral is enough
            unserved -= 1
    means = row[NEED_MEAN: NEED_MEAN + d]
    means[:] = 0.0
    row[MEAN_NEED] = row[MEAN_ENGAGEMENT] = 0.0
    if n:
        means[:] = column_sums(needs[:n]) / n
        row[MEAN_NEED] = column_sums(needs[:n].reshape(n * d))[0] / (n * d)
        row[MEAN_ENGAGEMENT] = column_sums(engagement_of_active[:n])[0] / n
    row[ACTIVE_FAMILIES], row[EXITED_FAMILIES] = n, exited
    row[PROBLEM_NEEDS], row[HIDDEN_NEEDS] = known + hidden, hidden
    row[REVEALED_UNSERVED_SHARE] = unserved / known if known else 0.0
    row[OPEN_OPS_REFERRALS], row[TASK_TEAMS] = open_ops, teams
    return sectors


@njit(cache=True)
def _workforce_figures(row, caseload, burnout, direct, coordination, administration):
    """The week's means and sums over workers (floats in numpy's order of summation)."""
    n = len(caseload)
    per_worker = np.empty((n, 4))
    per_worker[:, 0], per_worker[:, 1], per_worker[:, 2] = direct, coordination, administration
    per_worker[:, 3] = burnout
    sums = column_sums(per_worker)
    row[HOURS_DIRECT], row[HOURS_COORDINATION] = sums[0], sums[1]
    row[HOURS_ADMINISTRATION] = sums[2]
    row[MEAN_CASELOAD], row[MAX_CASELOAD] = caseload.sum() / n, caseload.max()
    row[MEAN_BURNOUT] = sums[3] / n


def weekly_columns(record: WeeklyRecord) -> dict[str, np.ndarray]:
    """The weekly table's columns (:data:`WEEKLY_COLUMNS`, then :data:`RUNNING_TOTALS`) as
    contiguous float arrays, counts too: what :func:`summary` reads (numpy's sums and means of
    them are those of the frame's columns)."""
    columns = dict(zip(WEEKLY_COLUMNS, record.table[: len(record)].T.copy()))
    columns["exits_cum"] = np.cumsum(columns["exits"])
    columns["reentries_cum"] = np.cumsum(columns["reentries"])
    columns["inflow_cum"] = np.cumsum(columns["inflow"])
    columns["crises_total"] = sum(columns[f"crises_{c}"] for c in CRISES)
    columns["cost_total_cum"] = np.cumsum(columns["cost_total"])
    return columns


def weekly_frame(record: WeeklyRecord, columns: dict[str, np.ndarray] | None = None,
                 **constants: int) -> pd.DataFrame:
    """The weekly rows with running totals (``columns``: :func:`weekly_columns`, when made
    already): the frame of :func:`table_columns`."""
    if not len(record):
        return pd.DataFrame()
    return pd.DataFrame(table_columns(weekly_columns(record) if columns is None else columns,
                                      **constants))


def table_columns(columns: dict[str, np.ndarray], **constants: int) -> dict[str, np.ndarray]:
    """The weekly table's columns as its frame has them (``columns``: :func:`weekly_columns`):
    counts as integers, then a column per constant (the run's seed). A study writes them to
    Parquet and gathers them as arrays, without making the frame."""
    weeks = len(columns["week"])
    return {**{name: values if name in FLOAT_COLUMNS else values.astype(np.int64)
               for name, values in columns.items()},
            **{name: np.full(weeks, value, np.int64) for name, value in constants.items()}}


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


def summary(cfg: SimConfig, weekly: dict[str, np.ndarray], closed_team_weeks: int) -> dict:
    """One row of final outcomes for comparisons from the weekly table's columns
    (:func:`weekly_columns`; ``closed_team_weeks``: the weeks the ZZKs closed during the run
    lasted, together)."""
    n_weeks = len(weekly["week"])
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
        **team_summary(weekly, closed_team_weeks),
        "hours_coordinator": float(weekly["hours_coordinator"].sum()),
        "basket_take_overs": int(weekly["basket_take_overs"].sum()),
        "basket_services": int(weekly["basket_services"].sum()),
        "basket_places": int(weekly["basket_places"].sum()),
        **{f"unmet_{n}": float(weekly[f"unmet_{n}"].mean()) for n in NEEDS},
        **area_summary(weekly),
    }
    return out


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
    # correctly rounded sums, not BLAS's ``@``: its kernels (chosen by the CPU) round differently
    shared = lambda hours: np.array([math.fsum(c) for c in (hours[:, None] * share).T])  # noqa: E731
    per_need = {
        "crises": by_need("crisis_events"),
        "cost_crises": by_need("cost_crises"),
        "service_weeks": by_need("service_weeks"),
        "cost_services": by_need("cost_services"),
        "hours_worker": shared(worker),
        "hours_partner": shared(weekly["partner_hours"]),
        "cost_coordination": shared(weekly["cost_coordination"]),
    }
    per_need["cost_total"] = (per_need["cost_crises"] + per_need["cost_services"]
                              + per_need["cost_coordination"])
    out = {}
    for area, needs in AREAS.items():
        idx = [NEEDS.index(n) for n in needs]
        for item in AREA_ITEMS:
            out[area_key(area, item)] = float(per_need[item][idx].sum())
    return out


def team_summary(weekly: dict[str, np.ndarray], closed_team_weeks: int) -> dict:
    """ZZK life cycles: how many teams started, how they ended and how long they lasted."""
    ended = {e: int(weekly[f"teams_ended_{e}"].sum()) for e in ENDINGS}
    n_ended = sum(ended.values())
    return {
        "teams_started": int(weekly["teams_formed"].sum()),
        "teams_success_share": ended["success"] / n_ended if n_ended else float("nan"),
        "teams_mean_duration_weeks": closed_team_weeks / n_ended if n_ended else float("nan"),
        **{f"teams_ended_{e}": n for e, n in ended.items()},
    }
