"""The chat picker on hostile chat names (escapes, markup, CJK, zero-width characters), end to
end over HTTP against the fake server's hostile data set: every row keeps its columns on a
real terminal, which gives each code point its own cells."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.cells import cell_len
from textual.widgets import OptionList

from cliq_tui.fake import FakeConfig
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import CreateDialog
from cliq_tui.ui.dialogs.chat_picker import ChatPicker
from tests.support.app import choose_chat
from tests.support.pilot import SIZE, wait_for_queue, wait_until
from tests.support.servers import manual_config


@pytest.fixture
def ui_fake_config() -> FakeConfig:
    """The hostile data set; items carry their chat id, so create is available at once."""
    return manual_config(seed="hostile", include_chat_id=True)


def terminal_cells(text: str) -> int:
    """The cells a terminal draws ``text`` in: each code point on its own (no clusters)."""
    return sum(cell_len(char) for char in text)


async def test_every_picker_row_is_as_wide_on_a_terminal_as_measured(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("n")
        await wait_until(
            pilot, lambda: isinstance(app.screen, CreateDialog | ChatPicker), "a dialog"
        )
        if isinstance(app.screen, CreateDialog):
            await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatPicker), "the picker")
        picker = app.screen
        assert isinstance(picker, ChatPicker)
        await wait_until(pilot, lambda: "CT_wide" in picker.shown, "the CJK chat listed")
        listing = picker.query_one("#picker-list", OptionList)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        wide = next(row for row in rows if "設計" in row)
        assert "\\u200d" in wide  # the joiner is shown, not measured away
        assert all(row.endswith(" pending") for row in rows)  # the same columns in every row
        assert len({terminal_cells(row) for row in rows}) == 1, rows
        assert all(terminal_cells(row) == cell_len(row) for row in rows), rows


async def test_n_in_a_chat_no_request_can_name_asks_for_a_chat_first(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await choose_chat(pilot, app, ".")  # the hostile data's chat with the id "."
        await pilot.press("n")
        await wait_until(
            pilot, lambda: isinstance(app.screen, CreateDialog | ChatPicker), "a dialog"
        )
        picker = app.screen
        assert isinstance(picker, ChatPicker), "the message could never be sent to '.'"
        assert "." not in picker.shown
        await pilot.press(*"ops")
        await wait_until(pilot, lambda: picker.highlighted == "CT_hostile_title", "the match")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, CreateDialog) and dialog.chat_id == "CT_hostile_title"
