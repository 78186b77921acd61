"""Fixtures for the practice tests: a library that holds only the packs a test names."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def without_builtin_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the built-in pack at an empty folder, so only ``--pack`` folders are listed."""
    from tutor.core.practice import library

    empty = tmp_path / "no-builtin-pack"
    empty.mkdir()
    monkeypatch.setattr(library, "builtin_problems_dir", lambda: empty)
    return empty
