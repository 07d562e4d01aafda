"""Fixtures for the dashboard tests: the app built through the bootstrap on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cliq_tui.fake import FakeConfig
from cliq_tui.storage.config import Settings
from cliq_tui.ui.app import CliqApp
from tests.support.app import demo_app
from tests.support.servers import manual_config


@pytest.fixture
def ui_fake_config() -> FakeConfig:
    """The demo data on a manual clock; chats resolved by GET /chats and per-chat lists."""
    return manual_config()


@pytest.fixture
def items_carry_chat_ids(ui_fake_config: FakeConfig) -> FakeConfig:
    """Items carry their chat id (a form the documented API does not promise), so every action
    is available and the screen settles at once, without waiting on chat resolution. A module
    asks for it with ``pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")``."""
    ui_fake_config.include_chat_id = True
    return ui_fake_config


@pytest.fixture
def make_app(tmp_path: Path, ui_fake_config: FakeConfig) -> Callable[..., CliqApp]:
    """Build the app the way the CLI does, on the demo server, with a fake clock and UTC."""

    def make(
        *,
        read_only: bool = False,
        fake_config: FakeConfig | None = None,
        settings: Settings | None = None,
    ) -> CliqApp:
        return demo_app(
            tmp_path / "drafts", fake_config or ui_fake_config, settings, read_only=read_only
        )

    return make
