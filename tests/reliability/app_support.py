"""Running the real app (built by the factory, on the demo fake server) under Pilot; the waits
and the clock are the UI tests' own (:mod:`cliq_tui.ui.testing`)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from cliq_tui.bootstrap import build_app
from cliq_tui.fake import FakeConfig
from cliq_tui.storage.config import Settings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.testing import SteppingClock, settle, toasts, wait_for_queue, wait_until
from cliq_tui.ui.testing import demo_server as server_of
from cliq_tui.ui.widgets.status_bar import StatusBar

from .support import START_MS

__all__ = [
    "SIZE",
    "SteppingClock",
    "demo_config",
    "make_app",
    "press_refresh",
    "server_of",
    "settle",
    "status_text",
    "toasts",
    "wait_for_queue",
    "wait_until",
]

SIZE = (160, 48)


def demo_config(**overrides: Any) -> FakeConfig:
    """Demo data on a manual clock; items carry their chat so every action is available."""
    return FakeConfig(
        **{
            "seed": "demo",
            "clock": "manual",
            "start_time_ms": START_MS,
            "include_chat_id": True,
            **overrides,
        }
    )


def make_app(
    drafts_dir: Path, fake_config: FakeConfig | None = None, settings: Settings | None = None
) -> CliqApp:
    """The app exactly as the CLI builds it (demo backend), on a stepping clock and UTC."""
    return build_app(
        settings or Settings(),
        demo=True,
        fake_config=fake_config or demo_config(),
        clock=SteppingClock(),
        tz=UTC,
        drafts_dir=drafts_dir,
    )


async def press_refresh(pilot: Pilot[Any], seconds: float = 5.0) -> None:
    """Press r a few seconds on (a refresh right after a listing is answered by that listing)."""
    app = pilot.app
    assert isinstance(app, CliqApp) and isinstance(app.clock, SteppingClock)
    app.clock.advance(seconds)
    await pilot.press("r")


def status_text(app: CliqApp) -> str:
    """What the status bar says."""
    return str(app.main.query_one(StatusBar).render())
