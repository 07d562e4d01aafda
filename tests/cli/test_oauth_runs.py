"""Many CLI runs on one OAuth account share one access token (issue 10), and Zoho's OAuth
realities reach the user in words (issue 12, rows 2-4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import auth_login, oauth_env, run, use_up_the_tokens

Capsys = pytest.CaptureFixture[str]
SECRETS = ("demo-secret", "demo-refresh", "demo-token", "demo-grant")


def test_twenty_runs_in_ten_minutes_refresh_the_token_once(
    signed_in: FakeServer, capsys: Capsys
) -> None:
    assert signed_in.state.oauth()["token_limit"]

    runs = [run(capsys, "list", "--json") for _ in range(20)]

    assert [r.code for r in runs] == [0] * 20, runs[-1].err
    assert signed_in.state.oauth()["minted"] == 1
    assert not [s for r in runs for s in SECRETS if s in r.out + r.err]


def test_concurrent_runs_on_a_cold_cache_refresh_the_token_once(
    fake_server: FakeServer, isolated_env: Path
) -> None:
    env = {**os.environ, **oauth_env(fake_server)}
    # A slow accounts server: the runs of a batch all want a token while the first fetches it.
    fake_server.state.set_faults(latency_ms=1000, oauth=True)
    runs = []
    for _batch in range(2):  # like `seq 8 | xargs -P4 cliq-tui list`
        batch = [
            subprocess.Popen(
                [sys.executable, "-m", "cliq_tui", "list", "--json"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        runs += [(p.wait(timeout=120), *p.communicate()) for p in batch]

    assert [code for code, _, _ in runs] == [0] * 8, runs[0][2]
    assert fake_server.state.oauth()["minted"] == 1
    assert not [s for _, out, err in runs for s in SECRETS if s in out + err]
    tokens = isolated_env.parents[2] / "cache" / "cliq-tui" / "tokens"
    files = [p for p in tokens.iterdir() if p.suffix == ".json"]
    assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
    assert tokens.stat().st_mode & 0o777 == 0o700


def test_auth_login_then_ten_runs_mint_no_token_from_the_refresh_token(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    login = auth_login(capsys, fake_server)
    runs = [run(capsys, "list", "--profile", "work") for _ in range(10)]

    assert login.code == 0, login.err
    # The login's test request is in the shared budget (so 20 runs would wait, not be locked).
    assert [r.code for r in runs] == [0] * 10, runs[-1].err
    assert signed_in_throttled(fake_server) == 0
    # The grant's own access token serves every run: one token issued in all.
    assert fake_server.state.oauth()["issued"] == 1
    assert fake_server.state.oauth()["minted"] == 0


def signed_in_throttled(server: FakeServer) -> int:
    return server.state.stats()["total"]["throttled"]


@pytest.mark.parametrize("status", [200, 400])
def test_the_token_limit_is_explained_not_blamed_on_the_credentials(
    signed_in: FakeServer, capsys: Capsys, status: int
) -> None:
    use_up_the_tokens(signed_in, status)

    first = run(capsys, "list")
    second = run(capsys, "list")

    assert (first.code, second.code) == (1, 1)
    assert "Zoho allows 10 access tokens per 10 minutes for a refresh token" in first.err
    assert "wait until" in first.err
    assert "check the client" not in first.err + second.err
    assert "nothing was sent" in second.err
    assert len(first.err.strip().splitlines()) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_a_missing_scope_names_the_scope_and_the_fix(
    signed_in: FakeServer, capsys: Capsys, status: int
) -> None:
    signed_in.state.set_oauth(token_scopes=["ZohoCliq.Chats.READ"], scope_error_status=status)

    result = run(capsys, "list")

    assert result.code == 1
    assert "ZohoCliq.Messages.READ" in result.err and "cliq-tui auth login" in result.err
    assert "oauthtoken_scope_invalid" in result.err
    assert signed_in.state.oauth()["minted"] == 1  # no refresh spent on it


def test_a_corrupt_token_cache_costs_one_warning_line_and_one_new_token(
    signed_in: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    assert run(capsys, "list").code == 0
    tokens = isolated_env.parents[2] / "cache" / "cliq-tui" / "tokens"
    [cached] = tokens.glob("token-*.json")
    cached.write_text("{garbage")

    result = run(capsys, "list")
    again = run(capsys, "list")

    assert (result.code, again.code) == (0, 0)
    warnings = [line for line in result.err.splitlines() if "token cache" in line]
    assert warnings == [line for line in result.err.splitlines() if line.strip()]
    assert len(warnings) == 1
    assert warnings[0].startswith("cliq-tui: warning: ignoring the token cache ")
    assert "token cache" not in again.err
    assert signed_in.state.oauth()["minted"] == 2
