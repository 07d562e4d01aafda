"""Bad input typed into the dialogs: a note under the field, never a crash.

The schedule fields echo what was typed inside their error notes; text like ``[/]`` must show as
typed, not be read as Textual markup (it once raised MarkupError and took the app down).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from cliq_tui.ui.dialogs import EditDialog
from tests.support.app import demo_app
from tests.support.pilot import SIZE, wait_for_queue, wait_until

MARKUP_LIKE = ["[/]", "[bold", "[link=x:1]y[/link]", "9am [/red]"]


@pytest.mark.parametrize("field", ["when", "zone"])
async def test_markup_like_text_in_a_schedule_field_is_refused_not_a_crash(
    tmp_path: Path, field: str
) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = next(m for m in app.main.queue.visible_messages() if m.time and not m.is_file)
        assert app.main.queue.move_to(message.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "the edit dialog")
        dialog = app.screen
        for text in MARKUP_LIKE:
            dialog.query_one(f"#{field}", Input).value = text
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert app.screen is dialog  # refused in place, the dialog still open
        assert dialog.query_one("#text", TextArea).text == message.text


async def test_markup_like_text_in_the_message_text_is_kept_as_typed(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = next(m for m in app.main.queue.visible_messages() if m.time and not m.is_file)
        assert app.main.queue.move_to(message.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "the edit dialog")
        area = app.screen.query_one("#text", TextArea)
        area.load_text(" ".join(MARKUP_LIKE))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")

        assert app.main.queue.message(message.id).text == " ".join(MARKUP_LIKE)  # type: ignore[union-attr]
