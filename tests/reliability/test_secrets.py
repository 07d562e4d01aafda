"""Secrets never leak: not in CLI output (plain, --json, auth status, errors), debug logs, error
messages, reprs, screenshots, snapshot SVGs or files on disk."""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from cliq_tui.api.auth import OAuthRefresh, StaticToken, exchange_grant_code
from cliq_tui.api.client import CliqClient
from cliq_tui.api.errors import CliqError
from cliq_tui.bootstrap import build_app
from cliq_tui.cli.main import main
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.storage.config import load_settings
from cliq_tui.storage.credentials import StoredCredentials, read_credentials, write_credentials
from tests.support.app import refresh
from tests.support.clock import START_MS, FakeClock
from tests.support.pilot import SIZE, wait_for_queue, wait_until
from tests.support.tokens import ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN

GRANT_CODE = "1000.gr4nt-C0DE-must-n0t-leak"
SECRETS = (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, GRANT_CODE)
# Tokens the fake's accounts server issues: 1000.<32 hex>.<32 hex>.
ISSUED = re.compile(r"1000\.[0-9a-f]{32}\.[0-9a-f]{32}")
REPO = Path(__file__).resolve().parents[2]


def assert_no_secret(text: str, *extra: str) -> None:
    """None of the secrets (nor any token the fake issued) appears in ``text``."""
    for secret in (*SECRETS, *extra):
        assert secret not in text
    assert not ISSUED.search(text), ISSUED.search(text)


def secret_config(**overrides: Any) -> FakeConfig:
    return FakeConfig(
        **{
            "seed": "demo",
            "token": ACCESS_TOKEN,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN,
            "grant_code": GRANT_CODE,
            **overrides,
        }
    )


