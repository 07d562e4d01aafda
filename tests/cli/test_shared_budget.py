"""Every process of one account counts in one budget: parallel CLI runs, restarts, the dashboard."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cliq_tui.api import Endpoint
from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.bootstrap import ProfileBackend
from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import load_settings
from tests.support.cli import cli_in_a_process, on, run
from tests.support.servers import a_message, stats_after

Capsys = pytest.CaptureFixture[str]


def budget_file(server: FakeServer) -> Path:
    profile = load_settings(base_url=server.base_url, access_token=server.token).profile()
    assert profile is not None
    return profile.budget_path()


def test_parallel_cli_processes_never_go_over_the_limit_and_count_every_request(
    fake_server: FakeServer,
) -> None:
    """``seq 24 | xargs -P4 cliq-tui list --chat C``: 20 a minute at most, no throttle."""
    chat_id = a_message(fake_server)["chat_id"]
    argv = ["list", "--chat", chat_id, "--json", *on(fake_server)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: cli_in_a_process(*argv), range(24)))

    ok = [r for r in results if r.returncode == 0]
    refused = [r for r in results if r.returncode != 0]
    stats = stats_after(fake_server, len(ok))
    # The fake's own limiter is the judge: one request over 20 in any 60 s window is throttled.
    assert stats["total"]["throttled"] == 0
    assert stats["endpoints"]["list_chat"]["requests"] == len(ok)
    # Each refusal happened before sending: nothing was lost, nothing counted twice.
    for r in refused:
        assert "not sent: client-side rate budget" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    assert len(ok) >= 20


def test_one_budget_across_runs_refuses_the_21st_without_sending(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id = a_message(fake_server)["chat_id"]
    for _ in range(20):
        assert run(capsys, "list", "--chat", chat_id, *on(fake_server)).code == 0

    result = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert result.code == 1
    assert "not sent: client-side rate budget" in result.err
    total = stats_after(fake_server, 20)["total"]
    assert (total["requests"], total["throttled"]) == (20, 0)


def test_the_dashboard_counts_in_the_budget_the_cli_spent(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    chat_id = a_message(fake_server)["chat_id"]
    for _ in range(3):
        assert run(capsys, "list", "--chat", chat_id, *on(fake_server)).code == 0
    profile = load_settings(base_url=fake_server.base_url, access_token=fake_server.token).profile()
    assert profile is not None

    async def dashboard() -> tuple[int, int]:
        backend = ProfileBackend(profile)  # the user cache folder, as the CLI uses
        await backend.start()
        assert backend.client is not None
        try:
            before = backend.client.budgets.used(Endpoint.LIST_CHAT)
            await backend.client.list_chat_scheduled_messages(chat_id)
            return before, backend.client.budgets.used(Endpoint.LIST_CHAT)
        finally:
            await backend.close()

    before, after = asyncio.run(dashboard())

    assert (before, after) == (3, 4)
    again = shared_budgets(budget_file(fake_server))
    assert again.used(Endpoint.LIST_CHAT) == 4
    again.close()


def test_a_lock_the_server_reported_to_one_run_stops_the_next_without_a_request(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id = a_message(fake_server)["chat_id"]
    fake_server.state.set_faults(throttle_all=True)
    assert run(capsys, "list", "--chat", chat_id, *on(fake_server)).code == 1
    fake_server.state.clear_faults()

    result = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert result.code == 1
    assert "not sent: lock from an earlier throttle" in result.err
    assert stats_after(fake_server, 1)["total"]["requests"] == 1


def test_an_unwritable_budget_folder_is_said_once_and_the_command_works(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    folder = budget_file(fake_server).parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    chat_id = a_message(fake_server)["chat_id"]

    result = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert result.code == 0
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"cliq-tui: warning: The shared rate budget {folder}")
    assert "cannot be written" in lines[0]
