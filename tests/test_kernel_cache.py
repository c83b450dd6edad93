"""The compiled kernels' cache follows the source: an edit anywhere starts a fresh cache."""

import numba

from sim import kernel_cache


def _package(tmp_path):
    pkg = tmp_path / "sim"
    (pkg / "processes").mkdir(parents=True)
    (pkg / "processes" / "needs.py").write_text("def rule():\n    return 1\n")
    (pkg / "model.py").write_text("from sim.processes.needs import rule\n")
    return pkg


def test_numba_uses_the_cache_named_by_this_source():
    expected = kernel_cache.PACKAGE / "__pycache__" / f"numba-{kernel_cache.source_hash()}"
    assert numba.config.CACHE_DIR == str(expected)


def test_an_edit_in_any_module_changes_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(kernel_cache, "PACKAGE", _package(tmp_path))
    before = kernel_cache.source_hash()
    (tmp_path / "sim" / "processes" / "needs.py").write_text("def rule():\n    return 2\n")
    assert kernel_cache.source_hash() != before


def test_a_new_source_removes_the_caches_of_earlier_ones(tmp_path, monkeypatch):
    pkg = _package(tmp_path)
    stale = pkg / "__pycache__" / "numba-0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "needs._evolve-40.py312.nbi").write_bytes(b"old")
    monkeypatch.setattr(kernel_cache, "PACKAGE", pkg)
    monkeypatch.delenv("NUMBA_CACHE_DIR")
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    kernel_cache.use_source_cache()
    current = pkg / "__pycache__" / f"numba-{kernel_cache.source_hash()}"
    assert not stale.exists()
    assert numba.config.CACHE_DIR == str(current)


def test_a_cache_folder_the_user_chose_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setattr(numba.config, "CACHE_DIR", str(tmp_path / "mine"))
    kernel_cache.use_source_cache()
    assert numba.config.CACHE_DIR == str(tmp_path / "mine")
