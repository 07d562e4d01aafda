"""The heads-up record on disk: a restart within a lead time does not announce again; a bad
file is ignored, never fatal; the file is private and holds no message text."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from cliq_tui.dashboard.heads_up import HeadsUpPlanner
from cliq_tui.storage.heads_up_record import AnnouncedRecord, default_path
from tests.support.messages import NOW, message

NOW_MS = int(NOW.timestamp() * 1000)
FIVE = [timedelta(minutes=5)]


def test_a_restart_within_the_window_does_not_announce_again(tmp_path: Path) -> None:
    record = AnnouncedRecord(tmp_path / "heads-up" / "work.json")
    first = HeadsUpPlanner(FIVE, record.load(NOW_MS))
    assert [h.message_id for h in first.check([message(4, text="secret words")], NOW)] == ["m0004"]
    record.save(first.announced())
    assert record.path is not None
    assert stat.S_IMODE(os.stat(record.path).st_mode) == 0o600
    assert "secret words" not in record.path.read_text()

    later_ms = NOW_MS + 60_000
    again = HeadsUpPlanner(FIVE, record.load(later_ms))
    assert again.check([message(4)], NOW + timedelta(minutes=1)) == []
    # Once due, the entry is not even read back.
    assert record.load(NOW_MS + 4 * 60_000 + 1) == set()


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"announced": 5}',
        '{"announced": [["m1", "soon", 300], [5, 1, 2], ["m2", true, 300], ["", 1, 1]]}',
        "\x00\xff",
    ],
)
def test_an_unreadable_record_is_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / "work.json"
    path.write_text(content, errors="surrogateescape")
    assert AnnouncedRecord(path).load(0) == set()


def test_good_entries_beside_bad_ones_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "work.json"
    path.write_text(json.dumps({"announced": [["m1", NOW_MS + 1, 300], ["m2", "x", 1]]}))
    assert AnnouncedRecord(path).load(NOW_MS) == {("m1", NOW_MS + 1, 300)}


def test_a_fifo_or_a_folder_in_its_place_is_neither_read_nor_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    record = AnnouncedRecord(fifo)
    assert record.load(0) == set()  # does not block
    record.save({("m1", 1, 1)})  # one warning in the log, no exception
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert AnnouncedRecord(folder).load(0) == set()


def test_no_path_keeps_nothing_and_profile_names_make_safe_file_names(tmp_path: Path) -> None:
    AnnouncedRecord(None).save({("m1", 1, 1)})
    assert AnnouncedRecord(None).load(0) == set()
    assert default_path("../work", tmp_path) == tmp_path / "heads-up" / "___work.json"
