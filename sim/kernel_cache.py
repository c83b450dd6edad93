"""Where numba keeps the compiled kernels: a folder named by the package's source.

numba's own cache sits beside each file and checks only that file's date and size, so a kernel
whose callee in another module changed would load stale machine code (and give other numbers).
Named by a hash of every source file, the cache starts afresh after any edit; folders of
earlier sources are removed. ``NUMBA_CACHE_DIR``, when set, is the user's choice and is kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent
PREFIX = "numba-"


def source_hash() -> str:
    """sha256 of the package's Python files, their paths and contents (16 hex digits)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def use_source_cache() -> None:
    """Point numba at ``sim/__pycache__/numba-<hash>``; called before numba is imported (also
    in a notebook that imported numba first: its config is set directly)."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    root = PACKAGE / "__pycache__"
    folder = root / f"{PREFIX}{source_hash()}"
    if not folder.exists():
        for old in root.glob(f"{PREFIX}*"):
            shutil.rmtree(old, ignore_errors=True)
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    config = sys.modules.get("numba.core.config")
    if config is not None:
        config.CACHE_DIR = str(folder)
