"""Fixtures for the dashboard tests: the app built through the factory on a pinned clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from ui_helpers import START_MS, SteppingClock

from cliq_tui.bootstrap import build_app
from cliq_tui.fake import FakeConfig
from cliq_tui.storage.config import Settings
from cliq_tui.ui.app import CliqApp


@pytest.fixture
def ui_fake_config() -> FakeConfig:
    """The demo data on a manual clock; chats resolved by GET /chats and per-chat lists."""
    return FakeConfig(seed="demo", clock="manual", start_time_ms=START_MS)


@pytest.fixture
def make_app(tmp_path: Path, ui_fake_config: FakeConfig) -> Callable[..., CliqApp]:
    """Build the app the way the CLI does, on the demo server, with a pinned clock and UTC."""

    def make(
        *,
        read_only: bool = False,
        fake_config: FakeConfig | None = None,
        settings: Settings | None = None,
    ) -> CliqApp:
        return build_app(
            settings or Settings(),
            demo=True,
            read_only=read_only,
            fake_config=fake_config or ui_fake_config,
            clock=SteppingClock(),
            tz=UTC,
            drafts_dir=tmp_path / "drafts",
        )

    return make
