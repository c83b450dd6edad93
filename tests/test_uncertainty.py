"""Uncertainty about the assumptions: priors, draws shared by scenarios, prob_better, drivers."""

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim import uncertainty
from sim.analysis.compare import paired, prob_better
from sim.analysis.drivers import drivers, prcc
from sim.configure import compose_config
from sim.overrides import get_value
from sim.study.config import K3DConfig
from sim.study.plan import with_caseload
from sim.study.study import _compare_configs, explicit_keys
from sim.validation import iter_params


def _meta() -> dict[str, dict]:
    return {key: meta for key, _, meta in iter_params(K3DConfig())}


@pytest.mark.parametrize("key", list(uncertainty.PRIORS))
def test_every_prior_names_a_config_field_and_stays_inside_its_allowed_range(key):
    meta = _meta()
    assert key in meta, f"{key} is not a config parameter"
    prior = uncertainty.PRIORS[key]
    lo, hi = meta[key]["lo"], meta[key]["hi"]
    assert lo is not None and hi is not None
    assert lo <= prior.low < prior.high <= hi
    lowest, highest = prior.quantile(2.0**-53), prior.quantile(1 - 2.0**-53)
    assert prior.low <= lowest and highest <= prior.high + 1e-12
    assert prior.reason
    assert isinstance(get_value(K3DConfig(), key), int) == prior.integer


def _scipys(prior: uncertainty.Prior):
    """The frozen scipy.stats distribution the prior's label names."""
    from scipy import stats

    kind, _, args = prior.label.partition("(")
    if prior.integer:
        return stats.randint(int(prior.low), int(prior.high) + 1)
    low, *rest = (float(a) for a in args.rstrip(")").split(","))
    if kind == "uniform":
        return stats.uniform(low, rest[-1] - low)
    mode, high = rest
    return stats.triang((mode - low) / (high - low), loc=low, scale=high - low)


@pytest.mark.parametrize("key", list(uncertainty.PRIORS))
def test_every_prior_draws_what_scipy_stats_draws_to_the_last_bit(key):
    prior = uncertainty.PRIORS[key]
    q = np.random.default_rng(7).random(2000)
    edges = [0.0, 2.0**-53, 0.5, 1 - 2.0**-53]
    if prior.integer:  # the quantiles at the steps
        count = prior.high + 1 - prior.low
        edges += [k / count for k in range(1, count)]
    elif prior.label.startswith("triangular"):  # at the mode
        c = float(_scipys(prior).args[0])
        edges += [c, np.nextafter(c, 0), np.nextafter(c, 1)]
    q = np.concatenate([q, edges])
    ours = np.array([prior.quantile(float(x)) for x in q])
    assert np.array_equal(ours, _scipys(prior).ppf(q)), key


def test_benefit_priors_reach_a_null_benefit():
    """Each benefit can be (nearly) absent: the literature includes null results."""
    cfg = K3DConfig()
    services = cfg.behaviour.services
    p = uncertainty.PRIORS
    assert p["scenario.pzk.information_sharing"].low == 0
    assert p["scenario.client_work.dropout_reduction"].low == 0
    for key in ("engagement_gain_multiplier", "diagnosis_multiplier",
                "burnout_recovery_multiplier"):
        assert p[f"scenario.client_work.{key}"].low == 1
    assert p["scenario.zzk.parallel_referrals"].low == 1
    assert p["scenario.pzk.mature_misdirection"].high >= p["behaviour.services.misdirection"].low
    assert (p["scenario.pzk.mature_referral_delay_weeks"].high
            >= p["behaviour.services.referral_delay_weeks"].low)
    assert services.misdirection == 0.2  # the point value sits inside its prior


def test_draws_differ_between_replications_and_stay_in_range():
    a, b = uncertainty.draw(42, 0), uncertainty.draw(42, 1)
    assert set(a) == set(uncertainty.PRIORS)
    assert a != b
    assert a == uncertainty.draw(42, 0)
    for key, value in a.items():
        prior = uncertainty.PRIORS[key]
        assert prior.low <= value <= prior.high
        assert isinstance(value, int) == prior.integer


def test_adding_a_prior_leaves_the_other_draws_unchanged():
    extra = {**uncertainty.PRIORS,
             "scenario.pzk.hours_per_shared_report": uncertainty.uniform(0.1, 0.5, "test")}
    with_extra = uncertainty.draw(7, 3, priors=extra)
    alone = uncertainty.draw(7, 3)
    assert {k: with_extra[k] for k in alone} == alone


