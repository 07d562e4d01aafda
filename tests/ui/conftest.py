"""Fixtures for the dashboard tests: the app built through the bootstrap on a fake clock, and
snapshots whose text cursors hold still."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

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


def steady_cursors(app: App[Any]) -> None:
    """Stop every text cursor blinking (shown where focused): the picture then does not depend
    on whether half a second passed before it was taken, as it may on a loaded machine."""
    for screen in app.screen_stack:
        for field in screen.query("Input, TextArea"):
            if isinstance(field, Input | TextArea):
                field.cursor_blink = False
                # A text area keeps the lines it drew; without this, one drawn while the cursor
                # was blinked off would be reused.
                field.notify_style_update()
                field.refresh()


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's snap_compare, with the text cursors held still."""

    def compare(
        app: App[Any],
        *args: Any,
        run_before: Callable[[Pilot[Any]], Awaitable[None]] | None = None,
        **kwargs: Any,
    ) -> bool:
        async def before(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                await run_before(pilot)
            steady_cursors(pilot.app)

        return snap_compare(app, *args, run_before=before, **kwargs)

    return compare
