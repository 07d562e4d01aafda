"""The draft store: one private JSON file per key, atomic writes, corrupt files ignored."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliq_tui.storage.drafts import DraftStore, default_drafts_dir


def test_saved_draft_loads_back(drafts: DraftStore) -> None:
    drafts.save("edit:1001", {"text": "héllo", "when": "+2h"})
    assert drafts.load("edit:1001") == {"text": "héllo", "when": "+2h"}


def test_missing_draft_is_none(drafts: DraftStore) -> None:
    assert drafts.load("create:CT_9") is None


def test_draft_files_are_private(drafts: DraftStore) -> None:
    drafts.save("edit:1001", {"text": "secret plans"})
    [path] = drafts.directory.glob("*.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_again_replaces_and_leaves_no_temp_files(drafts: DraftStore) -> None:
    drafts.save("edit:1001", {"text": "one"})
    drafts.save("edit:1001", {"text": "two"})
    assert drafts.load("edit:1001") == {"text": "two"}
    assert [p.name for p in drafts.directory.iterdir()] == ["edit%3A1001.json"]


def test_keys_lists_every_draft_by_its_key(drafts: DraftStore) -> None:
    drafts.save("edit:1001", {})
    drafts.save("create:CT/odd id", {})
    assert drafts.keys() == ["create:CT/odd id", "edit:1001"]


def test_keys_of_a_store_never_written_is_empty(tmp_path: Path) -> None:
    assert DraftStore(tmp_path / "nowhere").keys() == []


def test_discard_forgets_the_draft(drafts: DraftStore) -> None:
    drafts.save("edit:1001", {"text": "x"})
    drafts.discard("edit:1001")
    drafts.discard("edit:1001")  # twice is fine
    assert drafts.load("edit:1001") is None
    assert drafts.keys() == []


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", ""])
def test_corrupt_draft_is_ignored_with_a_warning(
    drafts: DraftStore, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    drafts.save("edit:1001", {"text": "x"})
    (drafts.directory / "edit%3A1001.json").write_text(content)
    with caplog.at_level(logging.WARNING, logger="cliq_tui.storage.drafts"):
        assert drafts.load("edit:1001") is None
    assert "corrupt draft" in caplog.text


def test_default_directory_is_under_the_user_data_dir() -> None:
    assert default_drafts_dir().parts[-2:] == ("cliq-tui", "drafts")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.text(max_size=40), text=st.text(max_size=200))
def test_any_key_and_text_round_trip(tmp_path: Path, key: str, text: str) -> None:
    store = DraftStore(tmp_path / "any")
    store.save(key, {"text": text})
    assert store.load(key) == {"text": text}
    assert store.keys() == [key]
    store.discard(key)
    assert store.keys() == []


HOSTILE_FILES = {
    "binary junk": b"\x00\xff\xfe\x89PNG\r\n\x1a\n" * 50,
    "not json": b"{not json",
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "too large": b'{"fields": {"text": "' + b"x" * (300 * 1024) + b'"}}',
    "a list": b"[1, 2]",
    "empty": b"",
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_a_hostile_draft_file_is_moved_aside_with_one_line_naming_it(
    drafts: DraftStore, name: str
) -> None:
    drafts.save("edit:1001", {"text": "x"})
    path = drafts.directory / "edit%3A1001.json"
    path.write_bytes(HOSTILE_FILES[name])

    assert drafts.load("edit:1001") is None

    warning = drafts.take_warning()
    assert warning is not None and "\n" not in warning
    assert str(path) in warning and "moved it aside" in warning
    assert not path.exists()
    assert path.with_name(path.name + ".corrupt").read_bytes() == HOSTILE_FILES[name]
    assert drafts.keys() == []  # the moved file is not a draft
    assert drafts.take_warning() is None  # said once
    drafts.save("edit:1001", {"text": "fresh"})  # and the key works again
    assert drafts.load("edit:1001") == {"text": "fresh"}


def test_a_fifo_where_a_draft_should_be_is_moved_aside_without_blocking(
    drafts: DraftStore,
) -> None:
    drafts.directory.mkdir(parents=True)
    path = drafts.directory / "edit%3A1001.json"
    os.mkfifo(path, 0o600)

    assert drafts.load("edit:1001") is None

    assert "not a regular file" in (drafts.take_warning() or "")
    assert not path.exists()
