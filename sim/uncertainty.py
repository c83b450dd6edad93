"""What we do not know: plausible ranges for the assumed benefits (and costs) of cooperation.

The size of each coordination benefit (faster referrals, information sharing, trust, fewer
dropouts…) has no source: it is marked ``assumption`` in ``sim/config.py``. A study with
``uncertainty=full`` therefore draws these parameters from the priors below, once per
replication, and every scenario of that replication uses the same draw (common random numbers
extend to parameters). The comparison's intervals then count both chance and these assumptions.

Every prior keeps a null or near-null benefit inside its range, as the evaluation literature
does (``/work/shared/design/domain.md``, "Evaluation literature"):

- Troubled Families (England), phase 1: no significant impact (NIESR 2016); phase 2: some
  outcomes −10% to −32%, others null;
- wraparound: mean effect size about 0.33 (Suter & Bruns 2009, meta-analysis);
- integrated care: outcomes about ×1.06, costs about ×0.94, from low-quality studies.

Adding a parameter is one line in :data:`PRIORS`; ``tests/test_uncertainty.py`` checks that
every key exists in the config and that its range lies inside the parameter's allowed range.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.overrides import apply_overrides, get_value

MODES = ("full", "chance")
STREAM = 0x55AC  # spawn-key tag of parameter draws, apart from the model's own streams

TF = "Troubled Families phase 1: no significant impact (NIESR 2016)"
WRAP = "wraparound: mean effect size ~0.33 (Suter & Bruns 2009)"
IC = "integrated care: outcomes ~x1.06, costs ~x0.94, low-quality evidence"


@dataclass(frozen=True)
class Prior:
    """A distribution over [low, high], as its quantile function, and why it looks like this.

    The three quantile functions below are scipy.stats' own (``uniform``, ``triang``,
    ``randint``: the same arithmetic, so the same draws to the last bit, which
    tests/test_uncertainty.py checks), written out because importing scipy.stats takes about a
    second, and a study draws its parameters before its first run can start."""

    quantile: Callable[[float], float]
    low: float
    high: float
    label: str
    reason: str
    integer: bool = False


def uniform(low: float, high: float, reason: str) -> Prior:
    scale = high - low
    return Prior(lambda q: q * scale + low, low, high, f"uniform({low:g}, {high:g})", reason)


def triangular(low: float, mode: float, high: float, reason: str) -> Prior:
    """Most likely at ``mode``, never outside [low, high]."""
    scale = high - low
    c = (mode - low) / scale

    def quantile(q: float) -> float:
        x = math.sqrt(c * q) if q < c else 1 - math.sqrt((1 - c) * (1 - q))
        return x * scale + low

    return Prior(quantile, low, high, f"triangular({low:g}, {mode:g}, {high:g})", reason)


def integers(low: int, high: int, reason: str) -> Prior:
    """Each integer from ``low`` to ``high`` (inclusive) equally likely."""
    count = high + 1 - low

    def quantile(q: float) -> float:
        if q == 0:  # below the support, as scipy.stats gives it
            return float(low - 1)
        upper = math.ceil(q * count + low) - 1
        lower = min(max(upper - 1, low), high + 1)
        return float(lower if (lower - low + 1.0) / count >= q else upper)

    return Prior(quantile, low, high, f"integers {low}..{high}", reason, integer=True)


PRIORS: dict[str, Prior] = {
    # D1, PZK: benefits
    "scenario.pzk.information_sharing": triangular(0.0, 0.5, 0.9,
        f"0 = nothing shared (null); data-protection limits make case-level sharing partial; {TF}"),
    "scenario.pzk.mature_referral_delay_weeks": uniform(0.5, 2.0,
        "2 weeks = hardly faster than siloed handling (2-5 weeks); 0.5 = a phone call"),
    "scenario.pzk.mature_misdirection": uniform(0.02, 0.1,
        "0.1 = as often astray as the best siloed case (null); partners learn each other's remits"),
    "scenario.pzk.maturity_per_meeting_hour": triangular(0.002, 0.02, 0.05,
        "0.002 = the PZK barely matures in 3 years (near-null); 0.05 = mature in a year"),
    # D1, PZK: costs
    "scenario.pzk.meeting_hours_per_month": triangular(1.0, 3.0, 6.0,
        "monthly to bi-weekly partnership meetings of 1-3 h"),
    "scenario.pzk.worker_hours_per_month": triangular(1.0, 2.0, 6.0,
        "workers' share of meetings and agreements; more where the PZK is active"),
    # D1, PZK: the local basket of services (lokalny koszyk usług)
    "scenario.pzk.basket.take_over": triangular(0.0, 0.5, 1.0,
        "0 = no member takes over another's queued referral (null); remits and waiting-list "
        "rules limit it"),
    "scenario.pzk.basket.staleness": uniform(0.02, 0.15,
        "offers and free places change over months; 0.15 = stale in a few weeks without upkeep"),
    "scenario.pzk.basket.upkeep_per_hour": uniform(0.01, 0.2,
        "0.01 = the coordinator's hours hardly keep the picture current (near-null)"),
    "scenario.pzk.basket.gap_weeks": integers(8, 52,
        "quarterly to yearly reviews of unmet demand before the partnership acts"),
    "scenario.pzk.basket.extension_share": triangular(0.0, 0.3, 1.0,
        "0 = no new service for a persistent gap (null); budgets seldom cover the whole gap"),
    "scenario.pzk.basket.ramp_up_weeks": integers(13, 52,
        "recruitment and contracting of a new service take a quarter to a year"),
    # D1, PZK: the leader (lider / animator instytucjonalny at the OPS)
    "scenario.pzk.leader.unled_learning": uniform(0.1, 1.0,
        "1 = a partnership learns as fast without anyone leading it (null); animator-moderators "
        "were funded because partnerships stall without one"),
    "scenario.pzk.leader.half_hours": uniform(0.5, 8.0,
        "a few hours a week of a coordinator give most of the effect, or only a larger post does"),
    # D1, PZK: the leader's costs
    "scenario.pzk.leader.coordinator_hours_per_week": triangular(1.0, 4.0, 20.0,
        "a tenth of a post for most OPS; half a post for a pracownik ds. sieci"),
    "scenario.pzk.leader.from_workers": uniform(0.0, 1.0,
        "a separate post (0) to the social workers themselves (1)"),
    # D2, ZZK: benefits
    "scenario.zzk.relapse_detection": uniform(0.1, 0.8,
        f"0.1 = a team rarely notices a relapse sooner than the worker alone (near-null); {WRAP}"),
    "scenario.zzk.parallel_referrals": integers(1, 4,
        "1 = one service after another, as when siloed (null); seldom more than 4 at once"),
    # D2, ZZK: costs
    "scenario.zzk.meeting_hours_per_month": triangular(1.0, 2.0, 4.0,
        "one team meeting a month of 1-2 h, more for families in crisis"),
    # D2, ZZK: life cycle
    "scenario.zzk.max_duration_weeks": integers(26, 78,
        "an individual plan of half a year to a year and a half before the team is wound up"),
    "scenario.zzk.withdrawal_probability": uniform(0.02, 0.2,
        "families that distrust their worker leave a plan; rare to frequent"),
    # D3, worker with client: benefits
    "scenario.client_work.engagement_gain_multiplier": triangular(1.0, 1.3, 2.0,
        f"1 = no more trust than usual practice (null); {WRAP}; {IC}"),
    "scenario.client_work.dropout_reduction": triangular(0.0, 0.2, 0.6,
        f"0 = the social contract prevents no dropout (null); {TF}; phase 2 reductions of 10-32%"),
    "scenario.client_work.diagnosis_multiplier": triangular(1.0, 1.2, 1.6,
        f"1 = multi-aspect diagnosis finds nothing sooner (null); {IC}"),
    "scenario.client_work.burnout_recovery_multiplier": triangular(1.0, 1.3, 2.0,
        "1 = supervision does not speed recovery (null); reviews of clinical supervision "
        "find small, mixed effects on burnout"),
    # D3: costs
    "scenario.client_work.extra_hours_per_contact": uniform(0.1, 0.5,
        "joint planning adds 6-30 minutes to a 1.5 h visit"),
    "scenario.client_work.supervision_hours_per_month": triangular(1.0, 2.0, 4.0,
        "group supervision of 1.5-3 h monthly, coaching on top"),
    # the siloed side that benefits are measured against
    "behaviour.services.referral_delay_weeks": triangular(2.0, 3.0, 5.0,
        "siloed handling by letter and own procedures; 2 weeks leaves a PZK little to gain"),
    "behaviour.services.misdirection": triangular(0.1, 0.2, 0.3,
        "siloed share of referrals to the wrong institution; 0.1 leaves a PZK little to gain"),
    "behaviour.services.own_initiative": triangular(0.1, 0.2, 0.4,
        "institutions act on what they see unasked; more initiative, less for a PZK to add"),
    # the statutory baseline every scenario has: the stronger it is, the less is left to add
    "behaviour.statutory.group_observation": uniform(0.1, 0.5,
        "Niebieska Karta groups bring hidden problems to the worker; practice varies by gmina"),
    "behaviour.statutory.assistant_observation": uniform(0.05, 0.3,
        "family assistants visit at home weekly and report within the OPS"),
}


def _stream(seed: int, replication: int, key: str) -> np.random.Generator:
    """One generator per (seed, replication, key): never the scenario, stable in any process
    (crc32, unlike ``hash``, does not change between processes), and adding a key leaves the
    other keys' draws unchanged."""
    spawn_key = (STREAM, replication, zlib.crc32(key.encode()))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=spawn_key))


