"""What an output folder holds and how it was made: checksums and ``manifest.json``.

Every unit of work (a single run, a study job, a study, a sweep) is sealed when it finishes:
``checksums.json`` lists its files, so a truncated or edited file is found before it is reused
or gathered; ``manifest.json`` (single runs, studies, sweeps) adds what reproduces it: the
resolved config, the seeds, the config hash, the package, git and library versions.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

CHECKSUMS = "checksums.json"
MANIFEST = "manifest.json"
STATUS = "status.json"
PACKAGES = ("kooperacje3d", "mesa", "numpy", "pandas", "scipy", "hydra-core", "seaborn", "joblib")
FIGURES = "figures"
SWEEP_FIGURES = "sweep_figures"


@functools.cache
def versions() -> dict[str, str]:
    """Python and the libraries whose versions can change the numbers (those this process
    imported: read once, every job of a sweep records them)."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@functools.cache
def git_commit() -> str:
    """The source's commit when it is a git checkout (empty otherwise): which code ran, read
    when this process first needs it."""
    source = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output_files(folder: Path) -> list[Path]:
    """The folder's results: its files and its figures, not the bookkeeping (status,
    checksums, manifest), logs (Hydra appends to them on every rerun) nor hidden files
    (Hydra's .hydra, temporary files)."""
    own = {CHECKSUMS, MANIFEST, STATUS}
    found = [p for p in [*folder.iterdir(), *(folder / FIGURES).glob("*"),
                         *(folder / SWEEP_FIGURES).glob("*")] if p.is_file()]
    return sorted(p for p in found if p.name not in own and p.suffix != ".log"
                  and not p.name.startswith("."))


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of each output file, by its path inside the folder."""
    return {str(p.relative_to(folder)): _sha256(p) for p in output_files(folder)}


def write_checksums(folder: Path) -> dict[str, str]:
    """Written last: the folder's files as they are now."""
    sums = checksums(folder)
    _write_json(folder / CHECKSUMS, sums)
    return sums


def verified(folder: Path) -> bool:
    """A finished folder whose files all match the checksums written when it finished: a
    truncated or edited file makes it count as not done (recomputed, never gathered)."""
    path = folder / CHECKSUMS
    if not path.exists():
        return False
    try:
        expected = json.loads(path.read_text())
    except ValueError:
        return False
    return all((folder / name).is_file() and _sha256(folder / name) == digest
               for name, digest in expected.items())


def seal(folder: Path, config_yaml: str, seeds: list[int], config_hash: str, **extra) -> None:
    """Checksums, then ``manifest.json``: everything needed to trust and reproduce the folder."""
    manifest = {
        "config_hash": config_hash,
        "seeds": seeds,
        "package": metadata.version("kooperacje3d"),
        "git_commit": git_commit(),
        "versions": versions(),
        **extra,
        "config": config_yaml,
        "files": write_checksums(folder),
    }
    _write_json(folder / MANIFEST, manifest)


def reseal(folder: Path) -> None:
    """After a folder's tables and report were rebuilt from its runs (``k3d-report``): the
    same config, seeds and hash, the checksums of the files as they are now."""
    path = folder / MANIFEST
    if path.exists():
        kept = {k: v for k, v in json.loads(path.read_text()).items()
                if k not in ("files", "package", "git_commit", "versions")}
        seal(folder, kept.pop("config"), kept.pop("seeds"), kept.pop("config_hash"), **kept)


def _write_json(path: Path, data: dict) -> None:
    write_text_atomic(path, json.dumps(data, indent=1, default=str))


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and a rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)
