"""Nothing typed is lost: text typed in a dialog and followed at once by a way out (ctrl+q, q
on the dashboard behind it, an exception in the app) is back when the dialog opens again.

The quiet-time write is switched off (an hour), so only the write of each change and the flush
at exit can keep the text: the tests cannot pass by the timer firing on a slow machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import CreateDialog, EditDialog, form_drafts
from tests.support.app import demo_app
from tests.support.pilot import SIZE, settle, wait_for_queue, wait_until

TYPED = "Typed and gone at once"


@pytest.fixture(autouse=True)
def no_quiet_time_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form_drafts, "DRAFT_DELAY", 3600.0)


async def open_create(pilot: Pilot[Any], app: CliqApp) -> CreateDialog:
    await wait_for_queue(pilot)
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
    assert isinstance(app.screen, CreateDialog)
    return app.screen


async def reopened_text(drafts: Path) -> tuple[str, str]:
    """A new app on the same drafts: the create dialog's text and its draft note."""
    app = demo_app(drafts)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_create(pilot, app)
        await settle(pilot)
        note = dialog.query_one("#draft-note", Static)
        return dialog.query_one("#text", TextArea).text, str(note.render())


@pytest.mark.parametrize("way_out", ["ctrl+q", "exit"])
async def test_text_typed_then_quit_at_once_comes_back(tmp_path: Path, way_out: str) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await open_create(pilot, app)
        await pilot.press(*TYPED)
        if way_out == "exit":
            app.exit()  # what q on the dashboard, a profile switch and the signals call
        else:
            await pilot.press(way_out)
    text, note = await reopened_text(tmp_path / "drafts")
    assert text == TYPED
    assert "Restored your unsent draft" in note


async def test_text_typed_then_an_exception_in_the_app_comes_back(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "drafts")

    def boom() -> None:
        raise RuntimeError("a bug somewhere in the app")

    with pytest.raises(RuntimeError, match="a bug somewhere"):
        async with app.run_test(size=SIZE) as pilot:
            await open_create(pilot, app)
            await pilot.press(*TYPED)
            app.call_later(boom)
            await pilot.pause()
    text, _ = await reopened_text(tmp_path / "drafts")
    assert text == TYPED


async def test_an_edit_typed_then_quit_at_once_comes_back(tmp_path: Path) -> None:
    first = demo_app(tmp_path / "drafts")
    async with first.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = next(m for m in first.main.queue.visible_messages() if not m.is_file)
        assert first.main.queue.move_to(message.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(first.screen, EditDialog), "the edit dialog")
        await pilot.press("end", *" (moved)")
        await pilot.press("ctrl+q")
    second = demo_app(tmp_path / "drafts")
    async with second.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        assert second.main.queue.move_to(message.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(second.screen, EditDialog), "the edit dialog")
        await settle(pilot)
        assert second.screen.query_one("#text", TextArea).text.endswith(" (moved)")