@pytest.fixture
def server(cli_env: Path) -> Iterator[FakeServer]:
    """A fake server (wall clock) whose credentials are the distinctive secrets."""
    server = FakeServer(secret_config()).start()
    yield server
    server.stop()


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record of every library, down to DEBUG."""
    caplog.set_level(logging.DEBUG)
    return caplog


def cli_output(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def oauth_env(monkeypatch: pytest.MonkeyPatch, server: FakeServer, secret: str) -> None:
    monkeypatch.setenv("CLIQ_BASE_URL", server.base_url)
    monkeypatch.setenv("CLIQ_ACCOUNTS_URL", server.base_url)
    monkeypatch.setenv("CLIQ_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("CLIQ_CLIENT_SECRET", secret)
    monkeypatch.setenv("CLIQ_REFRESH_TOKEN", REFRESH_TOKEN)


def test_cli_output_and_logs_with_a_static_token_hold_no_secret(
    server: FakeServer,
    capsys: pytest.CaptureFixture[str],
    everything_logged: pytest.LogCaptureFixture,
) -> None:
    on = ["--base-url", server.base_url, "--token", ACCESS_TOKEN]
    chat_id = server.state.messages()[0]["chat_id"]
    runs = [
        cli_output(capsys, "list", *on),
        cli_output(capsys, "--json", "list", *on),
        cli_output(capsys, "--json", "list", "--chat", chat_id, *on),
        cli_output(capsys, "auth", "status", *on),
        cli_output(capsys, "--json", "auth", "status", "--check", *on),
        cli_output(capsys, "send-now", chat_id, "--id", "no-such-id", *on),
        cli_output(capsys, "list", "--base-url", server.base_url, "--token", ACCESS_TOKEN + "x"),
        cli_output(capsys, "list", "--base-url", "http://example.com", "--token", ACCESS_TOKEN),
    ]
    server.state.set_faults(expire_tokens=True)
    runs.append(cli_output(capsys, "--json", "list", *on))

    assert [code for code, _ in runs] == [0, 0, 0, 0, 0, 1, 1, 2, 1]
    assert "scheduled_msg_not_found" in runs[5][1]
    assert "oauthtoken_invalid" in runs[6][1]
    for _, text in runs:
        assert_no_secret(text, ACCESS_TOKEN + "x")
    assert_no_secret(everything_logged.text)
    assert json.loads(runs[1][1])  # the JSON listing is real


def test_cli_output_and_logs_with_oauth_hold_no_secret(
    server: FakeServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    everything_logged: pytest.LogCaptureFixture,
) -> None:
    oauth_env(monkeypatch, server, CLIENT_SECRET)
    good = [
        cli_output(capsys, "--json", "list"),
        cli_output(capsys, "--json", "auth", "status", "--check"),
        cli_output(capsys, "auth", "status"),
    ]
    oauth_env(monkeypatch, server, CLIENT_SECRET + "-rotated")
    refused = cli_output(capsys, "list")

    assert [code for code, _ in good] == [0, 0, 0]
    assert refused[0] == 1 and "Zoho refused the OAuth credentials" in refused[1]
    for _, text in [*good, refused]:
        assert_no_secret(text, CLIENT_SECRET + "-rotated")
    assert_no_secret(everything_logged.text, CLIENT_SECRET + "-rotated")


def test_the_shared_token_cache_of_cli_runs_is_private_and_holds_only_the_access_token(
    server: FakeServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cli_env: Path,
    everything_logged: pytest.LogCaptureFixture,
) -> None:
    oauth_env(monkeypatch, server, CLIENT_SECRET)
    runs = [cli_output(capsys, "--json", "list") for _ in range(3)]
    server.state.set_faults(expire_tokens=True)  # one shared refresh, written to the cache
    runs.append(cli_output(capsys, "--json", "list"))

    assert [code for code, _ in runs] == [0] * 4
    cache = cli_env.parents[2] / "cache"
    tokens = cache / "cliq-tui" / "tokens"
    token_files = sorted(tokens.glob("token-*.json"))
    assert len(token_files) == 1
    assert token_files[0].stat().st_mode & 0o777 == 0o600
    assert tokens.stat().st_mode & 0o777 == 0o700
    assert ISSUED.search(token_files[0].read_text())  # the access token is there, by design
    for file in (p for p in cache.rglob("*") if p.is_file()):
        assert_no_secret(str(file.relative_to(cache)))
        text = file.read_bytes().decode("utf-8", "replace")
        assert_no_secret(ISSUED.sub("<access token>", text) if file in token_files else text)
    for _, text in runs:
        assert_no_secret(text)
    assert_no_secret(everything_logged.text)


def test_auth_login_stores_secrets_privately_and_never_prints_them(
    server: FakeServer,
    capsys: pytest.CaptureFixture[str],
    cli_env: Path,
    everything_logged: pytest.LogCaptureFixture,
) -> None:
    code, text = cli_output(
        capsys,
        "auth",
        "login",
        "--profile",
        "work",
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--grant-code",
        GRANT_CODE,
        "--base-url",
        server.base_url,
        "--accounts-url",
        server.base_url,
    )
    status_code, status = cli_output(capsys, "--json", "auth", "status", "--profile", "work")

    assert code == 0, text
    assert status_code == 0 and json.loads(status)["token_kind"] == "OAuth refresh token"
    stored = cli_env.parent / "credentials" / "work.json"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert CLIENT_SECRET in stored.read_text()  # it is stored (privately) ...
    assert_no_secret(text + status)  # ... and never shown
    assert_no_secret(everything_logged.text)


async def test_client_debug_logs_errors_and_reprs_hold_no_secret(
    everything_logged: pytest.LogCaptureFixture,
) -> None:
    server = FakeServer(
        secret_config(clock="manual", start_time_ms=START_MS, include_chat_id=True)
    ).start()
    try:
        texts: list[str] = []
        static = StaticToken(ACCESS_TOKEN)
        oauth = OAuthRefresh(
            CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, server.base_url, clock=FakeClock()
        )
        for auth in (static, oauth):
            async with CliqClient(server.base_url, auth, clock=FakeClock()) as client:
                texts += [repr(auth), repr(client), str(client.auth)]
                listing = await client.list_scheduled_messages()
                texts.append(repr(listing))
                server.state.set_faults(expire_tokens=True)
                try:
                    await client.list_chats()
                except CliqError as exc:
                    texts += [str(exc), repr(exc), exc.title]
                server.state.clear_faults()
        bad = OAuthRefresh(CLIENT_ID, "wrong-" + CLIENT_SECRET, REFRESH_TOKEN, server.base_url)
        async with CliqClient(server.base_url, bad) as client:
            with pytest.raises(CliqError) as refused:
                await client.check_access()
            texts += [str(refused.value), repr(refused.value)]
        with pytest.raises(CliqError) as used_up:
            await exchange_grant_code(
                "1000.other-" + GRANT_CODE,
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                accounts_url=server.base_url,
            )
        texts += [str(used_up.value), repr(used_up.value), repr(server), repr(server.config)]
    finally:
        server.stop()

    assert oauth.refresh_count == 2  # the expired token really was refreshed
    for text in texts:
        assert_no_secret(text, "wrong-" + CLIENT_SECRET)
    assert_no_secret(everything_logged.text, "wrong-" + CLIENT_SECRET)


def test_reprs_and_dumps_of_settings_and_stored_credentials_hold_no_secret(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'default_profile = "work"\n'
        "[profiles.work]\n"
        'base_url = "https://cliq.zoho.eu"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'refresh_token = "{REFRESH_TOKEN}"\n'
        "[profiles.token]\n"
        f'access_token = "{ACCESS_TOKEN}"\n'
    )
    settings = load_settings(config, env={})
    work, token = settings.profile("work"), settings.profile("token")
    assert work is not None and token is not None
    stored = StoredCredentials(CLIENT_ID, SecretStr(CLIENT_SECRET), SecretStr(REFRESH_TOKEN))
    texts = [
        repr(settings),
        str(settings),
        settings.model_dump_json(),
        repr(settings.model_dump()),
        repr(work),
        repr(token),
        work.model_dump_json(),
        repr(work.make_auth()),
        repr(token.make_auth()),
        repr(stored),
    ]
    for text in texts:
        assert_no_secret(text)


async def test_app_screenshots_hold_no_secret(tmp_path: Path) -> None:
    fake = FakeServer(secret_config(clock="manual", start_time_ms=START_MS)).start()
    try:
        config = tmp_path / "config.toml"
        config.write_text(
            "[profiles.work]\n"
            f'base_url = "{fake.base_url}"\n'
            f'accounts_url = "{fake.base_url}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'refresh_token = "{REFRESH_TOKEN}"\n'
        )
        app = build_app(
            load_settings(config, env={}),
            demo=False,
            clock=FakeClock(),
            tz=UTC,
            drafts_dir=tmp_path / "drafts",
            cache_dir=tmp_path / "cache",
        )
        shots: list[str] = []
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_queue(pilot)
            shots.append(app.export_screenshot())
            await pilot.press("question_mark")
            await pilot.pause()
            shots.append(app.export_screenshot())
            await pilot.press("escape")
            fake.state.set_faults(expire_tokens=True, error_rate=1.0)
            await refresh(pilot, server=fake)
            await wait_until(pilot, lambda: len(app.notices) > 0, "a toast")
            shots.append(app.export_screenshot())
            path = app.save_screenshot(path=str(tmp_path), filename="shot.svg")
            shots.append(Path(path).read_text())
    finally:
        fake.stop()

    for shot in shots:
        assert_no_secret(shot)
    on_disk = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "config.toml"]
    assert on_disk  # the cache, at least, was written
    token_files = [p for p in on_disk if p.parent == tmp_path / "cache" / "tokens"]
    assert [p.suffix for p in token_files if p.suffix == ".json"] == [".json"]
    for file in on_disk:
        assert_no_secret(str(file.relative_to(tmp_path)))
        text = file.read_bytes().decode("utf-8", "replace")
        if file in token_files:
            # The shared token cache holds the access token by design, privately, and nothing
            # else secret (no refresh token, no client secret).
            assert file.stat().st_mode & 0o777 == 0o600
            assert file.parent.stat().st_mode & 0o777 == 0o700
            text = ISSUED.sub("<access token>", text)
        assert_no_secret(text)


def test_snapshot_svgs_in_the_repo_hold_no_token_or_secret() -> None:
    demo = FakeConfig()
    svgs = [p for p in REPO.glob("tests/**/__snapshots__/**/*.svg")]
    assert svgs, "no snapshots found"
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        for secret in (demo.token, demo.client_secret, demo.refresh_token, demo.grant_code or ""):
            assert secret not in text, svg
        assert not ISSUED.search(text), svg


# --- credential files and URLs ----------------------------------------------------------------


def test_credential_files_are_written_0600_even_under_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = write_credentials(
            tmp_path / "creds" / "work.json",
            StoredCredentials(CLIENT_ID, SecretStr(CLIENT_SECRET), SecretStr(REFRESH_TOKEN)),
        )
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_credentials(path).client_id == CLIENT_ID


@pytest.mark.parametrize("fault", ["malformed_rate", "truncate_rate", "error_rate"])
async def test_a_broken_token_answer_leaks_nothing_even_in_a_full_traceback(
    everything_logged: pytest.LogCaptureFixture, fault: str
) -> None:
    server = FakeServer(secret_config(clock="manual", start_time_ms=START_MS)).start()
    try:
        server.state.set_faults(**{fault: 1.0, "oauth": True})
        auth = OAuthRefresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, server.base_url)
        async with CliqClient(server.base_url, auth) as client:
            with pytest.raises(CliqError) as failed:
                await client.check_access()
    finally:
        server.stop()

    shown = "".join(traceback.format_exception(failed.value))
    assert "Zoho accounts server" in str(failed.value)
    assert_no_secret(shown + repr(failed.value))
    assert_no_secret(everything_logged.text)
