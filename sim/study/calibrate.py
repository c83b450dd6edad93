"""The calibrate and validate experiments: fit the siloed baseline, then check it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim import calibration
from sim.configure import compose_config
from sim.study.config import K3DConfig


def run_calibrate(cfg: K3DConfig, root: Path) -> None:
    seeds = [cfg.seed + r for r in range(cfg.replications)]
    fitted, history = calibration.fit(cfg.model(), seeds, cfg.study.calibrate.evaluations, cfg.jobs)
    history.to_csv(root / "calibration_history.csv", index=False)
    record = calibration.fitted_record(fitted, history, seeds)
    (root / "calibration.json").write_text(json.dumps(record, indent=1, ensure_ascii=False))
    _plot_history(history, root / "figures" / "calibration.png")
    for key in record["at_bounds"]:
        print(f"k3d: fitted {key} ended at a bound of its search range "
              f"{calibration.TARGETS['fit_bounds']}", file=sys.stderr)
    if cfg.study.calibrate.write:
        path = calibration.write_fitted(record)
        print(f"k3d: fitted values stored in {path}")
    print(f"k3d: calibration in {root / 'calibration.json'}")


def place_configs(overrides: list[str], cfg: K3DConfig) -> dict[str, K3DConfig]:
    """The command line's config for each municipality the validate experiment checks."""
    base = [o for o in overrides if not o.lstrip("+~").startswith(("hydra", "municipality="))]
    return {place: compose_config([*base, f"municipality={place}"])
            for place in cfg.study.municipalities}


def run_validate(overrides: list[str], cfg: K3DConfig, root: Path) -> pd.DataFrame:
    seeds = [cfg.seed + r for r in range(cfg.replications)]
    results = {place: calibration.baseline(place_cfg.model(), seeds, cfg.jobs)
               for place, place_cfg in place_configs(overrides, cfg).items()}
    table = calibration.validation_table(results)
    table.to_csv(root / "validation.csv", index=False)
    _plot_validation(table, root / "figures" / "validation.png")
    _validation_report(table, cfg, root)
    bad = table[~table["within"]]
    for row in bad.itertuples():
        print(f"k3d: {row.municipality}: {row.pattern} simulated {row.simulated:.3f}, observed "
              f"{row.observed:.3f} (tolerance {row.tolerance})", file=sys.stderr)
    print(f"k3d: {int(table['within'].sum())} of {len(table)} patterns within tolerance; "
          f"{root / 'validation.csv'}")
    return table


def _plot_history(history: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    axes[0].plot(history["evaluation"], history["cost"], marker=".")
    axes[0].set_yscale("log")
    axes[0].set_title("sum of squared relative errors")
    errors = pd.DataFrame([calibration.residuals(row) for row in history.to_dict("records")])
    for col in errors:
        axes[1].plot(history["evaluation"], errors[col], label=col.removeprefix("reason_"), lw=1)
    axes[1].axhline(0.0, color="grey", lw=1)
    axes[1].set_title("relative error of each target")
    axes[1].legend(fontsize=6, ncol=2)
    for ax in axes:
        ax.set_xlabel("evaluation")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_validation(table: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    reasons = table[table["pattern"].str.startswith("reason_")]
    other = table[~table["pattern"].str.startswith("reason_")]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    for place, part in reasons.groupby("municipality"):
        axes[0].scatter(part["observed"], part["simulated"], label=place)
        for row in part.itertuples():
            axes[0].annotate(row.pattern.removeprefix("reason_"), (row.observed, row.simulated),
                             fontsize=7)
    lim = max(reasons["observed"].max(), reasons["simulated"].max()) * 1.1
    axes[0].plot([0, lim], [0, lim], color="grey", lw=1)
    axes[0].set_xlabel("observed share of assisted families")
    axes[0].set_ylabel("simulated")
    axes[0].set_title("Reasons for assistance")
    axes[0].legend(fontsize=8)
    ratio = other.assign(ratio=other["simulated"] / other["observed"])
    labels = ratio["municipality"] + ": " + ratio["pattern"]
    axes[1].barh(labels, ratio["ratio"], color=["#55a868" if w else "#c44e52"
                                                for w in ratio["within"]])
    axes[1].axvline(1.0, color="grey", lw=1)
    axes[1].set_xlabel("simulated / observed")
    axes[1].set_title("Other patterns (green: within tolerance)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _validation_report(table: pd.DataFrame, cfg: K3DConfig, root: Path) -> None:
    from sim.report.document import md_table

    shown = table.assign(observed=table["observed"].round(4), simulated=table["simulated"].round(4))
    text = [
        "# Validation of the siloed baseline", "",
        f"{cfg.replications} seeds × {cfg.weeks} weeks per municipality; state averaged over the "
        "last year. Each pattern is compared with its public figure within the stated tolerance.",
        "", f"{int(table['within'].sum())} of {len(table)} patterns within tolerance.", "",
        md_table(shown), "", "![validation](figures/validation.png)", "",
    ]
    (root / "report.md").write_text("\n".join(text))
