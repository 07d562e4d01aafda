"""The dashboard starts on a hostile cache: the bad rows are skipped, one toast names the file."""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

from cliq_tui.bootstrap import build_app
from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import Settings
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.types import Delta
from cliq_tui.ui.app import CliqApp
from tests.support.clock import FakeClock
from tests.support.pilot import SIZE, toasts, wait_for_queue, wait_until


async def test_a_cache_with_null_and_blob_cells_paints_the_rest_and_says_so_once(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    settings = Settings.model_validate(
        {
            "default_profile": "work",
            "profiles": {
                "work": {"base_url": fake_server.base_url, "access_token": fake_server.token}
            },
        }
    )
    profile = settings.profile()
    assert profile is not None
    folder = tmp_path / "cache"
    cache = QueueCache.for_profile(profile.name, profile.cliq_url, folder)
    cache.save(Delta(), mapping={}, sync_token=None)  # a cache of this account
    cache.close()
    db = sqlite3.connect(cache.path)
    db.execute("INSERT INTO messages VALUES ('blob', ?, 1)", (b"\x1b]0;title\x07\x00",))
    db.execute("INSERT INTO messages VALUES ('number', 42, 1)")
    db.execute("INSERT INTO chats VALUES ('C1', '{\"chat_id\": null}', 1)")
    db.commit()
    db.close()

    app = build_app(settings, demo=False, clock=FakeClock(), tz=UTC, cache_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await wait_until(pilot, lambda: said(app), "the cache warning")
        warnings = said(app)
        assert len(warnings) == 1
        assert str(cache.path) in warnings[0] and "3 unreadable rows" in warnings[0]


def said(app: CliqApp) -> list[str]:
    return [message for title, message in toasts(app) if title == "Local cache"]
