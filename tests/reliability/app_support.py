"""Running the real app (built by the factory, on the demo fake server) under Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from cliq_tui.config import Settings
from cliq_tui.factory import build_app
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.status_bar import StatusBar

from .support import START_MS

SIZE = (160, 48)


class SteppingClock:
    """The app's clock (epoch seconds): the fake server's start time until a test moves it."""

    def __init__(self, start: float = START_MS / 1000) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.now += seconds


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


def server_of(app: CliqApp) -> FakeServer:
    """The demo's embedded fake server."""
    server = getattr(app.backend, "fake_server", None)
    assert server is not None, "the demo server is not running"
    return server


def status_text(app: CliqApp) -> str:
    """What the status bar says."""
    return str(app.main.query_one(StatusBar).render())


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Let the app run until ``condition`` holds (bounded, so a hang fails instead of blocking)."""
    for _ in range(600):
        if condition():
            return
        await pilot.pause(0.025)
    raise AssertionError(f"gave up waiting for: {what}")


async def wait_for_queue(pilot: Pilot[Any]) -> None:
    """Wait until the engine is connected and the demo queue is on screen."""
    app = pilot.app
    assert isinstance(app, CliqApp)
    await wait_until(
        pilot, lambda: app.engine is not None and app.main.queue.row_count > 0, "the demo queue"
    )


async def settle(pilot: Pilot[Any]) -> None:
    """Let posted messages and workers run."""
    await pilot.pause()
    await asyncio.sleep(0)
    await pilot.pause()


def toasts(app: CliqApp) -> list[tuple[str, str]]:
    """Every notification shown so far, as (title, message)."""
    return [(n.title, n.message) for n in app._notifications]
