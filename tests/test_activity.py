"""The activity log store: session entries, the capped 0600 JSON-lines file, no secrets."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cliq_tui.activity import ActivityLog, describe_ids

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_entries_are_written_as_json_lines_only_the_user_may_read(tmp_path: Path) -> None:
    path = tmp_path / "data" / "activity.jsonl"
    log = ActivityLog(path)
    log.record("delete", "ok", at=AT, chat_id="CT_1", chat_name="Ops", message_ids=["m1"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    line = json.loads(path.read_text(encoding="utf-8"))
    assert line["action"] == "delete" and line["message_ids"] == ["m1"]
    assert line["at"] == "2026-06-01T09:00:00+00:00"


def test_a_new_session_reads_earlier_entries_newest_first_after_its_own(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    ActivityLog(path).record("edit", "error", at=AT, code="scheduled_msg_time_in_past")
    log = ActivityLog(path)
    log.record("send now", "ok", at=AT + timedelta(minutes=1))
    entries = log.entries()
    assert [(e.action, e.this_session) for e in entries] == [("send now", True), ("edit", False)]
    assert entries[1].code == "scheduled_msg_time_in_past"


def test_the_file_is_trimmed_to_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    log = ActivityLog(path, cap=5)
    for i in range(11):
        log.record("delete", "ok", at=AT, message_ids=[f"m{i}"])
    kept = [json.loads(line)["message_ids"][0] for line in path.read_text().splitlines()]
    # Trimmed back to the newest five once the file held more than twice the cap.
    assert kept == ["m6", "m7", "m8", "m9", "m10"]


def test_malformed_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    path.write_text('not json\n{"action": "x"}\n', encoding="utf-8")
    ActivityLog(path).record("create", "ok", at=AT)
    assert [e.action for e in ActivityLog(path).earlier()] == ["create"]


def test_an_unwritable_log_keeps_the_session_in_memory_and_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    log = ActivityLog(blocker / "activity.jsonl")
    log.record("delete", "ok", at=AT)
    assert [e.action for e in log.entries()] == ["delete"]
    assert log.warning and "memory" in log.warning


def test_without_a_path_nothing_touches_the_disk(tmp_path: Path) -> None:
    log = ActivityLog(None)
    log.record("delete", "ok", at=AT)
    assert log.entries()[0].action == "delete" and log.earlier() == []
    assert list(tmp_path.iterdir()) == []


def test_long_details_are_cut_to_one_short_line(tmp_path: Path) -> None:
    log = ActivityLog(tmp_path / "a.jsonl")
    entry = log.record("edit", "error", at=AT, detail="word\n" * 200)
    assert "\n" not in entry.detail and len(entry.detail) <= 200


def test_many_ids_are_summarised() -> None:
    assert describe_ids(["a", "b", "c", "d", "e"]) == "a, b, c +2 more"