def draw(seed: int, replication: int, priors: dict[str, Prior] | None = None,
         fixed: Iterable[str] = ()) -> dict[str, float | int]:
    """One value per prior for replication ``replication`` (keys in ``fixed`` are left out)."""
    priors = PRIORS if priors is None else priors
    fixed = set(fixed)
    out: dict[str, float | int] = {}
    for key, prior in priors.items():
        if key in fixed:
            continue
        value = float(prior.quantile(_stream(seed, replication, key).random()))
        out[key] = int(round(value)) if prior.integer else value
    return out


def apply(cfg: Any, values: dict[str, float | int]) -> Any:
    """A copy of ``cfg`` with the drawn values set (rounded where the field is an integer)."""
    typed = {}
    for key, value in values.items():
        current = get_value(cfg, key)
        typed[key] = int(round(value)) if isinstance(current, int) else float(value)
    return apply_overrides(cfg, typed)


def describe(key: str) -> str:
    """'triangular(0, 0.5, 0.9)' for a key with a prior, '' otherwise (provenance tables)."""
    prior = PRIORS.get(key)
    return prior.label if prior else ""


def table() -> list[dict]:
    """The priors as rows: key, distribution, range, reasoning (reports)."""
    return [{"parameter": k, "distribution": p.label, "range": f"[{p.low:g}, {p.high:g}]",
             "reasoning": p.reason} for k, p in PRIORS.items()]
