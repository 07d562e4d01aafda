"""Save SVG screenshots of the dashboard, each dialog, help, the agenda and the activity log into
screenshots/.

Run ``python scripts/screenshots.py [--out DIR]`` with the package installed (``pip install -e .``);
it writes into the repository's screenshots/ from any working directory. The app is built through
the same factory as the CLI, on the demo data with the fake server's manual clock and the app's
clock pinned to one instant, times in UTC: the pictures only change when the UI does. Most are at
160x48; ``main-80x24`` and ``agenda-80x24`` show the narrow layout.
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

from cliq_tui.bootstrap import build_app
from cliq_tui.core.format import message_chat_id
from cliq_tui.fake import FakeConfig
from cliq_tui.storage.config import Settings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.chat_list import ChatList

SIZE = (160, 48)
NARROW = (80, 24)
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
# One fixed instant for the fake server's manual clock and the app's clock (2026-06-01T09:00Z), as
# in the tests: the relative times in the pictures never change.
START_MS = 1_780_304_400_000


async def _until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.025)
    notes = "; ".join(f"{n.title}: {n.message}" for n in pilot.app.notices)
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


class _Camera:
    """Saves the app's screen as SVGs, and walks a dialog: open, fill, save, close."""

    def __init__(self, pilot: Pilot[Any], out: Path) -> None:
        self.pilot = pilot
        self.out = out
        self.saved: list[Path] = []

    def save(self, name: str) -> None:
        """The screen as it stands, as ``name``.svg."""
        self.saved.append(Path(self.pilot.app.save_screenshot(f"{name}.svg", str(self.out))))

    async def dialog(
        self,
        key: str,
        screen: str,
        name: str,
        *,
        fill: Callable[[Screen[Any]], None] | None = None,
        close: str = "escape",
    ) -> None:
        """Press ``key``, wait for ``screen``, let ``fill`` type into it, save it, close it."""
        pilot = self.pilot
        await pilot.press(key)
        await _screen(pilot, screen)
        if fill is not None:
            fill(pilot.app.screen)
            await pilot.pause()
        self.save(name)
        await pilot.press(close)
        await _screen(pilot, "MainScreen")


def _type_into(**fields: str) -> Callable[[Screen[Any]], None]:
    """Set the dialog's fields by id (``text`` is the message's TextArea, the rest Inputs)."""

    def fill(screen: Screen[Any]) -> None:
        for field_id, value in fields.items():
            if field_id == "text":
                screen.query_one("#text", TextArea).text = value
            else:
                screen.query_one(f"#{field_id.replace('_', '-')}", Input).value = value

    return fill


async def _shoot(app: CliqApp, out: Path) -> list[Path]:
    async with app.run_test(size=SIZE) as pilot:
        camera = _Camera(pilot, out)
        await _until(pilot, lambda: _settled(app), "the demo queue")
        app.workers.cancel_group(app, "sync")  # hold the screen still
        await pilot.pause()
        queue = app.main.queue
        camera.save("main")

        await pilot.press("question_mark")
        await _screen(pilot, "HelpScreen")
        camera.save("help")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("a")
        await _screen(pilot, "AgendaScreen")
        camera.save("agenda")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        await pilot.press("i")
        await _screen(pilot, "SyncDetailsScreen")
        camera.save("sync-details")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        text_message = next(m for m in queue.visible_messages() if not m.is_file)
        queue.move_to(text_message.id)
        await camera.dialog("e", "EditDialog", "dialog-edit")
        file_message = next(m for m in queue.visible_messages() if m.is_file)
        queue.move_to(file_message.id)
        await camera.dialog("e", "EditDialog", "dialog-edit-file")
        await camera.dialog("d", "ConfirmDialog", "dialog-confirm-delete", close="n")

        chats = app.main.query_one(ChatList)
        index, busiest = max(
            ((i, o) for i, o in enumerate(chats.options) if o.id and not o.id.startswith("\0")),
            key=lambda pair: len(queue.messages_in_chat(pair[1].id or "")),
        )
        chats.highlighted = index
        await _until(pilot, lambda: queue.scope == busiest.id, "the chat's queue")
        queue.focus()

        await camera.dialog(
            "R", "RescheduleDialog", "dialog-reschedule", fill=_type_into(when="tomorrow 9:00")
        )
        fill = _type_into(text="Standup moves to 10:30 today.", when="+2h")
        await camera.dialog("n", "CreateDialog", "dialog-create", fill=fill)
        await camera.dialog("S", "ConfirmDialog", "dialog-confirm-send-all", close="n")

        queue.move_cursor(0)
        await pilot.press("space", "space")
        await pilot.pause()
        camera.save("main-selection")
        fill = _type_into(batch_zone="Europe/London")
        await camera.dialog("e", "BatchEditDialog", "dialog-batch-edit", fill=fill)
        await pilot.press("s")
        await _screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await _screen(pilot, "BatchDialog")
        batch = app.screen
        await _until(pilot, lambda: len(getattr(batch, "result").ok) == 2, "the batch")  # noqa: B009
        await pilot.pause()
        camera.save("dialog-batch")
        await pilot.press("escape")
        await _screen(pilot, "MainScreen")

        export_path = "~/Downloads/cliq-queue-20260601-0900.csv"
        await camera.dialog(
            "x", "ExportDialog", "dialog-export", fill=_type_into(export_path=export_path)
        )

        await pilot.press("L")
        await _screen(pilot, "ActivityScreen")
        camera.save("activity")
    return camera.saved


async def _shoot_narrow(app: CliqApp, out: Path) -> list[Path]:
    """The dashboard (with one message selected) and the agenda in an 80x24 terminal."""
    async with app.run_test(size=NARROW) as pilot:
        camera = _Camera(pilot, out)
        await _until(pilot, lambda: _settled(app), "the demo queue")
        app.workers.cancel_group(app, "sync")
        await pilot.press("space")
        await pilot.pause()
        camera.save("main-80x24")
        await pilot.press("a")
        await _screen(pilot, "AgendaScreen")
        camera.save("agenda-80x24")
    return camera.saved


def _demo_app(drafts: Path) -> CliqApp:
    """The demo, built as the CLI builds it, on the pinned clock."""
    return build_app(
        Settings(),
        demo=True,
        fake_config=FakeConfig(
            seed="demo", clock="manual", start_time_ms=START_MS, include_chat_id=True
        ),
        clock=lambda: START_MS / 1000,
        tz=UTC,
        drafts_dir=drafts,
    )


def main(argv: list[str] | None = None) -> int:
    """Build the demo through the factory and save every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SCREENSHOTS, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for shoot in (_shoot, _shoot_narrow):
        with TemporaryDirectory() as drafts:
            for path in asyncio.run(shoot(_demo_app(Path(drafts)), args.out)):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
