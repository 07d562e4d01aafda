"""The activity log store: session entries, the capped 0600 JSON-lines file, no secrets."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cliq_tui.storage.activity import ActivityLog, describe_ids

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


GOOD = {"at": "2026-06-01T08:00:00+00:00", "action": "edit", "result": "ok"}
HOSTILE_LINES = {
    "year 0001": {**GOOD, "at": "0001-01-01T00:00:00+00:00"},
    "year 9999 ahead of UTC": {**GOOD, "at": "9999-12-31T23:59:59-12:00"},
    "null time": {**GOOD, "at": None},
    "numeric time": {**GOOD, "at": 1e308},
    "wrong types": {**GOOD, "action": ["x"], "chat_id": {"a": 1}},
    "ids of odd types": {**GOOD, "message_ids": [{"id": 1}, None]},
    "huge number": {**GOOD, "code": 10**400},
}


def test_each_hostile_line_is_dropped_the_file_moved_aside_and_the_rest_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "activity.jsonl"
    lines = [json.dumps(GOOD)]
    lines += [
        json.dumps(v) if k != "huge number" else '{"code": 1' + "0" * 5000 + "}"
        for k, v in HOSTILE_LINES.items()
    ]
    raw = "\n".join(lines).encode() + b"\n\xff\xfe\x00 binary junk\n" + b"[" * 50_000 + b"\n"
    path.write_bytes(raw)

    log = ActivityLog(path)
    earlier = log.earlier()

    assert [(e.action, e.at) for e in earlier] == [("edit", datetime(2026, 6, 1, 8, tzinfo=UTC))]
    assert log.warning is not None and "\n" not in log.warning
    assert str(path) in log.warning and "moved it aside" in log.warning
    assert (tmp_path / "activity.jsonl.corrupt").read_bytes() == raw
    # The good entry stays in the log, and the next session reads it without a warning.
    again = ActivityLog(path)
    assert [e.action for e in again.earlier()] == ["edit"] and again.warning is None


def test_long_strings_from_the_file_are_cut(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    entry = {
        **GOOD,
        "detail": "d" * 100_000,
        "chat_name": "n" * 100_000,
        "message_ids": ["i"] * 5000,
    }
    path.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    [read] = ActivityLog(path).earlier()
    assert len(read.detail) <= 200 and len(read.chat_name or "") <= 200
    assert len(read.message_ids) == 1000


def test_a_log_too_large_to_be_ours_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    path.write_bytes(b"x" * (9 * 1024 * 1024))
    log = ActivityLog(path)
    assert log.earlier() == []
    assert log.warning and "moved it aside" in log.warning
    log.record("create", "ok", at=AT)
    assert [e.action for e in ActivityLog(path).earlier()] == ["create"]


def test_a_fifo_where_the_log_should_be_is_moved_aside_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    os.mkfifo(path, 0o600)
    log = ActivityLog(path)
    assert log.earlier() == []
    assert log.warning and "not a regular file" in log.warning
    log.record("create", "ok", at=AT)
    assert [e.action for e in ActivityLog(path).earlier()] == ["create"]


def test_asking_which_actions_another_window_logged_reads_the_file_only_when_it_changed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "activity.jsonl"
    other = ActivityLog(path)  # another window of the app, on the same file
    other.record("delete", "ok", at=AT, message_ids=["m1"])
    log = ActivityLog(path)
    reads: list[int] = []
    real_read = log._read

    def counted() -> tuple[list, int]:  # type: ignore[type-arg]
        reads.append(1)
        return real_read()

    log._read = counted  # type: ignore[method-assign]
    for _ in range(5):  # one delta with five observed changes
        assert [e.action for e in log.actions_on("m1", AT - timedelta(minutes=1))] == ["delete"]
    assert len(reads) == 1
    other.record("edit", "ok", at=AT + timedelta(minutes=1), message_ids=["m1"])
    found = log.actions_on("m1", AT - timedelta(minutes=1))
    assert [e.action for e in found] == ["delete", "edit"], "a later write is read"
    assert len(reads) == 2
