"""The fault matrix for the dashboard (Pilot, the real app on the demo fake server).

In every case: no crash, the queue stays on screen, the status bar says what is wrong in words,
and once the fault ends the next sync shows the server's queue again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import Settings, UiSettings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import EditDialog
from cliq_tui.ui.screens.help import HelpScreen
from tests.support.app import demo_app, demo_config, refresh
from tests.support.engines import assert_queue_matches
from tests.support.pilot import SIZE, demo_server, status_text, toasts, wait_for_queue, wait_until

LOCK_SECONDS = Endpoint.LIST_ALL.spec.lock_seconds


def _switch(**faults: Any) -> Callable[[FakeServer, dict[str, Any]], None]:
    def start(server: FakeServer, notes: dict[str, Any]) -> None:
        server.state.set_faults(**faults)

    return start


def _away(server: FakeServer, notes: dict[str, Any]) -> None:
    notes["port"] = int(server.base_url.rsplit(":", 1)[1])
    server.stop()


def _back(server: FakeServer, notes: dict[str, Any]) -> None:
    server.state.clear_faults()
    if "port" in notes:
        server.port = notes["port"]
        server.start()


@dataclass(frozen=True)
class AppFault:
    """One row: the fault, and what the status bar must say during it."""

    id: str
    start: Callable[[FakeServer, dict[str, Any]], None]
    bar_says: str
    later: float = 5.0
    """Seconds that pass (on the app's clock) before the user refreshes again."""
    config: dict[str, Any] = field(default_factory=dict)


MATRIX = [
    AppFault(
        "5xx-burst",
        _switch(error_rate=1.0),
        "sync error: Cliq had an internal error; try again shortly.",
    ),
    AppFault("connection-reset", _switch(reset_rate=1.0), "offline since 09:00, retrying"),
    AppFault(
        "malformed-json",
        _switch(malformed_rate=1.0),
        "sync error: Cliq answered the list all request with a body that is not JSON.",
    ),
    AppFault("truncated-json", _switch(truncate_rate=1.0), "offline since 09:00, retrying"),
    AppFault(
        "401-expired-static-token",
        _switch(expire_tokens=True),
        "sync error: Cliq rejected the access token: sign in again or check the token.",
    ),
    # A refresh during the lock sends nothing; ten minutes on, one does.
    AppFault(
        "429",
        _switch(throttle_all=True),
        "locked: polling resumes in 10:00",
        later=LOCK_SECONDS + 1,
    ),
    AppFault(
        "400-request-limit-exceeded",
        _switch(throttle_all=True),
        "locked: polling resumes in 10:00",
        later=LOCK_SECONDS + 1,
        config={"throttle_form": "400"},
    ),
    AppFault("server-away-and-back", _away, "offline since 09:00, retrying"),
]


@pytest.mark.parametrize("fault", MATRIX, ids=[f.id for f in MATRIX])
async def test_app_survives_the_fault_says_so_and_shows_the_server_queue_after_it(
    tmp_path: Path, fault: AppFault
) -> None:
    app = demo_app(tmp_path / "drafts", demo_config(**fault.config))
    notes: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        rows = app.main.queue.row_count
        fault.start(server, notes)

        await refresh(pilot)
        await wait_until(pilot, lambda: fault.bar_says in status_text(app), fault.bar_says)

        assert app.main.queue.row_count == rows  # the queue stays on screen
        assert "Traceback" not in status_text(app)
        _back(server, notes)
        server.state.delete_message(server.state.messages()[0]["id"])
        await refresh(pilot, fault.later)
        await wait_until(pilot, lambda: "synced" in status_text(app), "synced again")

        assert shown_ids(app) == {m["id"] for m in server.state.messages()}
        assert app.engine is not None
        assert_queue_matches(app.engine, server)
    assert app.return_code in (None, 0)


def shown_ids(app: CliqApp) -> set[str]:
    return {m.id for m in app.main.queue.visible_messages()}


async def test_app_stays_responsive_while_cliq_is_slow(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        # Slow enough that a loaded machine still sees the sync in flight, and presses keys.
        server.state.set_faults(latency_ms=8000)
        await refresh(pilot)
        await wait_until(pilot, lambda: "syncing" in status_text(app), "a sync in flight")

        await pilot.press("question_mark")  # keys still work while the request waits
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: "synced" in status_text(app), "the slow sync to end")
        assert shown_ids(app) == {m["id"] for m in server.state.messages()}


async def test_app_started_against_a_dead_server_shows_offline_not_a_crash(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path / "drafts", demo_config(reset_rate=1.0))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "offline" in status_text(app), "offline on screen")
        assert app.main.queue.row_count == 0
        demo_server(app).state.clear_faults()
        await refresh(pilot)
        await wait_until(pilot, lambda: app.main.queue.row_count > 0, "the queue once it is back")
        assert shown_ids(app) == {m["id"] for m in demo_server(app).state.messages()}


async def test_app_starts_with_a_broken_keymap_warns_and_uses_what_is_usable(
    tmp_path: Path,
) -> None:
    keymap = {"edit": "f2, ü", "no_such_binding": "x", "refresh": "ctrl+", "help": " , f1"}
    app = demo_app(tmp_path / "drafts", settings=Settings(ui=UiSettings(keymap=keymap)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        warnings = [m for t, m in toasts(app) if t == "Config"]
        assert any("unknown binding id 'no_such_binding'" in w for w in warnings)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "f2 opens the editor")
        await pilot.press("escape")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "f1 opens help")
