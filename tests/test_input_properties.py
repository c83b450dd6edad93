"""Property-based: any bad value of any key of the schema (model, study, sweep and experiment
keys) is refused before anything runs: exit status 2, one line naming the key and what is
allowed, no traceback, nothing written, nothing run. In-process, through the real ``main``."""

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim.cli
from sim.configure import options
from sim.study.config import K3DConfig
from sim.validation import iter_params

FAST = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
PARAMS = [(key, value, meta) for key, value, meta in iter_params(K3DConfig())
          if isinstance(value, (int, float)) and not isinstance(value, bool)]
RANGED = [(k, v, m) for k, v, m in PARAMS if m.get("lo") is not None or m.get("hi") is not None]
CHOICES = [(k, m["keys"]) for k, v, m in iter_params(K3DConfig())
           if isinstance(v, str) and m.get("keys")]
WORD = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).map(lambda t: "x" + t)


def run_main(argv: list[str], monkeypatch) -> tuple[int, str, list]:
    """``k3d ARGV`` in a fresh empty folder; (exit status, stderr, runs started)."""
    started = []
    monkeypatch.setattr(sim.cli, "_app", lambda: started.append(argv))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        monkeypatch.setattr(sys, "argv", ["k3d", *argv, f"hydra.run.dir={out}",
                                          f"hydra.sweep.dir={out}"])
        err = io.StringIO()
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stop:
                sim.cli.main()
        finally:
            os.chdir(cwd)
        assert os.listdir(folder) == [], "something was written"
    return stop.value.code, err.getvalue(), started


def assert_refused(argv, monkeypatch, names: str) -> None:
    code, err, started = run_main(argv, monkeypatch)
    lines = err.strip().splitlines()
    assert code == 2 and started == [], (argv, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    assert names in lines[0] and "allowed" in lines[0], (argv, lines[0])


@st.composite
def out_of_range(draw):
    key, value, meta = draw(st.sampled_from(RANGED))
    lo, hi = meta.get("lo"), meta.get("hi")
    side = draw(st.sampled_from([s for s, bound in (("lo", lo), ("hi", hi)) if bound is not None]))
    step = draw(st.integers(1, 10**6) if isinstance(value, int) else st.floats(1e-3, 1e6))
    bad = lo - step if side == "lo" else hi + step
    return key, int(bad) if isinstance(value, int) else bad


@FAST
@given(case=out_of_range(), sweep=st.booleans(), single=st.booleans())
def test_a_value_out_of_range_is_refused(case, sweep, single, monkeypatch):
    key, bad = case
    run = ["scenario=siloed"] if single else []
    if sweep:  # a sweep whose other value is fine: every job is checked
        good = dict((k, v) for k, v, _ in RANGED)[key]
        argv = ["-m", *run, f"{key}={good},{bad!r}"]
    else:
        argv = [*run, f"{key}={bad!r}"]
    assert_refused(argv, monkeypatch, key)


@FAST
@given(param=st.sampled_from(PARAMS), word=WORD, single=st.booleans())
def test_a_word_where_a_number_belongs_is_refused(param, word, single, monkeypatch):
    key = param[0]
    assert_refused([*(["scenario=siloed"] if single else []), f"{key}={word}"], monkeypatch, key)


@FAST
@given(choice=st.sampled_from(CHOICES), word=WORD)
def test_a_choice_that_does_not_exist_is_refused(choice, word, monkeypatch):
    key, allowed = choice
    assert_refused([f"{key}={word}"], monkeypatch, key)


@FAST
@given(group=st.sampled_from(["scenario", "municipality", "+experiment", "study.scenarios",
                              "study.baseline", "hydra/launcher"]),
       word=WORD, sweep=st.booleans())
def test_a_preset_or_scenario_that_does_not_exist_is_refused(group, word, sweep, monkeypatch):
    key = group.lstrip("+")
    if key.startswith("study.") or key == "hydra/launcher":
        names = options("scenario") if key.startswith("study.") else ["basic"]
        value = f"[siloed,{word}]" if key == "study.scenarios" else word
        good = "[siloed,pzk]" if key == "study.scenarios" else names[0]
    else:
        value, good = word, options(key)[0]
    argv = ["-m", f"{group}={good},{value}"] if sweep else [f"{group}={value}"]
    assert_refused(argv, monkeypatch, word if key == "hydra/launcher" else key)


@FAST
@given(path=st.lists(WORD, min_size=1, max_size=3), top=st.sampled_from(
    ["", "scenario.", "municipality.", "study.", "study.pilot.", "behaviour."]))
def test_a_key_the_schema_does_not_have_is_refused(path, top, monkeypatch):
    key = top + ".".join(path)
    assert_refused(["scenario=siloed", f"{key}=1"], monkeypatch, "unknown key")
