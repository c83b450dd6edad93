"""Typed configuration: one dataclass per block, every field declared with :func:`param`.

Hydra composes YAML presets (``configs/``) onto these schemas; the model receives the typed
objects (never a ``DictConfig``). A scenario changes only :class:`ScenarioConfig`; everything
else is shared, so a comparison of scenarios isolates cooperation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Dict, List

from sim.domain import CRISES, NEEDS, SECTORS
from sim.params import param, section

CALIBRATION = json.loads((resources.files("sim.data") / "calibration.json").read_text())
ROLLOUT = json.loads((resources.files("sim.data") / "rollout.json").read_text(encoding="utf-8"))
FITTED = CALIBRATION["fitted"]
FITTED_SOURCE = (f"fitted {CALIBRATION['date']} by `k3d +experiment=calibrate` to "
                 + "; ".join(CALIBRATION["targets_text"]) + " (sim/data/calibration.json)")

GUS_SINGLE = "GUS 2023, Beneficjenci środowiskowej pomocy społecznej (32.2% single-person)"
ART_110 = "art. 110 ustawy o pomocy społecznej (1 worker per 2,000 inhabitants, <=50 families)"
LABOUR_CODE = "Kodeks pracy art. 129 (40 h working week)"
ASSISTANT_COST = ("family assistant ~3,600 zł/month (2020 gmina spending 165.1 mln zł / 3,824 "
                  "assistants, gazetaprawna.pl) / 12 families / 4.33 weeks")


# --- Dimension 1: PZK -------------------------------------------------------------------------
RCPS_BASKET = ("RCPS Łódź: the PZK's product is a shared lokalny koszyk usług; partners present "
               "their offer when they sign the deklaracja przystąpienia (calibration.md)")
LEADER_SOURCE = ("the OPS is the lider instytucjonalny (OPS Rybnik) and animator (RCPS Łódź); the "
                 "project gave every pilot gmina an animator-moderator of partnerships (ROPS "
                 "Katowice, milestone I); hours: assumption")


@dataclass
class BasketConfig:
    """D1, lokalny koszyk usług: members' published offer, their free places used across
    institutional boundaries, unmet demand by need, and new places where a gap persists."""

    enabled: bool = param(
        True, "flag", source=RCPS_BASKET,
        doc="the PZK keeps a local basket of services (acts only with the PZK and its benefits); "
        "off: no shared places and no new services")
    take_over: float = param(
        0.6, "probability", 0, 1,
        doc="a member with a free place takes a referral queued at a full member for a need it "
        "serves, when the basket shows that place (assumption, plausible 0.1-1: remits, "
        "waiting-list rules and willingness limit it)")
    staleness: float = param(
        0.05, "1/week", 0, 1,
        doc="share of the basket's picture of offers and free places that goes out of date in a "
        "week without upkeep (assumption, plausible 0.02-0.15: offers and staff change over "
        "months)")
    upkeep_per_hour: float = param(
        0.05, "1/coordinator hour", 0, 1,
        doc="how much of the stale picture one hour of the coordinator's week brings up to date "
        "(assumption, plausible 0.01-0.2)")
    gap_weeks: int = param(
        13, "weeks", 1, 520,
        doc="unmet demand for a need in every week of this window is a persistent gap the PZK "
        "acts on (assumption, plausible 8-52: quarterly to yearly reviews of the basket)")
    extension_share: float = param(
        0.5, "places per unmet referral", 0, 5,
        doc="new places commissioned per referral left waiting on average over the window, "
        "scaled by how current the basket is (assumption, plausible 0.1-1)")
    max_extension: float = param(
        0.5, "fraction of the institution's capacity", 0, 10,
        doc="new places at one institution at most, relative to its own capacity (assumption, "
        "plausible 0.1-1: a budget year's room for new services)")
    ramp_up_weeks: int = param(
        26, "weeks", 1, 520,
        doc="a new or extended service reaches its full places linearly over this (assumption, "
        "plausible 13-52: recruitment and contracting)")
    setup_cost_per_place: float = param(
        5000.0, "PLN per new place", 0, 1e7,
        doc="one-off cost of a new place (recruitment, training, room); its service weeks are "
        "paid as any service (assumption, plausible 1,000-20,000)")
    planning_partner_hours: float = param(
        20.0, "partner staff h per new service", 0, 1000,
        doc="members' time to agree and commission a new or extended service (assumption, "
        "plausible 8-40)")


@dataclass
class LeaderConfig:
    """The OPS as lider / animator instytucjonalny of the PZK (optionally a pracownik ds. sieci):
    convenes, moderates, keeps the basket current and follows up."""

    enabled: bool = param(
        True, "flag", source=LEADER_SOURCE,
        doc="someone at the OPS leads the PZK (acts only with the PZK); off: the partnership "
        "meets without a leader (no coordinator hours)")
    coordinator_hours_per_week: float = param(
        4.0, "h/week of OPS staff", 0, 80, source=LEADER_SOURCE,
        doc="the coordinator's time for the PZK (assumption, plausible 1-40: a tenth of a post "
        "to a full-time pracownik ds. sieci); 0 = a partnership that meets without a leader")
    from_workers: float = param(
        0.5, "fraction", 0, 1,
        doc="share of the coordinator's hours taken from the social workers' weeks (spread "
        "evenly); the rest is a separate post, costed but not taken from casework (assumption, "
        "plausible 0-1)")
    unled_learning: float = param(
        0.3, "fraction", 0, 1,
        doc="share of its learning a PZK keeps with no one leading it (assumption, plausible "
        "0.1-1; 1 = leadership makes no difference)")
    half_hours: float = param(
        2.0, "h/week", 0.01, 80,
        doc="coordinator hours at which leadership gives half its effect on learning "
        "(assumption, plausible 0.5-8)")


@dataclass
class PartnershipConfig:
    """D1, Partnerski Zespół Kooperacyjny: institution with institution."""

    enabled: bool = param(False, "flag", doc="a PZK exists; off = siloed institutions")
    benefits: bool = param(
        True, "flag", doc="off: the PZK meets and costs time, but sharing, faster and better-aimed "
        "referrals and maturity are neutral (the costs_only reference)")
    members: List[str] = param(
        list(SECTORS), "sector names", keys=SECTORS, doc="sectors whose institutions join the PZK"
    )
    excluded: List[str] = param(
        [], "sector names", keys=SECTORS, doc="sectors left out of the PZK (composition studies)"
    )
    meeting_hours_per_month: float = param(
        3.0, "h/month per member institution", 0, 40,
        doc="staff time of each member in PZK meetings"
    )
    worker_hours_per_month: float = param(
        2.0, "h/month per social worker", 0, 40, doc="worker time on PZK meetings and agreements"
    )
    information_sharing: float = param(
        0.7, "probability", 0, 1, doc="a need a member observed reaches the family's worker"
    )
    hours_per_shared_report: float = param(
        0.25, "h per report", 0, 8, doc="worker time to take in one shared observation"
    )
    mature_referral_delay_weeks: float = param(
        1.0, "weeks", 0, 26, doc="referral handling delay to members once the PZK is mature"
    )
    mature_misdirection: float = param(
        0.05, "probability", 0, 1, doc="misdirected referrals to members once the PZK is mature"
    )
    maturity_per_meeting_hour: float = param(
        0.02, "1/h", 0, 1,
        doc="learning per meeting hour of a member when the PZK is fully led (members learn "
        "competences); scaled down without a leader (scenario.pzk.leader)"
    )
    initial_maturity: float = param(0.0, "fraction", 0, 1, doc="maturity when the run starts")
    basket: BasketConfig = section(BasketConfig)
    leader: LeaderConfig = section(LeaderConfig)


# --- Dimension 2: ZZK -------------------------------------------------------------------------
@dataclass
class TaskTeamConfig:
    """D2, Zadaniowy Zespół Kooperacyjny: the worker with other professionals around one family."""

    enabled: bool = param(False, "flag", doc="task teams are formed")
    min_sectors: int = param(3, "sectors", 2, 11, doc="k: revealed needs must span >= k sectors")
    max_teams_per_worker: int = param(3, "teams", 0, 50, doc="teams one worker can lead at once")
    meeting_hours_per_month: float = param(
        2.0, "h/month per team member", 0, 40, doc="team meetings (worker and each member sector)"
    )
    parallel_referrals: int = param(
        3, "referrals", 1, 10, doc="services a joint plan runs at once (1 = one after another)"
    )
    deduplicate: bool = param(True, "flag", doc="joint plan: no two institutions serve one need")
    relapse_detection: float = param(
        0.5, "probability/week", 0, 1, doc="team notices a relapsed need of its family"
    )
    review_weeks: int = param(
        4, "weeks", 1, 52,
        doc="between reviews of the family's individual plan (assumption, plausible 2-12: "
        "monthly team meetings)",
    )
    max_duration_weeks: int = param(
        52, "weeks", 1, 520,
        doc="a team ends at the first review at or after this age (assumption, plausible 26-78)",
    )
    withdrawal_probability: float = param(
        0.05, "probability per review at zero trust", 0, 1,
        doc="the family withdraws from the plan at a review with this x (1 - trust) "
        "(assumption, plausible 0.02-0.2)",
    )
    reform_gap_weeks: int = param(
        26, "weeks", 0, 520,
        doc="after a team ends, none forms again for the same family before this "
        "(assumption, plausible 12-52)",
    )
    benefits: bool = param(
        True, "flag",
        doc="off: teams form, meet and cost time, but their joint plan is neutral — a reference "
        "for 'costs only'",
    )


# --- Dimension 3: worker with client ------------------------------------------------------------
@dataclass
class ClientWorkConfig:
    """D3: kontrakt socjalny, joint plan and empowerment; coaching and supervision for workers."""

    enabled: bool = param(False, "flag", doc="empowerment methods, coaching and supervision")
    benefits: bool = param(
        True, "flag", doc="off: longer contacts and supervision cost time, but trust, dropout, "
        "diagnosis and recovery factors are neutral (the costs_only reference)")
    engagement_gain_multiplier: float = param(
        1.5, "factor", 0, 5, doc="trust built per contact relative to usual practice"
    )
    dropout_reduction: float = param(
        0.4, "fraction", 0, 1, doc="share of service dropouts avoided by the social contract"
    )
    diagnosis_multiplier: float = param(
        1.3, "factor", 0, 5, doc="multi-aspect diagnosis reveals needs faster"
    )
    extra_hours_per_contact: float = param(
        0.25, "h per contact", 0, 8, doc="longer contacts for joint planning"
    )
    supervision_hours_per_month: float = param(
        2.0, "h/month per worker", 0, 40, doc="coaching and supervision time"
    )
    burnout_recovery_multiplier: float = param(
        1.5, "factor", 0, 10, doc="supervision speeds recovery from burnout"
    )


@dataclass
class ScenarioConfig:
    """Only cooperation rules: the thing a comparison varies."""

    name: str = "siloed"
    pzk: PartnershipConfig = section(PartnershipConfig)
    zzk: TaskTeamConfig = section(TaskTeamConfig)
    client_work: ClientWorkConfig = section(ClientWorkConfig)


# --- Municipality -----------------------------------------------------------------------------
FIGURES = ("population", "initial_families", "social_workers", "family_assistants",
           "institutions")  # what a gmina states or sim/places.py derives from its population

@dataclass
class InstitutionGroup:
    """All local institutions of one sector."""

    count: int = param(1, "institutions", 0, 100_000)
    capacity: int = param(20, "families in service at once, per institution", 0, 100_000)


def _institutions() -> Dict[str, InstitutionGroup]:
    spec = {
        "social_assistance": (2, 60),
        "health": (3, 70),
        "mental_health": (2, 25),
        "education": (6, 20),
        "police": (1, 40),
        "justice": (1, 30),
        "labour_office": (1, 180),
        "housing": (1, 20),
        "elder_care": (2, 30),
        "ngo": (6, 25),
        "culture_sport": (2, 20),
    }
    return {s: InstitutionGroup(count=c, capacity=k) for s, (c, k) in spec.items()}


@dataclass
class MunicipalityConfig:
    """A gmina or powiat: size, caseload, staff and local institutions."""

    name: str = "default"
    population: int = param(
        50_000, "inhabitants", 1_000, 50_000_000, doc="a city of about 50,000 (default preset)"
    )
    initial_families: int = param(
        680,
        "families",
        0,
        2_000_000,
        source="GUS 2023 urban coverage 3.0% of inhabitants; assumption 2.2 persons/family",
        doc="families in social assistance at the start",
    )
    social_workers: int = param(
        25, "full-time workers", 1, 100_000,
        source=ART_110 + "; no local figure: the statutory norm gives ~27 families per worker, "
        "near "
        "the national ~30 (derived: ~580k assisted families, GUS 2023 1,274.9k persons / 2.2, over "
        "19,610 workers, NIK)",
        doc="NIK found 46% of examined centres above 50 families per worker: studies also run "
        "the preset at 50 (study.families_per_worker)")
    family_assistants: int = param(
        5, "family assistants (asystent rodziny)", 0, 100_000,
        source="derived: 3,824 assistants in 2020 (gazetaprawna.pl) / 38.3 mln inhabitants = 1 "
        "per ~10,000 inhabitants")
    institutions: Dict[str, InstitutionGroup] = param(
        _institutions(), "per sector", keys=SECTORS, doc="local institutions by sector"
    )
    given: List[str] = param(
        ["population"], "figures", keys=FIGURES,
        doc="figures stated from a source (k3d-municipality lists those given to it); the others "
        "are derived from the population by sim/places.py and follow municipality.population")


# --- Shared behaviour ---------------------------------------------------------------------------
@dataclass
class Shock:
    """An exogenous life event: weekly probability and the needs it raises."""

    weekly_probability: float = param(0.001, "probability/week", 0, 1)
    needs: Dict[str, float] = param({}, "severity added", 0, 1, keys=NEEDS)


def _shocks() -> Dict[str, Shock]:
    return {
        "job_loss": Shock(0.003, {"employment": 0.4, "income": 0.2}),
        "illness": Shock(0.002, {"health": 0.4, "employment": 0.1}),
        "bereavement": Shock(0.001, {"addiction": 0.3, "income": 0.1}),
        "family_conflict": Shock(0.001, {"violence": 0.3, "parenting": 0.2}),
    }


@dataclass
class NeedsConfig:
    """Initial needs, their dynamics (drift, spill-over, shocks) and crises."""

    prevalence: Dict[str, float] = param(
        {
            "income": 0.65, "employment": 0.35, "health": 0.45, "addiction": 0.10,
            "parenting": 0.30, "violence": 0.05, "housing": 0.06, "justice": 0.03,
            "elder_care": 0.40, "education": 0.20,
        },
        "share of eligible families", 0, 1, keys=NEEDS,
        doc="initial share with the need (parenting, education among families with children; "
        "elder_care among families with a senior); order as in MRPiPS-03 reasons",
    )
    co_occurrence: float = param(
        0.3, "latent correlation", 0, 0.99, doc="one-factor copula tying needs together"
    )
    initial_severity_low: float = param(0.3, "severity", 0, 1, at_most="initial_severity_high")
    initial_severity_high: float = param(0.8, "severity", 0, 1)
    initial_revealed: float = param(
        0.6, "probability", 0, 1, doc="a present need is already known to the OPS at the start"
    )
    problem_threshold: float = param(
        0.25, "severity", 0, 1, doc="above it a need is a problem to diagnose and refer"
    )
    drift: Dict[str, float] = param(
        FITTED.get("behaviour.needs.drift", {
            "income": 0.015, "employment": 0.010, "health": 0.008, "addiction": 0.015,
            "parenting": 0.012, "violence": 0.015, "housing": 0.010, "justice": 0.008,
            "elder_care": 0.010, "education": 0.010,
        }),
        "1/week (relative growth)", 0, 1, keys=NEEDS,
        doc="an unserved need grows by drift*severity",
        source=FITTED_SOURCE if "behaviour.needs.drift" in FITTED else "assumption",
    )
    recovery: Dict[str, float] = param(
        {
            "income": 0.003, "employment": 0.003, "health": 0.002, "addiction": 0.002,
            "parenting": 0.003, "violence": 0.003, "housing": 0.002, "justice": 0.003,
            "elder_care": 0.001, "education": 0.003,
        },
        "severity/week", 0, 1, keys=NEEDS, doc="natural recovery of an unserved need",
    )
    spillover: Dict[str, float] = param(
        {
            "employment>income": 0.020, "income>housing": 0.010, "addiction>violence": 0.020,
            "violence>parenting": 0.020, "addiction>parenting": 0.010,
            "health>employment": 0.010, "health>elder_care": 0.005,
            "justice>employment": 0.010, "addiction>employment": 0.010,
            "parenting>education": 0.010,
        },
        "severity/week per unit above threshold", 0, 1,
        keys=tuple(f"{a}>{b}" for a in NEEDS for b in NEEDS if a != b),
        allowed="keys 'from>to' with needs from " + ", ".join(NEEDS),
        doc="'a>b': an unserved need a raises need b",
    )
    spillover_threshold: float = param(0.3, "severity", 0, 1)
    shocks: Dict[str, Shock] = param(_shocks(), "per shock", doc="job loss, illness, bereavement…")
    crisis_hazard: Dict[str, float] = param(
        {c: FITTED.get(f"behaviour.needs.crisis_hazard.{c}", default)
         for c, default in zip(CRISES, (0.1, 0.02, 0.01, 0.004))},
        "1/week at trigger severity 1", 0, 5, keys=CRISES,
        source="; ".join(f"{c}: fitted" if f"behaviour.needs.crisis_hazard.{c}" in FITTED
                         else f"{c}: assumption (no public rate among assisted families)"
                         for c in CRISES) + " — " + FITTED_SOURCE,
        doc="weekly crisis hazard = crisis_hazard x (max trigger severity) ^ crisis_steepness",
    )
    crisis_steepness: Dict[str, float] = param(
        {c: 3.0 for c in CRISES}, "exponent", 0.5, 10, keys=CRISES,
        doc="how sharply the hazard rises with severity (assumption, plausible 2-5): smooth, so "
        "no crisis rate hangs on one shock size crossing a threshold",
    )
    crisis_relief: float = param(
        0.3, "fraction of severity", 0, 1, doc="removed by the emergency response to a crisis"
    )
    crisis_cooldown_weeks: int = param(26, "weeks", 0, 520, doc="before the same crisis can recur")


@dataclass
class FamilyConfig:
    """Composition, engagement (trust) and leaving assistance."""

    single_share: float = param(0.322, "share of families", 0, 1, source=GUS_SINGLE)
    children_share: float = param(0.35, "share of non-single families", 0, 1)
    senior_share: float = param(0.30, "share of families", 0, 1)
    mean_extra_members: float = param(1.6, "persons beyond the first", 0, 10)
    engagement_mean: float = param(0.5, "trust in [0,1]", 0.01, 0.99)
    engagement_spread: float = param(6.0, "beta concentration", 0.5, 100)
    keep_contact_floor: float = param(
        0.4, "probability", 0, 1, doc="contact kept by a family with zero trust"
    )
    trust_gain: float = param(0.05, "1/contact", 0, 1, doc="trust built per contact toward 1")
    trust_decay: float = param(0.01, "1/week", 0, 1, doc="trust lost in a week without contact")
    misdirection_trust_loss: float = param(0.05, "trust", 0, 1, doc="per bounced referral")
    acceptance_floor: float = param(
        0.4, "probability", 0, 1, doc="a referral accepted by a family with zero trust"
    )
    inflow_per_1000: float = param(
        FITTED["behaviour.families.inflow_per_1000"], "families/week per 1,000 initial families",
        0, 1000, source=FITTED_SOURCE, doc="new families applying for assistance")
    crisis_trust_loss: float = param(0.2, "fraction of trust", 0, 1, doc="lost at a placement")
    independence_threshold: float = param(0.2, "severity", 0, 1, doc="all needs below = stable")
    weeks_to_independence: int = param(8, "weeks", 1, 520, doc="stable this long = exits")
    reentry_threshold: float = param(0.5, "severity", 0, 1, doc="a need this high brings them back")
    reentry_probability: float = param(0.1, "probability/week", 0, 1)


@dataclass
class WorkerConfig:
    """Pracownik socjalny: time, diagnosis, burnout."""

    weekly_hours: float = param(40.0, "h/week", 1, 80, source=LABOUR_CODE)
    administration_share: float = param(0.3, "share of hours", 0, 1, doc="paperwork, reporting")
    hours_per_contact: float = param(1.5, "h", 0.1, 20, doc="a visit incl. travel and notes")
    desired_contacts_per_week: float = param(
        0.5, "contacts/family/week", 0.01, 1,
        doc="contact each family needs (one visit a fortnight)"
    )
    diagnosis_probability: float = param(
        0.25, "probability/contact", 0, 1, doc="a hidden problem found at one unhurried contact"
    )
    skill_spread: float = param(0.15, "sd of skill (mean 1)", 0, 1, doc="workers differ")
    burnout_rate: float = param(0.05, "1/week per unit overload", 0, 1)
    burnout_recovery: float = param(0.02, "1/week", 0, 1)
    burnout_penalty: float = param(
        0.5, "fraction", 0, 1, doc="at full burnout, diagnosis and trust-building fall by this"
    )
    caseload_norm: int = param(50, "families/worker", 1, 1000, source=ART_110)


@dataclass
class ServiceConfig:
    """What institutions do: effects, observation, referral handling when siloed."""

    effect: Dict[str, Dict[str, float]] = param(
        {
            "social_assistance": {"income": 0.04, "parenting": 0.03, "violence": 0.02,
                                  "housing": 0.01, "elder_care": 0.01},
            "health": {"health": 0.03, "addiction": 0.01, "elder_care": 0.01},
            "mental_health": {"addiction": 0.03, "violence": 0.02, "parenting": 0.01},
            "education": {"education": 0.04, "parenting": 0.02},
            "police": {"violence": 0.03, "justice": 0.01},
            "justice": {"justice": 0.03, "violence": 0.01, "addiction": 0.01},
            "labour_office": {"employment": 0.03, "income": 0.01},
            "housing": {"housing": 0.03},
            "elder_care": {"elder_care": 0.03, "health": 0.01},
            "ngo": {"income": 0.02, "parenting": 0.02, "violence": 0.02, "elder_care": 0.02,
                    "housing": 0.01, "employment": 0.01},
            "culture_sport": {"education": 0.01, "elder_care": 0.01, "addiction": 0.005},
        },
        "severity reduction/week at full engagement", 0, 1, keys=SECTORS,
        doc="sector -> need -> weekly effect of its service",
    )
    observation: Dict[str, Dict[str, float]] = param(
        {
            "health": {"health": 0.10, "addiction": 0.05, "violence": 0.03, "elder_care": 0.05},
            "mental_health": {"addiction": 0.05, "violence": 0.03, "parenting": 0.02},
            "education": {"parenting": 0.05, "education": 0.08, "violence": 0.02},
            "police": {"violence": 0.08, "addiction": 0.03, "justice": 0.03},
            "justice": {"justice": 0.08, "addiction": 0.02, "violence": 0.02},
            "labour_office": {"employment": 0.08, "income": 0.03},
            "housing": {"housing": 0.08, "income": 0.02},
            "elder_care": {"elder_care": 0.06, "health": 0.03},
            "ngo": {"income": 0.03, "parenting": 0.02, "elder_care": 0.02},
            "culture_sport": {"education": 0.01},
        },
        "probability/week at severity 1", 0, 1, keys=SECTORS,
        doc="sector -> need it notices in its own work (school: parenting; police: violence…)",
    )
    own_initiative: float = param(
        0.2, "probability", 0, 1, doc="an institution serves a need it observed on its own"
    )
    referral_delay_weeks: float = param(3.0, "weeks", 0, 52, doc="handling delay when siloed")
    misdirection: float = param(0.2, "probability", 0, 1, doc="misdirected share when siloed")
    bounce_delay_weeks: float = param(2.0, "weeks", 0, 52, doc="before a misdirected one returns")
    max_service_weeks: int = param(39, "weeks", 1, 520, doc="a service episode ends after this")
    dropout: float = param(0.05, "probability/week at zero trust", 0, 1)
    engagement_effect_floor: float = param(
        0.3, "fraction", 0, 1, doc="service effect with zero trust, relative to full trust"
    )



@dataclass
class CostConfig:
    """Costs in PLN (sources and derivations: docs/research/calibration_sources.md)."""

    service_week: Dict[str, float] = param(
        {
            "social_assistance": 70.0, "health": 600.0, "mental_health": 400.0,
            "education": 100.0, "police": 150.0, "justice": 150.0, "labour_office": 100.0,
            "housing": 200.0, "elder_care": 700.0, "ngo": 100.0, "culture_sport": 50.0,
        },
        "PLN per family-week of service", 0, 1e6, keys=SECTORS,
        source=f"social_assistance derived: {ASSISTANT_COST}; elder_care below DPS "
        "5,600-6,100 zł/month (2023 local decisions); others assumption",
    )
    niebieska_karta: float = param(
        1500.0, "PLN per intervention", 0, 1e7,
        source="assumption; SGH 2025 puts the whole cost of domestic violence at 17,000-188,000 "
        "zł per victim and family over two years (tvn24.pl)")
    foster_care_month: float = param(
        2900.0, "PLN per child-month of placement", 0, 1e7,
        source="derived 2019: 55.4k children in family care at ~2,200 zł (professional foster "
        "family) and 16.9k in institutions at >5,000 zł a month (gazetaprawna.pl, MRPiPS)")
    foster_care_months: float = param(
        36.0, "months per placement", 0, 240,
        doc="mean stay in foster care (assumption, plausible 18-60: 46% of children in "
        "institutional care are 14-17, GUS 2022 via domydziecka.org, so stays are long)")
    children_per_placement: float = param(
        1.6, "children per placement", 1, 10,
        doc="siblings are placed together (assumption, plausible 1.2-2.0)")
    eviction: float = param(5000.0, "PLN per eviction", 0, 1e7)
    shelter_week: float = param(
        140.0, "PLN per week in a shelter", 0, 1e6,
        source="one shelter's fee, 20 zł per person-day (Caritas Kielce, undated) x 7")
    shelter_weeks: float = param(12.0, "weeks in a shelter after eviction", 0, 520)
    hospital_day: float = param(
        1200.0, "PLN per day", 0, 1e6,
        source="assumption (acute care); one psychiatric price list gives 227-333 zł a day "
        "(Tworki, undated) as a lower bound")
    hospital_days: float = param(7.0, "days per emergency stay", 0, 365)
    worker_hour: float = param(
        40.0, "PLN per hour (employer cost)", 0, 1e5,
        source="derived: gross median 5,620 zł/month (przedsiebiorczoscjestkobieta.pl, ~2024) "
        "x 1.2 employer cost (assumption) / 168 h")
    partner_hour: float = param(50.0, "PLN per hour of partner staff", 0, 1e5)
    family_assistant_week: float = param(
        70.0, "PLN per family-week with a family assistant", 0, 1e6,
        source=f"derived: {ASSISTANT_COST}")


@dataclass
class PandemicConfig:
    """An exogenous pandemic-like shock (COVID-19): needs jump, capacity drops, contact by phone.

    The same for every scenario of a comparison; what differs is how cooperation copes.
    """

    start_week: int = param(0, "week (0 = no pandemic)", 0, 5200)
    duration_weeks: int = param(26, "weeks", 1, 520)
    need_jump: Dict[str, float] = param(
        {"income": 0.15, "employment": 0.15, "addiction": 0.10, "violence": 0.05,
         "elder_care": 0.10, "education": 0.10},
        "severity added to every active family's existing needs", 0, 1, keys=NEEDS,
    )
    capacity_factor: float = param(0.6, "share of capacity left", 0, 1)
    contact_hours_factor: float = param(0.5, "phone contact time / visit time", 0.05, 2)
    diagnosis_factor: float = param(0.5, "phone diagnosis / visit diagnosis", 0, 2)
    trust_factor: float = param(0.6, "trust built by phone / in person", 0, 2)


# --- The statutory baseline: what every gmina already has ----------------------------------------
BLUE_CARD_ACT = ("ustawa z 29 lipca 2005 r. o przeciwdziałaniu przemocy domowej (zespół "
                 "interdyscyplinarny; grupy diagnostyczno-pomocowe since 2023)")
FAMILY_SUPPORT_ACT = "ustawa z 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej"


@dataclass
class StatutoryConfig:
    """Zespół interdyscyplinarny with the Niebieska Karta procedure, and family assistants.

    Present in every scenario (siloed included): Kooperacje 3D is compared with what the law
    already requires, not with no cooperation at all.
    """

    procedure_weeks: int = param(
        26, "weeks", 1, 520, source=BLUE_CARD_ACT,
        doc="a Niebieska Karta procedure's grupa diagnostyczno-pomocowa works the case this long "
        "(assumption, plausible 12-52: it closes when violence stops and after monitoring)")
    group_members: int = param(
        3, "partner staff per group", 0, 20, source=BLUE_CARD_ACT,
        doc="besides the social worker: police, and education, health or addiction commission "
        "as the case needs")
    group_meeting_hours_per_month: float = param(
        2.0, "h/month per member", 0, 40, doc="group meetings (worker and each member)")
    group_observation: float = param(
        0.3, "probability/week", 0, 1,
        doc="the group brings a hidden violence, addiction or parenting problem of its family to "
        "the worker (assumption, plausible 0.1-0.5)")
    team_members: int = param(
        8, "institutions", 0, 50, source=BLUE_CARD_ACT,
        doc="members of the standing zespół interdyscyplinarny (OPS, police, education, health, "
        "addiction commission, NGOs, probation, …)")
    team_meeting_hours_per_quarter: float = param(
        3.0, "h/quarter per member", 0, 100,
        source="team meets at least quarterly (GZI Zwierzyn rules; calibration.md)")
    families_per_assistant: int = param(
        12, "families per assistant", 1, 15,
        source=FAMILY_SUPPORT_ACT + " art. 15 ust. 4: at most 15; 12 assumption",
        doc="caseload of one family assistant (asystent rodziny)")
    assistant_effect: float = param(
        0.005, "severity reduction/week at full engagement", 0, 1,
        doc="weekly home work on parenting (assumption, plausible 0.002-0.02: assistance "
        "usually lasts a year or more, and the problem stays a reason for assistance meanwhile)")
    assistant_observation: float = param(
        0.1, "probability/week", 0, 1,
        doc="an assistant, visiting at home, tells the worker of a hidden problem (assumption, "
        "plausible 0.05-0.3; same institution, so no partnership is needed)")
    assistance_max_weeks: int = param(
        52, "weeks", 1, 520, doc="assistance ends after this (assumption, plausible 26-104)")


@dataclass
class BehaviourConfig:
    """Everything shared by all scenarios."""

    needs: NeedsConfig = section(NeedsConfig)
    families: FamilyConfig = section(FamilyConfig)
    workers: WorkerConfig = section(WorkerConfig)
    services: ServiceConfig = section(ServiceConfig)
    statutory: StatutoryConfig = section(StatutoryConfig)
    pandemic: PandemicConfig = section(PandemicConfig)


@dataclass
class SimConfig:
    """One run: which scenario, where, how long, which seed."""

    seed: int = param(42, "integer seed", 0, 2**63 - 1)
    weeks: int = param(156, "weeks", 1, 5200, doc="3 years of weekly steps")
    scenario: ScenarioConfig = section(ScenarioConfig)
    municipality: MunicipalityConfig = section(MunicipalityConfig)
    behaviour: BehaviourConfig = section(BehaviourConfig)
    costs: CostConfig = section(CostConfig)
