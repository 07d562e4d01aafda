"""Export of the visible queue: CSV with the table's columns, JSON with the API items."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.export import (
    CSV_COLUMNS,
    default_export_path,
    render_csv,
    render_json,
    write_export,
)

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
    assert first["When"] == "Tue 02 Jun 03:30" and first["Zone"] == "Kolkata"
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


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_a_spreadsheet_would_read_as_formulas_start_with_a_quote(lead: str) -> None:
    formula = f'{lead}HYPERLINK("http://x")'
    message = _text_message(formula)

    out = render_csv([message], chat_name=lambda c: formula, now=NOW, tz=UTC)

    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(out)))[1], strict=True))
    assert row["text"] == "'" + formula
    assert row["Chat"] == "'" + formula


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
