"""The fault matrix for the command line (``cliq_tui.cli.main``).

Each case: the command fails with exit code 1 and one line on stderr naming what happened (the
API code and status when there is one), never a traceback; once the fault ends the same command
succeeds and prints exactly the server's queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.api.client import CliqClient
from cliq_tui.cli.main import main
from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.engines import QUICK_RETRY


@dataclass
class Run:
    """One run of ``cliq-tui``: exit code and output."""

    code: int
    out: str
    err: str


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


@pytest.fixture
def server(cli_env: Path) -> Iterator[FakeServer]:
    """A fake server on the wall clock (the CLI reads it), demo data."""
    server = FakeServer(FakeConfig(seed="demo")).start()
    yield server
    server.stop()


def with_timeout(monkeypatch: pytest.MonkeyPatch, timeout: float) -> None:
    """The CLI's client, with a short timeout and short read backoffs (defaults otherwise)."""

    class QuickClient(CliqClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("timeout", timeout)
            kwargs.setdefault("retry", QUICK_RETRY)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("cliq_tui.cli.commands.CliqClient", QuickClient)
    monkeypatch.setattr("cliq_tui.cli.auth.CliqClient", QuickClient)


def on(server: FakeServer) -> list[str]:
    return ["--base-url", server.base_url, "--token", server.token]


def lift_locks(server: FakeServer, cache_home: Path) -> None:
    """The lock period is over: on the server, and in the budget the CLI keeps between runs."""
    server.state.set_rate_limits(clear_locks=True)
    for file in (cache_home / "cliq-tui" / "budgets").glob("*.sqlite3"):
        budgets = shared_budgets(file)
        budgets.backend.update(lambda records: records.locks.clear())
        budgets.close()


def _away(server: FakeServer, notes: dict[str, Any]) -> None:
    notes["port"] = int(server.base_url.rsplit(":", 1)[1])
    server.stop()


def _back(server: FakeServer, notes: dict[str, Any]) -> None:
    server.port = notes["port"]
    server.start()


@dataclass(frozen=True)
class CliFault:
    """One row: the fault, and the words stderr must hold."""

    id: str
    switches: dict[str, Any]
    says: tuple[str, ...]
    throttle_form: str | None = None
    start: Callable[[FakeServer, dict[str, Any]], None] | None = None
    stop: Callable[[FakeServer, dict[str, Any]], None] | None = None
    timeout: float = 5.0
    extra: dict[str, Any] = field(default_factory=dict)


MATRIX = [
    CliFault(
        "latency-10s-above-timeout",
        {"latency_ms": 10_000},
        ("timed out: Cliq did not answer the list all request in time.",),
        # Well above any loopback connect on a loaded machine; well below the 10 s latency.
        timeout=2.0,
    ),
    CliFault(
        "5xx-burst",
        {"error_rate": 1.0},
        ("server error: Cliq had an internal error; try again shortly.", "HTTP 5"),
    ),
    CliFault(
        "connection-reset",
        {"reset_rate": 1.0},
        ("offline: The connection to Cliq broke during list all (the connection was reset).",),
    ),
    CliFault(
        "malformed-json",
        {"malformed_rate": 1.0},
        ("unreadable response: Cliq answered the list all request with a body that is not JSON.",),
    ),
    CliFault(
        "truncated-json",
        {"truncate_rate": 1.0},
        (
            "offline: The connection to Cliq broke during list all "
            "(it closed before a complete answer).",
        ),
    ),
    CliFault(
        "401-expired-static-token",
        {"expire_tokens": True},
        (
            "not signed in: Cliq rejected the access token: sign in again or check the token.",
            "(API code oauthtoken_expired, HTTP 401)",
        ),
    ),
    CliFault(
        "429",
        {"throttle_all": True},
        (
            "rate limited: Too many requests: the endpoint is locked for now.",
            "The list all endpoint frees up at",
            "(API code too_many_requests, HTTP 429)",
        ),
        throttle_form="429",
    ),
    CliFault(
        "400-request-limit-exceeded",
        {"throttle_all": True},
        (
            "rate limited: The API's rate limit was exceeded; the endpoint is locked for now.",
            "(API code request_limit_exceeded, HTTP 400)",
        ),
        throttle_form="400",
    ),
    CliFault(
        "server-away-and-back",
        {},
        ("offline: Could not connect to Cliq (list all); nothing was sent.",),
        start=_away,
        stop=_back,
    ),
]


@pytest.mark.parametrize("fault", MATRIX, ids=[f.id for f in MATRIX])
def test_cli_fails_with_one_clear_line_then_lists_the_server_queue_once_the_fault_ends(
    server: FakeServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cli_env: Path,
    fault: CliFault,
) -> None:
    with_timeout(monkeypatch, fault.timeout)
    notes: dict[str, Any] = {}
    if fault.throttle_form:
        server.state.set_rate_limits(throttle_form=fault.throttle_form)
    if fault.switches:
        server.state.set_faults(**fault.switches)
    if fault.start:
        fault.start(server, notes)

    failed = cli(capsys, "--json", "list", *on(server))

    assert failed.code == 1
    assert failed.out == ""
    lines = failed.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cliq-tui: error: ")
    for words in fault.says:
        assert words in lines[0]
    assert "Traceback" not in failed.err

    server.state.clear_faults()
    if fault.stop:
        fault.stop(server, notes)
    lift_locks(server, cli_env.parents[2] / "cache")
    listed = cli(capsys, "--json", "list", *on(server))

    assert listed.code == 0, listed.err
    items = json.loads(listed.out)
    assert {m["id"] for m in items} == {m["id"] for m in server.state.messages()}


def test_cli_sends_nothing_while_a_lock_it_was_told_about_lasts(
    server: FakeServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_timeout(monkeypatch, 5.0)
    server.state.set_faults(throttle_all=True)
    assert cli(capsys, "list", *on(server)).code == 1
    server.state.clear_faults()
    sent = server.state.stats()["total"]["requests"]

    again = cli(capsys, "list", *on(server))

    assert again.code == 1
    assert "Cliq locked the list all endpoint after too many requests; it frees up at" in again.err
    assert server.state.stats()["total"]["requests"] == sent


def test_cli_does_not_claim_an_http_status_for_a_lock_it_remembers(
    server: FakeServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_timeout(monkeypatch, 5.0)
    server.state.set_faults(throttle_all=True)
    assert "HTTP 400" in cli(capsys, "list", *on(server)).err  # the default throttle form
    server.state.clear_faults()

    again = cli(capsys, "list", *on(server))

    assert "HTTP" not in again.err
    assert "nothing was sent" in again.err


def test_cli_latency_below_the_timeout_only_slows_it_down(
    server: FakeServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_timeout(monkeypatch, 5.0)
    chat_id = server.state.messages()[0]["chat_id"]
    server.state.set_faults(latency_ms=1000)

    listed = cli(capsys, "--json", "list", "--chat", chat_id, *on(server))

    assert listed.code == 0, listed.err
    expected = {m["id"] for m in server.state.messages() if m["chat_id"] == chat_id}
    assert {m["id"] for m in json.loads(listed.out)} == expected


def test_cli_with_oauth_signs_in_again_when_old_tokens_expired(
    server: FakeServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_timeout(monkeypatch, 5.0)
    config = server.config
    monkeypatch.setenv("CLIQ_BASE_URL", server.base_url)
    monkeypatch.setenv("CLIQ_ACCOUNTS_URL", server.base_url)
    monkeypatch.setenv("CLIQ_CLIENT_ID", config.client_id)
    monkeypatch.setenv("CLIQ_CLIENT_SECRET", config.client_secret)
    monkeypatch.setenv("CLIQ_REFRESH_TOKEN", config.refresh_token)
    server.state.set_faults(expire_tokens=True)

    listed = cli(capsys, "--json", "list", "--chat", server.state.messages()[0]["chat_id"])

    assert listed.code == 0, listed.err
    assert json.loads(listed.out)


def test_cli_shows_cliqs_own_words_for_a_refusal_it_has_no_sentence_for(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A reality where status triggers work only in direct messages: Cliq refuses one in a
    # channel with a code the client has no sentence for.
    server = FakeServer(FakeConfig(seed="demo", status_triggers="only_in_dms")).start()
    try:
        chats = {c["chat_id"]: c["chat_type"] for c in server.state.chats()}
        in_a_channel = next(m for m in server.state.messages() if chats[m["chat_id"]] == "channel")

        refused = cli(
            capsys,
            "edit",
            in_a_channel["chat_id"],
            in_a_channel["id"],
            "--status",
            "check-out",
            *on(server),
        )
    finally:
        server.stop()

    assert refused.code == 1
    assert refused.err.strip() == (
        "cliq-tui: error: request refused: Status-based messages can only be scheduled in "
        "direct messages. (API code status_message_restricted, HTTP 400)"
    )
