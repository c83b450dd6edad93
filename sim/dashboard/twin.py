"""The twin: the siloed system and a chosen scenario on one seed, stepped together.

Common random numbers are built into the model (one seed, the same families and life events), so
family row ``r`` is the same family in both runs and any difference comes from cooperation. The
twin also keeps what the model does not: each family's needs week by week, for its journey.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim import metrics
from sim.config import SimConfig
from sim.configure import compose_config
from sim.domain import ACTIVITIES, CRISES
from sim.model import KooperacjeModel
from sim.overrides import apply_overrides, get_value
from sim.population import ACTIVE

SIDES = ("siloed", "scenario")
HISTORY_ROWS = 5000  # families whose needs are kept week by week (bounds memory in big places)
_compose_lock = threading.Lock()  # Hydra's global state is not thread-safe (one per browser tab)


@dataclass(frozen=True)
class Knob:
    """A slider on one config value. ``dimension``: the scenario block that must be switched on
    for it to act; ``scaled``: low and high are multiples of the preset's value (staff differs
    from one municipality to another)."""

    key: str
    low: float
    high: float
    step: float
    dimension: str | None = None
    integer: bool = False
    scaled: bool = False

    @property
    def name(self) -> str:
        return self.key.rsplit(".", 1)[1]


KNOBS = (
    Knob("scenario.pzk.information_sharing", 0, 1, 0.05, "pzk"),
    Knob("scenario.pzk.mature_referral_delay_weeks", 0, 6, 0.5, "pzk"),
    Knob("scenario.pzk.meeting_hours_per_month", 0, 12, 0.5, "pzk"),
    Knob("scenario.zzk.min_sectors", 2, 6, 1, "zzk", integer=True),
    Knob("scenario.client_work.engagement_gain_multiplier", 0.5, 3, 0.1, "client_work"),
    Knob("municipality.social_workers", 0.2, 2.4, 1, integer=True, scaled=True),
)


@functools.lru_cache(maxsize=None)
def preset(municipality: str, scenario: str) -> SimConfig:
    """The composed, checked config of two presets, composed once and shared: never changed
    in place (overrides and the model work on copies)."""
    with _compose_lock:
        return compose_config([f"municipality={municipality}", f"scenario={scenario}"])


@dataclass(frozen=True)
class Settings:
    """What the trainer chose: presets, seed, and the knobs moved away from the preset."""

    scenario: str = "kooperacje_3d"
    municipality: str = "default"
    seed: int = 42
    moved: tuple[tuple[str, float], ...] = ()

    def value(self, knob: Knob) -> float:
        return dict(self.moved).get(knob.key, get_value(preset(self.municipality, self.scenario),
                                                   knob.key))

    def bounds(self, knob: Knob) -> tuple[float, float]:
        if not knob.scaled:
            return knob.low, knob.high
        base = get_value(preset(self.municipality, self.scenario), knob.key)
        return max(1, round(knob.low * base)), round(knob.high * base)

    def move(self, knob: Knob, value: float) -> Settings:
        value = int(round(value)) if knob.integer else float(value)
        moved = {**dict(self.moved), knob.key: value}
        return dataclasses.replace(self, moved=tuple(sorted(moved.items())))

    def place(self, municipality: str) -> Settings:
        """Another municipality: its own staff, so moved municipality knobs are dropped."""
        moved = tuple(m for m in self.moved if not m[0].startswith("municipality."))
        return dataclasses.replace(self, municipality=municipality, moved=moved)

    def uses(self, knob: Knob) -> bool:
        """Whether the knob acts in the chosen scenario (a switched-off dimension ignores it)."""
        scenario = preset(self.municipality, self.scenario).scenario
        return knob.dimension is None or getattr(scenario, knob.dimension).enabled

    def configs(self) -> dict[str, SimConfig]:
        """Both sides: the scenario with the knobs, and the same with siloed rules."""
        cfg = apply_overrides(preset(self.municipality, self.scenario),
                              {"seed": self.seed, **dict(self.moved)})
        siloed = preset(self.municipality, "siloed").scenario
        return {"siloed": dataclasses.replace(cfg, scenario=siloed), "scenario": cfg}


@dataclass(frozen=True)
class Journey:
    """One family in one run: its needs week by week, services, crises, exits and returns."""

    needs: np.ndarray  # (weeks so far + 1) × needs, row 0 the start; NaN before it arrived
    services: pd.DataFrame  # referral_frame rows of the family, open ones with week_closed -1
    crises: list[tuple[int, str]]  # (week, crisis)
    moves: list[tuple[int, str]]  # (week, 'exit' | 'reentry')
    status: str  # 'active' | 'exited'


class Twin:
    """Two models stepped in lock-step; readers get tables cached per week."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.models = {side: KooperacjeModel(config=cfg)
                       for side, cfg in settings.configs().items()}
        self.needs: dict[str, list[np.ndarray]] = {side: [] for side in SIDES}
        self._lock = threading.RLock()
        self._cache: dict[tuple, object] = {}
        self._remember_needs()

    @property
    def week(self) -> int:
        return self.models["scenario"].steps

    @property
    def weeks(self) -> int:
        return self.models["scenario"].cfg.weeks

    @property
    def running(self) -> bool:
        return self.week < self.weeks

    @property
    def families(self) -> int:
        return min(m.state.families.n for m in self.models.values())

    def step(self) -> None:
        with self._lock:
            if not self.running:
                return
            for model in self.models.values():
                model.step()
            self._remember_needs()
            self._cache.clear()

    def _remember_needs(self) -> None:
        for side, model in self.models.items():
            fam = model.state.families
            self.needs[side].append(fam.severity[: min(fam.n, HISTORY_ROWS)].astype(np.float16))

    def _cached(self, key: tuple, make):
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    # --- tables for the charts -------------------------------------------------------------------
    def weekly(self, side: str) -> pd.DataFrame:
        """Weekly metrics plus what the charts plot (empty before the first step)."""
        return self._cached(("weekly", side), lambda: self._weekly(self.models[side]))

    def _weekly(self, model: KooperacjeModel) -> pd.DataFrame:
        frame = metrics.weekly_frame(model.weekly)
        if frame.empty:
            return frame
        for c in CRISES:
            frame[f"crises_{c}_cum"] = frame[f"crises_{c}"].cumsum()
        frame["crises_cum"] = frame["crises_total"].cumsum()
        frame["unserved_pct"] = 100 * frame["revealed_unserved_share"]
        recent = frame[["wait_weeks_sum", "services_started"]].rolling(4, min_periods=1).sum()
        frame["wait_recent"] = recent["wait_weeks_sum"] / recent["services_started"].where(
            recent["services_started"] > 0)
        for a in ACTIVITIES:
            frame[f"{a}_per_worker"] = frame[f"hours_{a}"] / len(model.state.workforce)
        frame["cost_mln"] = frame["cost_total_cum"] / 1e6
        return frame

    def referrals(self, side: str) -> pd.DataFrame:
        """Every referral and service so far, closed and open (open: ``week_closed`` -1)."""
        return self._cached(("referrals", side),
                            lambda: metrics.referral_frame(self.models[side].state))

    def flows(self, side: str) -> pd.DataFrame:
        """Per institution: sector, capacity, PZK member, referrals from the OPS, misdirected."""
        def make() -> pd.DataFrame:
            model = self.models[side]
            refs = self.referrals(side)
            sent = refs[(refs["origin"] == "ops") & (refs["outcome"] != "refused")]
            n = len(model.state.institutions)
            return pd.DataFrame({
                "sector": model.state.institutions.sector,
                "capacity": model.state.institutions.capacity,
                "member": model.partnership.member,
                "referrals": np.bincount(sent["institution"], minlength=n),
                "misdirected": np.bincount(sent["institution"][sent["misdirected"]], minlength=n),
            })
        return self._cached(("flows", side), make)

    # --- one family -------------------------------------------------------------------------------
    def journey(self, side: str, row: int) -> Journey:
        with self._lock:
            model = self.models[side]
            needs = np.full((len(self.needs[side]), model.state.families.severity.shape[1]), np.nan)
            for week, snap in enumerate(self.needs[side]):
                if row < len(snap):
                    needs[week] = snap[row]
            refs = self.referrals(side)
            crises = [(int(w), kind) for weeks, rows, kind in model.state.crisis_log
                      for w in weeks[rows == row]]  # the logs count weeks from 1
            moves = [(week, kind) for week, rows, kind in model.state.movement_log
                     if kind != "entry" and row in rows]
            status = "active" if model.state.families.status[row] == ACTIVE else "exited"
            return Journey(needs, refs[refs["family_id"] == row], crises, moves, status)

    def telling_family(self) -> int:
        """A family whose story differs most: fewer crises with cooperation, then lower needs."""
        with self._lock:
            n = min(self.families, HISTORY_ROWS)
            fam = {side: m.state.families for side, m in self.models.items()}
            fewer = fam["siloed"].crises[:n].sum(1) - fam["scenario"].crises[:n].sum(1)
            lower = fam["siloed"].severity[:n].sum(1) - fam["scenario"].severity[:n].sum(1)
            return int(np.lexsort((-lower, -fewer))[0])

