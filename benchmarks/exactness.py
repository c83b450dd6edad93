"""Exactness: a hash of every output table of a set of runs, stored and compared, so that a change
meant only to be faster can be shown to leave every result bit for bit as it was.

The runs cover every scenario preset, the default municipality for its full 156 weeks, a pandemic,
a short-staffed OPS (50 families per worker) and a larger municipality.

    .venv/bin/python benchmarks/exactness.py --store   # write the reference from trusted code
    .venv/bin/python benchmarks/exactness.py           # compare with it (exit 1 on a difference)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

CONFIGS = Path(__file__).resolve().parents[1] / "configs"
REFERENCE = Path(__file__).with_name("exactness.json")
SHORT = 60  # weeks of the scenario runs: long enough for teams, the basket and re-entries
PANDEMIC = {"behaviour__pandemic__start_week": 10, "behaviour__pandemic__duration_weeks": 20}
SHORT_STAFFED = {"municipality__social_workers": 14}  # 680 families / 50 per worker (art. 110)
LARGER = {"municipality__initial_families": 5000, "municipality__social_workers": 100,
          "municipality__population": 400_000}


def scenario(name: str) -> dict:
    """A scenario preset of configs/scenario as flat overrides (``scenario__pzk__enabled``...)."""
    def flat(node: dict, prefix: str) -> dict:
        out = {}
        for key, value in node.items():
            if isinstance(value, dict):
                out.update(flat(value, f"{prefix}{key}__"))
            else:
                out[f"{prefix}{key}"] = value
        return out
    return flat(yaml.safe_load((CONFIGS / "scenario" / f"{name}.yaml").read_text()), "scenario__")


def runs() -> dict[str, dict]:
    """Name -> flat overrides of sim.run."""
    names = ("siloed", "costs_only", "pzk", "pzk_zzk", "kooperacje_3d", "without_basket",
             "without_leader")
    out = {f"{s}_{SHORT}w": {**scenario(s), "weeks": SHORT, "seed": 7} for s in names}
    for s in ("siloed", "kooperacje_3d"):
        out[f"{s}_default_156w"] = {**scenario(s), "seed": 42}
        out[f"{s}_pandemic"] = {**scenario(s), **PANDEMIC, "weeks": 52, "seed": 5}
        out[f"{s}_short_staffed"] = {**scenario(s), **SHORT_STAFFED, "weeks": 80,
                                     "seed": 11}
    out["pzk_zzk_5000_families"] = {**scenario("pzk_zzk"), **LARGER, "weeks": 20,
                                    "seed": 3}
    return out


def table_hash(frame: pd.DataFrame) -> str:
    """Columns, dtypes and values (categoricals by codes and categories)."""
    h = hashlib.sha256()
    for name in frame.columns:
        col = frame[name]
        h.update(f"{name}:{col.dtype}".encode())
        if isinstance(col.dtype, pd.CategoricalDtype):
            h.update(json.dumps(list(map(str, col.cat.categories))).encode())
            values = col.cat.codes.to_numpy()
        elif col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            values = np.array(col.astype(str).to_list(), dtype=str)
        else:
            values = col.to_numpy()
        h.update(np.ascontiguousarray(values).tobytes())
    return h.hexdigest()[:16]


def hashes(name: str, overrides: dict) -> dict:
    import sim
    from sim.api import TABLES

    result = sim.run(**overrides)
    out = {t: table_hash(getattr(result, t)) for t in TABLES}
    out["summary"] = hashlib.sha256(
        json.dumps(result.summary, sort_keys=True, default=repr).encode()).hexdigest()[:16]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="store_true", help="write the reference")
    args = parser.parse_args()
    start = time.perf_counter()
    found = {name: hashes(name, overrides) for name, overrides in runs().items()}
    print(f"{len(found)} runs in {time.perf_counter() - start:.1f} s")
    if args.store:
        REFERENCE.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
        print(f"wrote {REFERENCE}")
        return
    expected = json.loads(REFERENCE.read_text())
    differ = [(run, table) for run in expected for table in expected[run]
              if found.get(run, {}).get(table) != expected[run][table]]
    for run, table in differ:
        print(f"DIFFERS: {run} {table}")
    print("identical" if not differ else f"{len(differ)} tables differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