def test_draws_are_the_same_in_another_process():
    code = ("import json; from sim.uncertainty import draw; "
            "print(json.dumps(draw(42, 5)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == uncertainty.draw(42, 5)


def test_apply_sets_values_and_rounds_integers():
    cfg = uncertainty.apply(K3DConfig(), {"scenario.zzk.parallel_referrals": 2.6,
                                          "scenario.pzk.information_sharing": 0.25})
    assert cfg.scenario.zzk.parallel_referrals == 3
    assert cfg.scenario.pzk.information_sharing == 0.25
    assert K3DConfig().scenario.pzk.information_sharing == 0.7  # the original is untouched


def test_bad_uncertainty_value_is_refused():
    from sim.configure import InputError

    with pytest.raises(InputError, match="uncertainty='some' is not allowed; allowed: one of "
                                         "full, chance"):
        compose_config(["uncertainty=some"])


def test_caseload_cells_set_the_right_worker_counts():
    cfg = compose_config([])
    same, label = with_caseload(cfg, 0)
    assert same.municipality.social_workers == 25 and label == "families_per_worker=27"
    fifty, label = with_caseload(cfg, 50)
    assert fifty.municipality.social_workers == 14 and label == "families_per_worker=50"
    assert with_caseload(cfg, 100_000)[0].municipality.social_workers == 1
    study = compose_config(["study.scenarios=[siloed,pzk]"])
    configs = _compare_configs([], study)
    assert sorted(configs) == [("families_per_worker=27", "pzk"),
                               ("families_per_worker=27", "siloed"),
                               ("families_per_worker=50", "pzk"),
                               ("families_per_worker=50", "siloed")]
    one = compose_config(["study.families_per_worker=[0]", "study.scenarios=[siloed,pzk]"])
    assert sorted(_compare_configs([], one)) == [("base", "pzk"), ("base", "siloed")]


def test_keys_set_on_the_command_line_are_not_drawn():
    cfg = compose_config(["scenario.pzk.information_sharing=0.9"])
    fixed = explicit_keys(["scenario.pzk.information_sharing=0.9", "weeks=8"], cfg)
    assert "scenario.pzk.information_sharing" not in uncertainty.draw(1, 0, fixed=fixed)


def test_prob_better_counts_wins_in_the_better_direction_and_ties_half():
    assert prob_better(np.array([1.0, 2.0, -1.0, 0.0]), "exits_to_independence") == 0.625
    assert prob_better(np.array([1.0, 2.0, -1.0, 0.0]), "crises_total") == 0.375
    summary = pd.DataFrame({
        "cell": "base", "scenario": ["siloed"] * 4 + ["pzk"] * 4,
        "replication": [0, 1, 2, 3] * 2,
        "exits_to_independence": [10, 10, 10, 10, 12, 9, 10, 11],
        "crises_total": [5, 5, 5, 5, 4, 4, 6, 5],
    })
    comp = paired(summary, "siloed", outcomes=("exits_to_independence", "crises_total"))
    got = comp.set_index(["scenario", "outcome"])["prob_better"]
    assert got[("pzk", "exits_to_independence")] == pytest.approx((2 + 0.5) / 4)
    assert got[("pzk", "crises_total")] == pytest.approx((2 + 0.5) / 4)
    assert got[("siloed", "crises_total")] == 0.5


def test_prcc_finds_a_planted_monotone_relation_and_nothing_in_noise():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(80, 5))
    y = np.exp(3 * x[:, 0]) - 2 * x[:, 1] + 0.05 * rng.normal(size=80)
    coef, pval, method = prcc(x, y)
    assert method == "prcc"
    assert coef[0] > 0.9 and coef[1] < -0.6 and pval[0] < 1e-6
    assert np.all(np.abs(coef[2:]) < 0.35)
    noise, _, _ = prcc(x, rng.normal(size=80))
    assert np.all(np.abs(noise) < 0.35)


