"""A draft file with hostile content never crashes the dialog: it is restored as far as it makes
sense, or moved aside with one line naming the file."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from textual.widgets import Static, TextArea

from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.dialogs import CreateDialog, EditDialog
from tests.support.dialogs import DialogHost, Recorder, fixed_now, make_chat, make_message

KEY = "create:CT_1"

ODD_DRAFTS: dict[str, Any] = {
    "year 0001": {
        "version": 1,
        "saved_at": "0001-01-01T00:00:00+14:00",
        "fields": {"text": "from long ago", "mode": "time", "when": "+1h", "timezone": "UTC"},
    },
    "year 9999": {"saved_at": "9999-12-31T23:59:59-12:00", "fields": {"text": "far ahead"}},
    "wrong types": {
        "saved_at": 1e308,
        "fields": {
            "text": 5,
            "mode": [1],
            "when": {"x": 1},
            "timezone": None,
            "status": {"a": 1},
        },
    },
    "nulls": {"version": None, "saved_at": None, "fields": {"text": None, "status": None}},
    "huge values": {
        "saved_at": "9" * 5000,
        "fields": {"text": "y" * 60_000, "when": "z" * 60_000, "timezone": "w" * 60_000},
    },
    "controls": {"fields": {"text": "a\x00b\x1b[2Jc", "when": "\x1b]0;pwned\x07"}},
}
# What a draft's text looks like restored: every control shown, as the screen shows it.
RESTORED = {"controls": "a␀b␛[2Jc"}


def shown(dialog: Any, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


@pytest.mark.parametrize("name", list(ODD_DRAFTS))
async def test_an_odd_draft_opens_without_a_crash(drafts: DraftStore, name: str) -> None:
    drafts.save(KEY, ODD_DRAFTS[name])
    host = DialogHost(lambda: CreateDialog(make_chat(), Recorder(), drafts=drafts, now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.pause()
        dialog = host.dialog
        assert isinstance(dialog, CreateDialog) and dialog.is_current
        text = dialog.query_one("#text", TextArea).text
        fields = ODD_DRAFTS[name]["fields"]
        expected = fields["text"] if isinstance(fields["text"], str) else ""
        assert text == RESTORED.get(name, expected)
        assert "Restored your unsent draft" in shown(dialog, "#draft-note")
        await pilot.press("x")  # typing still works and is kept
        await pilot.pause()
    assert drafts.load(KEY) is not None


@pytest.mark.parametrize("fields", [None, [], "text", 7])
async def test_a_draft_without_form_fields_is_moved_aside_and_said(
    drafts: DraftStore, fields: object
) -> None:
    drafts.save("edit:1001", {"version": 1, "fields": fields})
    message = make_message()
    host = DialogHost(
        lambda: EditDialog(message, make_chat(), Recorder(), drafts=drafts, now=fixed_now)
    )
    async with host.run_test() as pilot:
        await pilot.pause()
        dialog = host.dialog
        assert isinstance(dialog, EditDialog) and dialog.is_current
        note = shown(dialog, "#draft-note")
        assert "edit%3A1001.json" in note and "moved it aside" in note
        assert dialog.query_one("#text", TextArea).text == message.text
    assert drafts.keys() == []


async def test_a_binary_draft_file_is_moved_aside_and_said(drafts: DraftStore) -> None:
    drafts.save(KEY, {"fields": {"text": "x"}})
    (drafts.directory / "create%3ACT_1.json").write_bytes(b"\x00\xff" * 100)
    host = DialogHost(lambda: CreateDialog(make_chat(), Recorder(), drafts=drafts, now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.pause()
        assert "not UTF-8 text" in shown(host.dialog, "#draft-note")
    assert json.loads(json.dumps(drafts.keys())) == []


# What must never reach the terminal: C0 (but line feeds), DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


async def test_a_draft_with_escape_sequences_is_restored_visibly_and_nothing_is_lost(
    drafts: DraftStore,
) -> None:
    text = "Hello\x1b]0;PWNED\x07 team\n\tline two \x9b31m \u202etxt.exe\x1b[2J"
    drafts.save(KEY, {"version": 1, "fields": {"text": text, "when": "+1h\x1b[2J"}})
    host = DialogHost(lambda: CreateDialog(make_chat(), Recorder(), drafts=drafts, now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.pause()
        dialog = host.dialog
        assert isinstance(dialog, CreateDialog)
        restored = dialog.query_one("#text", TextArea).text
        assert restored == "Hello␛]0;PWNED␇ team\n\tline two \\x9b31m \\u202etxt.exe␛[2J"
        assert dialog.schedule.time_picker.when_text == "+1h␛[2J"
        svg = host.export_screenshot()
        assert RAW.search(svg.replace("\n", "")) is None
        assert "Restored your unsent draft" in shown(dialog, "#draft-note")
