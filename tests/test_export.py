"""Export of the visible queue: CSV with the table's columns, JSON with the API items."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core.export import (
    CSV_COLUMNS,
    default_export_path,
    render_csv,
    render_json,
    write_export,
)
from cliq_tui.fake.render import message_json
from cliq_tui.fake.seeds.hostile import hostile_seed

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

TEXT = ScheduledMessage.model_validate(
    {
        "id": "m1",
        "timezone": "Asia/Kolkata",
        "time": "2026-06-02T09:00:00+05:30",
        "message": {"type": "text", "content": {"text": 'Line one\nline two, "quoted"'}},
        "chat_id": "CT_1",
        "future_field": 7,
    }
)
FILE = ScheduledMessage.model_validate(
    {
        "id": "m2",
        "schedule_status": "check_in",
        "message": {"type": "file", "content": {"file_name": "a.pdf", "comment": "see"}},
    }
)


def test_csv_has_the_tables_columns_then_id_chat_and_full_text() -> None:
    out = render_csv([TEXT, FILE], chat_name=lambda c: f"chat {c}", now=NOW, tz=UTC)
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["id"] == "m1" and first["chat_id"] == "CT_1"
    assert first["text"] == 'Line one\nline two, "quoted"'
    # A file outlives the screen: the year, the offset and the zone's IANA name.
    assert first["When"] == "2026-06-02T03:30:00+00:00" and first["Zone"] == "Asia/Kolkata"
    second = dict(zip(CSV_COLUMNS, rows[2], strict=True))
    assert second["Trigger"] == "on check-in" and second["Type"] == "file"
    assert second["chat_id"] == "" and second["text"] == "see"


def _text_message(text: str) -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {
            "id": "m3",
            "timezone": "UTC",
            "time": "2026-06-02T09:00:00+00:00",
            "message": {"type": "text", "content": {"text": text}},
            "chat_id": "CT_1",
        }
    )


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_csv_cells_a_spreadsheet_would_read_as_formulas_start_with_a_quote(lead: str) -> None:
    formula = f'{lead}HYPERLINK("http://x")'
    message = _text_message(formula)

    out = render_csv([message], chat_name=lambda c: formula, now=NOW, tz=UTC)

    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(out)))[1], strict=True))
    assert row["text"] == "'" + formula
    assert row["Chat"] == "'" + formula


def test_a_leading_tab_or_carriage_return_is_quoted_or_shown_never_raw() -> None:
    # The full text keeps its tabs, so a leading one is quoted; a carriage return is a control
    # and shown as a symbol; in one-line cells a tab is a space, as on the screen.
    tab = _text_message('\t=HYPERLINK("http://x")')
    cr = _text_message('\r=HYPERLINK("http://x")')

    out = render_csv([tab, cr], chat_name=lambda c: "\t=1+2", now=NOW, tz=UTC)

    rows = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in list(csv.reader(io.StringIO(out)))[1:]]
    assert rows[0]["text"] == '\'\t=HYPERLINK("http://x")'
    assert rows[1]["text"] == '␍=HYPERLINK("http://x")'
    assert rows[0]["Chat"] == " =1+2"
    assert rows[0]["Message"] == "'" + '=HYPERLINK("http://x")'  # the preview joins whitespace


def test_csv_leaves_ordinary_cells_unquoted() -> None:
    out = render_csv([_text_message("a = b")], chat_name=lambda c: "chat", now=NOW, tz=UTC)

    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(out)))[1], strict=True))
    assert row["text"] == "a = b" and row["Chat"] == "chat"


def test_json_keeps_formula_like_text_as_it_is() -> None:
    items = json.loads(render_json([_text_message("=1+2")]))

    assert items[0]["message"]["content"]["text"] == "=1+2"


def test_json_keeps_every_api_field_and_adds_the_chat_id() -> None:
    items = json.loads(render_json([TEXT, FILE]))
    assert items[0]["future_field"] == 7 and items[0]["chat_id"] == "CT_1"
    assert items[1]["chat_id"] is None and items[1]["schedule_status"] == "check_in"
    # The due time readable by people and by scripts alike, in the zone it was sent with.
    assert items[0]["due_at"] == "2026-06-02T09:00:00+05:30" and items[1]["due_at"] is None


def test_write_refuses_to_overwrite_unless_told(tmp_path: Path) -> None:
    target = tmp_path / "q.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_export(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    write_export(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_export(tmp_path / "missing" / "q.csv", "x")
    assert list(tmp_path.iterdir()) == []


def test_the_default_path_is_a_dated_name_in_the_folder(tmp_path: Path) -> None:
    assert default_export_path("json", NOW, tmp_path) == tmp_path / "cliq-queue-20260601-0900.json"


# What must never reach a file a terminal may show: C0 but line feeds, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def test_exports_of_the_hostile_seed_hold_no_control_and_show_each_one() -> None:
    now_ms = int(NOW.timestamp() * 1000)
    seed = hostile_seed(now_ms, random.Random(11))
    names = {chat.chat_id: chat.name for chat in seed.chats}
    messages = []
    for fake in seed.messages:
        try:
            messages.append(ScheduledMessage.model_validate(message_json(fake, chat_id=True)))
        except ValidationError:
            continue  # the unreadable items are reported elsewhere, never exported
    assert len(messages) >= 14

    out = render_csv(
        messages,
        chat_name=lambda chat_id: names.get(chat_id or "", "?"),
        now=NOW,
        tz=ZoneInfo("Asia/Kolkata"),
    )

    assert RAW.search(out) is None
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert len(rows) == len(messages)
    for shown in ("Ops␛]0;PWNED␇ room", "Title␛]0;PWNED␇ change", "Screen␛[2J␛[H clear"):
        assert shown in out, shown
    assert "\\x9b31m" in out and "\\u202etxt.exe" in out and "bell␇ and DEL␡" in out
    assert "escape id␛[2J" in out  # the id column too
    assert "Evil␛]0;PWNED␇" in out  # and the zone

    exported = render_json(messages)
    assert RAW.search(exported) is None
    texts = {item["message"]["content"].get("text") for item in json.loads(exported)}
    assert "Title\x1b]0;PWNED\x07 change" in texts  # JSON escapes, and reads back the same
