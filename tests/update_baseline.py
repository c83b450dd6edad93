"""Rewrite tests/baseline/summaries.json after an intended change of the model's behaviour.

    .venv/bin/python tests/update_baseline.py

Review the diff of the JSON file before committing it: every changed number is a changed result.
"""

import json
from pathlib import Path

from test_regression import BASELINE, baseline_summaries

if __name__ == "__main__":
    Path(BASELINE).write_text(json.dumps(baseline_summaries(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {BASELINE}")
