"""Fixtures for the dialog tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cliq_tui.storage.drafts import DraftStore
from tests.support.dialogs import ZONE


@pytest.fixture(autouse=True)
def fixed_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run every dialog test in one known local zone."""
    monkeypatch.setenv("TZ", ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    """A draft store in a private temporary directory."""
    return DraftStore(tmp_path / "drafts")
