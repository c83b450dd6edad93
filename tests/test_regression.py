"""Exact regression baseline: the summaries of four short runs, committed.

A failure means the model's results changed. If the change is intended, run
``tests/update_baseline.py`` and commit the new baseline with the change that caused it.
"""

import json
from pathlib import Path

import pytest
from conftest import SCENARIOS, scenario_config

import sim

BASELINE = Path(__file__).parent / "baseline" / "summaries.json"


def baseline_summaries() -> dict:
    return {name: sim.run(scenario_config(name, weeks=30, seed=2026)).summary
            for name in SCENARIOS}


def test_summaries_match_the_committed_baseline():
    expected = json.loads(BASELINE.read_text())
    for name, summary in baseline_summaries().items():
        for key, value in expected[name].items():
            if isinstance(value, float):
                assert summary[key] == pytest.approx(value, rel=1e-9, nan_ok=True), (name, key)
            else:
                assert summary[key] == value, (name, key)
