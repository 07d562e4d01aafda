"""``cliq-tui auth``, ``fake-server`` and the default command (the dashboard)."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import auth_login, on, run
from tests.support.servers import stats_after

Capsys = pytest.CaptureFixture[str]
SECRETS = ("demo-secret", "demo-refresh", "demo-token", "demo-grant")


def test_auth_login_stores_credentials_owner_only_and_checks_them(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    result = auth_login(capsys, fake_server)

    assert result.code == 0, result.err
    stored = isolated_env.parent / "credentials" / "work.json"
    assert (stored.stat().st_mode & 0o777) == 0o600
    assert "answered the test request" in result.out
    assert not [s for s in SECRETS if s in result.out + result.err]


def test_a_logged_in_profile_works_for_the_other_commands(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    auth_login(capsys, fake_server)

    result = run(capsys, "list", "--json", "--profile", "work")

    assert result.code == 0, result.err
    assert len(result.json()) == len(fake_server.state.messages())


def test_auth_login_with_a_bad_grant_code_exits_1_and_stores_nothing(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    result = auth_login(capsys, fake_server, code="wrong-grant", profile=None)

    assert result.code == 1
    assert "invalid_code" in result.err
    assert not (isolated_env.parent / "credentials").exists()


def test_auth_login_without_a_terminal_needs_every_option(capsys: Capsys) -> None:
    result = run(capsys, "auth", "login", "--data-centre", "eu")

    assert result.code == 2
    assert "--client-id" in result.err


def test_auth_status_shows_the_account_without_secrets(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    auth_login(capsys, fake_server)

    result = run(capsys, "auth", "status", "--profile", "work", "--json")

    info = result.json()
    assert result.code == 0
    assert info["profile"] == "work"
    assert info["base_url"] == fake_server.base_url
    assert info["token_kind"] == "OAuth refresh token"
    assert not [s for s in SECRETS if s in result.out + result.err]


def test_auth_status_check_makes_one_request(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "auth", "status", "--check", *on(fake_server))

    assert result.code == 0
    assert "Test request:    ok" in result.out
    assert "demo-token" not in result.out
    assert stats_after(fake_server, 1)["total"]["requests"] == 1


def test_auth_status_without_an_account_says_the_demo_runs(capsys: Capsys) -> None:
    result = run(capsys, "auth", "status")

    assert result.code == 0
    assert "demo" in result.out


def test_fake_server_subcommand_has_the_fake_servers_options(capsys: Capsys) -> None:
    result = run(capsys, "fake-server", "--help")

    assert result.code == 0
    assert "--port" in result.out and "--seed" in result.out


def test_usage_errors_exit_2(capsys: Capsys) -> None:
    assert run(capsys, "no-such-command").code == 2
    assert run(capsys, "edit").code == 2


@pytest.fixture
def fake_factory(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the dashboard with a recorder of how it was asked to run."""
    calls: list[dict[str, Any]] = []

    def run_app(settings: Any, *, demo: bool, read_only: bool = False) -> int:
        calls.append({"settings": settings, "demo": demo, "read_only": read_only})
        return 0

    module = types.ModuleType("cliq_tui.bootstrap")
    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cliq_tui.bootstrap", module)
    return calls


def test_no_subcommand_runs_the_dashboard(fake_factory: list[dict[str, Any]]) -> None:
    from cliq_tui.cli.main import main

    assert main([]) == 0
    assert fake_factory[0]["demo"] is False
    assert fake_factory[0]["settings"].profile() is None


def test_demo_and_read_only_reach_the_dashboard(fake_factory: list[dict[str, Any]]) -> None:
    from cliq_tui.cli.main import main

    main(["--demo", "--read-only"])

    assert (fake_factory[0]["demo"], fake_factory[0]["read_only"]) == (True, True)


def test_a_wrong_profile_stops_before_the_dashboard(
    fake_factory: list[dict[str, Any]], capsys: Capsys
) -> None:
    result = run(capsys, "--profile", "nope")

    assert result.code == 2
    assert fake_factory == []
    assert "no profile named 'nope'" in result.err