def test_drivers_rank_the_planted_parameter_first():
    rng = np.random.default_rng(1)
    n = 40
    a, b = rng.uniform(size=n), rng.uniform(size=n)
    base = rng.normal(100, 5, size=n)
    rows = []
    for scenario, effect in (("siloed", 0 * a), ("pzk", 10 * a)):
        rows.append(pd.DataFrame({"cell": "base", "scenario": scenario, "replication": range(n),
                                  "exits_to_independence": base + effect,
                                  "param:x.a": a, "param:x.b": b}))
    table = drivers(pd.concat(rows), "siloed", outcomes=("exits_to_independence",))
    first = table.iloc[0]
    assert (first["parameter"], first["rank"], first["scenario"]) == ("x.a", 1, "pzk")
    assert first["prcc"] > 0.95


def test_chance_keeps_point_values_and_full_draws_once_per_replication(tmp_path):
    from sim.study.plan import jobs_for

    cfg = compose_config(["uncertainty=chance", "study.families_per_worker=[0]"])
    configs = _compare_configs([], cfg)
    jobs = jobs_for(configs, 2)
    for job in jobs:
        expected = dataclasses.replace(configs[(job.cell, job.scenario)], seed=42 + job.replication)
        assert job.config == expected and job.drawn == {}
    draws = {r: uncertainty.draw(cfg.seed, r) for r in range(2)}
    for job in jobs:
        drawn = uncertainty.apply(job.config, draws[job.replication])
        for key, value in draws[job.replication].items():
            assert get_value(drawn, key) == pytest.approx(value)


def test_drivers_leave_out_parameters_of_dimensions_a_scenario_does_not_switch_on():
    rng = np.random.default_rng(2)
    n = 30
    frame = []
    for scenario in ("siloed", "pzk"):
        frame.append(pd.DataFrame({
            "cell": "base", "scenario": scenario, "replication": range(n),
            "crises_total": rng.normal(size=n),
            "param:scenario.pzk.information_sharing": np.linspace(0, 1, n),
            "param:scenario.zzk.relapse_detection": rng.uniform(size=n),
            "param:behaviour.services.misdirection": rng.uniform(size=n)}))
    table = drivers(pd.concat(frame), "siloed", outcomes=("crises_total",),
                    dimensions={"siloed": [], "pzk": ["pzk"]})
    assert set(table["parameter"]) == {"scenario.pzk.information_sharing",
                                       "behaviour.services.misdirection"}


def test_changing_uncertainty_changes_the_study_fingerprint():
    from sim.study.study import fingerprint

    assert (fingerprint(compose_config(["uncertainty=full"]))
            != fingerprint(compose_config(["uncertainty=chance"])))


def test_spearman_gives_scipys_numbers_bit_for_bit():
    """The drivers' Spearman correlations (too few replications for a PRCC) are scipy's, pair by
    pair, to the last bit: with ties, and NaN for a constant column."""
    import warnings

    from scipy import stats

    from sim.analysis.drivers import spearman

    rng = np.random.default_rng(3)
    x = np.column_stack([rng.normal(size=12), rng.integers(0, 4, 12), np.full(12, 2.0),
                         rng.uniform(size=12)])
    rx = np.column_stack([stats.rankdata(col) for col in x.T])
    ry = stats.rankdata(rng.normal(size=12) + x[:, 0])
    r, p = spearman(rx, ry)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = [stats.spearmanr(rx[:, j], ry) for j in range(rx.shape[1])]
    assert np.array_equal(r, [e.statistic for e in expected], equal_nan=True)
    assert np.array_equal(p, [e.pvalue for e in expected], equal_nan=True)
    assert np.isnan(r[2]) and not np.isnan(r[[0, 1, 3]]).any()


def test_ranks_and_the_t_quantile_are_scipy_stats_own_to_the_last_bit():
    """The study's main process does without scipy.stats (a second to import): the drivers'
    ranks and the intervals' t quantile must stay what scipy.stats gives."""
    from scipy import stats

    from sim.analysis.compare import _t975
    from sim.analysis.drivers import ranks

    rng = np.random.default_rng(5)
    for values in (rng.normal(size=40), rng.integers(0, 5, 40).astype(float), np.full(7, 2.0),
                   np.array([3.0, np.inf, 1.0, np.inf, -np.inf]), np.array([1.0, np.nan, 0.0]),
                   np.array([4.0])):
        assert np.array_equal(ranks(values), stats.rankdata(values), equal_nan=True), values
    for dof in [*range(1, 200), 499, 999, 10_000]:
        assert _t975(dof) == stats.t.ppf(0.975, dof), dof
