"""Credential files are private (written 0600, refused when others can read them) and tokens only
travel over https, loopback aside."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from cliq_tui.api.errors import ConfigError
from cliq_tui.cli.main import main
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.storage.config import check_base_url, load_settings
from cliq_tui.storage.credentials import StoredCredentials, read_credentials, write_credentials
from tests.support.tokens import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN


def stored(**urls: str) -> StoredCredentials:
    return StoredCredentials(CLIENT_ID, SecretStr(CLIENT_SECRET), SecretStr(REFRESH_TOKEN), **urls)


@pytest.fixture
def server(cli_env: Path) -> Iterator[FakeServer]:
    server = FakeServer(FakeConfig(seed="demo")).start()
    yield server
    server.stop()


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o606, 0o744], ids=oct)
def test_a_credentials_file_others_can_use_is_refused_with_the_fix(
    tmp_path: Path, mode: int
) -> None:
    path = write_credentials(tmp_path / "work.json", stored())
    path.chmod(mode)

    with pytest.raises(ConfigError) as refused:
        read_credentials(path)

    assert str(path) in str(refused.value)
    assert f"chmod 600 {path}" in str(refused.value)


def test_a_private_credentials_file_is_read(tmp_path: Path) -> None:
    path = write_credentials(tmp_path / "work.json", stored())
    assert path.stat().st_mode & 0o777 == 0o600
    creds = read_credentials(path)
    assert creds.refresh_token.get_secret_value() == REFRESH_TOKEN


def test_the_cli_refuses_a_readable_credentials_file_and_sends_nothing(
    server: FakeServer, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    creds = write_credentials(
        cli_env.parent / "credentials" / "work.json",
        stored(base_url=server.base_url, accounts_url=server.base_url),
    )
    creds.chmod(0o644)

    code = main(["list", "--profile", "work"])

    err = capsys.readouterr().err
    assert code == 2
    assert "readable by other users" in err and f"chmod 600 {creds}" in err
    assert server.state.stats()["total"]["requests"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://cliq.zoho.com",
        "https://cliq.zoho.eu/",
        "https://cliq.zohocloud.ca:443",
        "http://127.0.0.1:8123",
        "http://127.8.9.10",
        "http://localhost:9000",
        "http://[::1]:9000",
    ],
)
def test_https_and_loopback_urls_are_accepted(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://cliq.zoho.com",
        "http://example.com",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
        "http://10.0.0.1",
        "ftp://cliq.zoho.com",
        "cliq.zoho.com",
        "https://",
        "",
    ],
)
def test_plain_http_and_non_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        check_base_url(url)


@pytest.mark.parametrize(
    "how",
    [
        ["--base-url", "http://cliq.zoho.com", "--token", "t", "list"],
        ["auth", "login", "--base-url", "http://cliq.zoho.com", "--accounts-url", "https://a.b"],
    ],
)
def test_the_cli_refuses_a_plain_http_server(
    cli_env: Path, capsys: pytest.CaptureFixture[str], how: list[str]
) -> None:
    code = main(how)
    err = capsys.readouterr().err
    assert code == 2
    assert "expected https (plain http is only allowed for 127.0.0.1/localhost)" in err


def test_an_http_base_url_in_the_environment_is_refused(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIQ_BASE_URL", "http://cliq.zoho.com")
    monkeypatch.setenv("CLIQ_ACCESS_TOKEN", "t")
    assert main(["list"]) == 2
    err = capsys.readouterr().err
    assert "base_url" in err and "expected https" in err


def test_an_http_url_in_the_config_names_the_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.w]\naccess_token = "t"\naccounts_url = "http://accounts.zoho.com"\n'
    )
    with pytest.raises(ConfigError) as refused:
        load_settings(config, env={})
    assert f"{config}: profiles.w.accounts_url: expected https" in str(refused.value)


def test_the_budget_file_the_cli_keeps_holds_only_times(
    server: FakeServer, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(
        ["list", "--chat", "x", "--base-url", server.base_url, "--token", "demo-token"]
    ) in (
        0,
        1,
    )
    folder = cli_env.parents[2] / "cache" / "cliq-tui" / "budgets"
    files = list(folder.glob("*.sqlite3"))
    assert files
    for file in folder.iterdir():
        assert b"demo-token" not in file.read_bytes()
    db = sqlite3.connect(files[0])
    try:
        columns = {
            table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        db.close()
    assert columns == {
        "meta": ["key", "value"],
        "sent": ["endpoint", "wall", "mono", "boot", "pending", "owner"],
        "locks": ["endpoint", "wall", "mono", "boot"],
    }


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("base_url", "http://cliq.zoho.com", "expected https"),
        ("accounts_url", "http://accounts.zoho.com", "expected https"),
        ("data_centre", "mars", "expected one of com, eu"),
    ],
)
def test_a_credentials_file_cannot_bring_in_a_plain_http_server(
    tmp_path: Path, key: str, value: str, expected: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('default_profile = "work"\n')
    creds = write_credentials(tmp_path / "credentials" / "work.json", stored(**{key: value}))

    with pytest.raises(ConfigError) as refused:
        load_settings(config, env={}).profile()

    assert f"{creds}: {key}: {expected}" in str(refused.value)
