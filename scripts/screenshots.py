"""Save SVG screenshots of the dashboard, each dialog, help and the activity log into screenshots/.

Run from the repository root: ``python scripts/screenshots.py [--out screenshots]``. The app is
built through the same factory as the CLI, on the demo data with the fake server's manual clock
and the app's clock pinned to one instant, times in UTC: the pictures only change when the UI
does.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from cliq_tui.config import Settings
from cliq_tui.factory import build_app
from cliq_tui.fake import FakeConfig
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.format import message_chat_id
from cliq_tui.ui.widgets.chat_list import ChatList

# 2026-06-01T09:00:00Z, a Monday morning.
START_MS = 1_780_304_400_000
SIZE = (160, 48)


async def _until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.025)
    notes = "; ".join(f"{n.title}: {n.message}" for n in pilot.app._notifications)
    raise SystemExit(
        f"screenshots: gave up waiting for {what} (screen {pilot.app.screen!r}; {notes})"
    )


def _settled(app: CliqApp) -> bool:
    engine = app.engine
    if engine is None or not engine.messages:
        return False
    chat_ids = {message_chat_id(m) for m in engine.messages.values()}
    return all(c and engine.chats.get(c) and engine.chats[c].name for c in chat_ids)


async def _screen(pilot: Pilot[Any], kind: type[Screen[Any]] | str) -> None:
    app = pilot.app
    if isinstance(kind, str):
        await _until(pilot, lambda: type(app.screen).__name__ == kind, kind)
    else:
        await _until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    await pilot.pause()


async def _shoot(app: CliqApp, out: Path) -> list[Path]:
    saved: list[Path] = []

    def save(name: str) -> None:
        saved.append(Path(app.save_screenshot(f"{name}.svg", str(out))))

    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: _settled(app), "the demo queue")
        app.workers.cancel_group(app, "sync")  # hold the screen still
        await pilot.pause()
        queue = app.main.queue
        save("main")

        await pilot.press("question_mark")
        await _screen(pilot, "HelpScreen")
        save("help")
        await pilot.press("escape")

        text_message = next(m for m in queue.visible_messages() if not m.is_file)
        queue.move_to(text_message.id)
        await pilot.press("e")
        await _screen(pilot, "EditDialog")
        save("dialog-edit")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        file_message = next(m for m in queue.visible_messages() if m.is_file)
        queue.move_to(file_message.id)
        await pilot.press("e")
        await _screen(pilot, "EditDialog")
        save("dialog-edit-file")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("d")
        await _screen(pilot, "ConfirmDialog")
        save("dialog-confirm-delete")
        await pilot.press("n")
        await _screen(pilot, "MainScreen")

        chats = app.main.query_one(ChatList)
        busiest = max(
            (o for o in chats.options if o.id and not o.id.startswith("\0")),
            key=lambda o: len(queue.messages_in_chat(o.id or "")),
        )
        chats.highlighted = chats.get_option_index(busiest.id or "")
        await _until(pilot, lambda: queue.scope == busiest.id, "the chat's queue")
        queue.focus()

        await pilot.press("R")
        await _screen(pilot, "RescheduleDialog")
        app.screen.query_one("#when", Input).value = "tomorrow 9:00"
        await pilot.pause()
        save("dialog-reschedule")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("n")
        await _screen(pilot, "CreateDialog")
        app.screen.query_one("#text", TextArea).text = "Standup moves to 10:30 today."
        app.screen.query_one("#when", Input).value = "+2h"
        await pilot.pause()
        save("dialog-create")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("S")
        await _screen(pilot, "ConfirmDialog")
        save("dialog-confirm-send-all")
        await pilot.press("n")
        await _screen(pilot, "MainScreen")

        queue.move_cursor(row=0)
        await pilot.press("space", "space")
        await pilot.pause()
        save("main-selection")
        await pilot.press("s")
        await _screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await _screen(pilot, "BatchDialog")
        batch = app.screen
        await _until(pilot, lambda: len(getattr(batch, "result").ok) == 2, "the batch")  # noqa: B009
        await pilot.pause()
        save("dialog-batch")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("x")
        await _screen(pilot, "ExportDialog")
        app.screen.query_one(
            "#export-path", Input
        ).value = "~/Downloads/cliq-queue-20260601-0900.csv"
        await pilot.pause()
        save("dialog-export")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("L")
        await _screen(pilot, "ActivityScreen")
        save("activity")
    return saved


def main(argv: list[str] | None = None) -> int:
    """Build the demo through the factory and save every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory() as drafts:
        app = build_app(
            Settings(),
            demo=True,
            fake_config=FakeConfig(
                seed="demo", clock="manual", start_time_ms=START_MS, include_chat_id=True
            ),
            clock=lambda: START_MS / 1000,
            tz=UTC,
            drafts_dir=Path(drafts),
        )
        for path in asyncio.run(_shoot(app, args.out)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
