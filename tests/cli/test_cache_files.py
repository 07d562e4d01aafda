"""``cliq-tui list`` and the queue cache: parallel runs on a fresh cache, a hostile cache."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import load_settings
from cliq_tui.sync.cache import cache_path
from tests.support.cli import cli_in_a_process, on, run

Capsys = pytest.CaptureFixture[str]


def _cache_file(server: FakeServer, tmp_path: Path) -> Path:
    profile = load_settings(base_url=server.base_url, access_token=server.token).profile()
    assert profile is not None
    return cache_path(profile.name, profile.cliq_url, tmp_path / "cache" / "cliq-tui")


def test_parallel_runs_on_a_fresh_cache_keep_it(fake_server: FakeServer, tmp_path: Path) -> None:
    """``seq 8 | xargs -P4 cliq-tui list``: no run discards the cache another is writing."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: cli_in_a_process("list", *on(fake_server)), range(8)))

    for result in results:
        assert result.returncode == 0, result.stderr
        assert "cache" not in result.stderr, result.stderr
    path = _cache_file(fake_server, tmp_path)
    assert path.exists()
    assert not list(path.parent.glob("*.discarded-*"))


def test_a_hostile_cache_row_is_skipped_with_one_line_naming_the_file(
    fake_server: FakeServer, tmp_path: Path, capsys: Capsys
) -> None:
    assert run(capsys, "list", *on(fake_server)).code == 0
    path = _cache_file(fake_server, tmp_path)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO messages VALUES ('blob', ?, 1)", (b"\x00\xff",))
    db.execute("INSERT INTO mapping VALUES ('blob', 'C1')")
    db.commit()
    db.close()

    result = run(capsys, "list", *on(fake_server))

    assert result.code == 0
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("cliq-tui: warning: The local cache")
    assert str(path) in lines[0] and "1 unreadable row" in lines[0]
    assert len(result.out.splitlines()) > 1  # the queue is listed
    assert run(capsys, "list", *on(fake_server)).err == ""  # the bad row was dropped
