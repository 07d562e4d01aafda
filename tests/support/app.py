"""The real app (built through the bootstrap, as the CLI builds it) on the demo fake server, and
the key sequences the dashboard tests share. The app's clock is a
:class:`~tests.support.clock.FakeClock`; :func:`pass_time` moves it and the demo server's clock
together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.bootstrap import build_app
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.storage.config import Settings
from cliq_tui.sync.types import SyncStatus
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import ConfirmDialog, EditDialog
from cliq_tui.ui.dialogs.export import ExportDialog
from cliq_tui.ui.widgets.chat_list import ChatList

from .clock import FakeClock
from .pilot import demo_server, settle, wait_until
from .servers import manual_config


def account(base_url: str, token: str, **ui: object) -> Settings:
    """Settings with one profile, ``work``, on ``base_url`` with ``token`` (and ``ui`` options)."""
    return Settings.model_validate(
        {
            "default_profile": "work",
            "profiles": {"work": {"base_url": base_url, "access_token": token}},
            "ui": ui,
        }
    )


def demo_config(**overrides: Any) -> FakeConfig:
    """Demo data on a manual clock; items carry their chat so every action is available."""
    return manual_config(**{"include_chat_id": True, **overrides})


def demo_app(
    drafts_dir: Path,
    fake_config: FakeConfig | None = None,
    settings: Settings | None = None,
    *,
    read_only: bool = False,
) -> CliqApp:
    """The app exactly as the CLI builds it (demo backend), on a fake clock and UTC."""
    return build_app(
        settings or Settings(),
        demo=True,
        read_only=read_only,
        fake_config=fake_config or demo_config(),
        clock=FakeClock(),
        tz=UTC,
        drafts_dir=drafts_dir,
    )


def app_clock(app: object) -> FakeClock:
    """The app's fake clock."""
    assert isinstance(app, CliqApp) and isinstance(app.clock, FakeClock)
    return app.clock


def pass_time(app: object, seconds: float, server: FakeServer | None = None) -> None:
    """Let ``seconds`` pass for the app and its server (the demo's own unless ``server`` is
    given) alike."""
    app_clock(app).advance(seconds)
    assert isinstance(app, CliqApp)
    (server or demo_server(app)).state.advance(seconds)


async def refresh(
    pilot: Pilot[Any], seconds: float = 5.0, *, server: FakeServer | None = None
) -> None:
    """Let some time pass on both clocks (a refresh right after a listing is coalesced), then
    press r."""
    pass_time(pilot.app, seconds, server)
    await pilot.press("r")


async def open_export(pilot: Pilot[Any], app: CliqApp, path: Path | None = None) -> ExportDialog:
    """Press x, wait for the export dialog and let it settle; put ``path`` in its path field."""
    await pilot.press("x")
    await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    await settle(pilot)
    if path is not None:
        dialog.query_one("#export-path", Input).value = str(path)
    return dialog


async def cursor_on(app: CliqApp, pick: Callable[[ScheduledMessage], bool]) -> ScheduledMessage:
    """Put the cursor on the first queued message ``pick`` accepts."""
    queue = app.main.queue
    message = next(m for m in queue.visible_messages() if pick(m))
    assert queue.move_to(message.id)
    return message


async def confirm(pilot: Pilot[Any], app: CliqApp, key: str) -> ConfirmDialog:
    """Press ``key`` and wait for the confirmation it asks for."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
    dialog = app.screen
    assert isinstance(dialog, ConfirmDialog)
    return dialog


async def delete_under_cursor(pilot: Pilot[Any], app: CliqApp, message: ScheduledMessage) -> None:
    """Delete the message under the cursor (d, then y) and wait for its row to go."""
    await confirm(pilot, app, "d")
    await pilot.press("y")
    await wait_until(pilot, lambda: app.main.queue.message(message.id) is None, "the delete")


async def open_edit_dialog(pilot: Pilot[Any], app: CliqApp) -> None:
    """Press e and wait for the edit dialog."""
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "the edit dialog")


async def retype_text(pilot: Pilot[Any], app: CliqApp, text: str) -> None:
    """Clear the open dialog's text and type ``text`` in its place, key by key."""
    area = app.screen.query_one("#text", TextArea)
    area.clear()
    area.focus()
    await pilot.press(*text)


async def throttle_until_locked(pilot: Pilot[Any]) -> None:
    """Throttle every request on the fake server from now on, refresh, and wait for the lock."""
    app = pilot.app
    assert isinstance(app, CliqApp)
    demo_server(app).state.set_faults(throttle_all=True)
    await refresh(pilot)
    await wait_until(pilot, lambda: app.sync_state.status is SyncStatus.LOCKED, "the lock")


async def choose_chat(pilot: Pilot[Any], app: CliqApp, chat_id: str) -> None:
    """Highlight a chat in the chat list once it is there, and wait for the queue to show it."""
    chats = app.main.query_one(ChatList)
    await wait_until(pilot, lambda: any(o.id == chat_id for o in chats.options), "the chat")
    chats.highlighted = next(i for i, o in enumerate(chats.options) if o.id == chat_id)
    await wait_until(pilot, lambda: app.main.queue.scope == chat_id, "the chat's queue")


async def run_from_palette(pilot: Pilot[Any], app: CliqApp, command: str) -> None:
    """Open the command palette, type ``command`` and press enter once the palette's search
    has put that command first (the search runs in a worker: waiting for a fixed time would
    press enter on whatever a slow machine has found so far)."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await pilot.press(*command)

    def found() -> bool:
        screen = app.screen
        if not isinstance(screen, CommandPalette):
            return False
        commands = screen.query_one(CommandList)
        if commands.highlighted is None or commands.option_count == 0:
            return False
        prompt = commands.get_option_at_index(commands.highlighted).prompt
        return command.lower() in str(getattr(prompt, "plain", prompt)).lower()

    await wait_until(pilot, found, f"{command!r} first in the palette")
    await pilot.press("enter")
