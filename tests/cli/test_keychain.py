"""Stored sign-ins: the secrets in the system keychain when there is one, a 0600 file otherwise
(as gh does), files written before still read; a secret never in output or files it should not
be in. The keychain is an in-memory keyring backend set for the test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from pydantic import SecretStr

from cliq_tui.fake import FakeServer
from cliq_tui.storage.credentials import StoredCredentials, write_credentials
from tests.support.cli import auth_login, checks, run

Capsys = pytest.CaptureFixture[str]
SECRETS = ("demo-secret", "demo-refresh", "demo-grant")


class MemoryKeychain(KeyringBackend):
    """A keychain in a dict (priority 1: a real one, as far as keyring can tell)."""

    priority = 1  # type: ignore[assignment]
    name = "test keychain"

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class ForgetfulKeychain(MemoryKeychain):
    """A keychain that says yes and keeps nothing (keyring's null backend does this)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


@pytest.fixture
def keychain() -> Iterator[MemoryKeychain]:
    memory = MemoryKeychain()
    keyring.set_keyring(memory)
    yield memory  # the autouse no_system_keychain fixture puts the fail backend back


def _stored(isolated_env: Path) -> Path:
    return isolated_env.parent / "credentials" / "work.json"


def _no_secret_in(*texts: str) -> None:
    leaked = [s for s in SECRETS for text in texts if s in text]
    assert not leaked, leaked


def test_with_a_keychain_the_secrets_go_there_and_the_file_keeps_the_rest(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path, keychain: MemoryKeychain
) -> None:
    login = auth_login(capsys, fake_server)

    assert login.code == 0, login.err
    assert "in test keychain" in login.out
    stored = _stored(isolated_env)
    text = stored.read_text()
    _no_secret_in(login.out, login.err, text)
    assert (stored.stat().st_mode & 0o777) == 0o600
    data = json.loads(text)
    assert data["secrets"] == "keychain" and data["client_id"] == fake_server.config.client_id
    [(service, account)] = keychain.entries
    assert (service, account) == ("cliq-tui", data["keychain_account"])
    held = json.loads(keychain.entries[(service, account)])
    assert held == {
        "client_secret": fake_server.config.client_secret,
        "refresh_token": held["refresh_token"],
    }
    assert held["refresh_token"]

    listed = run(capsys, "list", "--json", "--profile", "work")
    assert listed.code == 0, listed.err
    assert len(listed.json()) == len(fake_server.state.messages())


def test_without_a_keychain_everything_goes_to_the_0600_file_silently(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    login = auth_login(capsys, fake_server)  # this machine: keyring's fail backend

    assert login.code == 0, login.err
    assert login.err == ""
    assert "Stored the credentials of profile 'work' in " in login.out
    data = json.loads(_stored(isolated_env).read_text())
    assert data["client_secret"] == fake_server.config.client_secret and data["refresh_token"]
    assert "secrets" not in data
    assert run(capsys, "list", "--json", "--profile", "work").code == 0


def test_a_keychain_that_keeps_nothing_leads_to_the_file(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    keyring.set_keyring(ForgetfulKeychain())

    login = auth_login(capsys, fake_server)

    assert login.code == 0, login.err
    assert "refresh_token" in json.loads(_stored(isolated_env).read_text())
    assert run(capsys, "list", "--json", "--profile", "work").code == 0


def test_a_file_written_before_keeps_working_when_the_keychain_has_nothing(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path, keychain: MemoryKeychain
) -> None:
    write_credentials(
        _stored(isolated_env),
        StoredCredentials(
            client_id="demo-client",
            client_secret=SecretStr("demo-secret"),
            refresh_token=SecretStr("demo-refresh"),
            base_url=fake_server.base_url,
            accounts_url=fake_server.base_url,
        ),
    )

    result = run(capsys, "list", "--json", "--profile", "work")

    assert result.code == 0, result.err
    assert keychain.entries == {}


def test_a_file_whose_keychain_entry_is_gone_says_to_sign_in_again(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path, keychain: MemoryKeychain
) -> None:
    auth_login(capsys, fake_server)
    keychain.entries.clear()  # the entry removed in the keychain's own app

    result = run(capsys, "list", "--profile", "work")

    assert result.code == 2
    line = result.err.strip()
    assert len(line.splitlines()) == 1
    assert "system keychain, which has none for it" in line and "auth login" in line
    _no_secret_in(result.out, result.err)


def test_status_and_doctor_say_where_the_credentials_live(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path, keychain: MemoryKeychain
) -> None:
    auth_login(capsys, fake_server)

    status = run(capsys, "auth", "status", "--profile", "work", "--json")
    doctor = run(capsys, "doctor", "--profile", "work", "--json")

    assert status.code == 0, status.err
    assert status.json()["credentials"].startswith("the system keychain (test keychain)")
    detail = checks(doctor)["credentials file"]
    assert detail["status"] == "ok"
    assert "the secrets are in the system keychain (test keychain)" in detail["detail"]
    _no_secret_in(status.out, status.err, doctor.out, doctor.err)


def test_doctor_says_the_secrets_are_in_the_file_without_a_keychain(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    auth_login(capsys, fake_server)

    doctor = run(capsys, "doctor", "--profile", "work", "--json")
    status = run(capsys, "auth", "status", "--profile", "work")

    assert "the secrets are in this file" in checks(doctor)["credentials file"]["detail"]
    assert f"{_stored(isolated_env)} (readable only by you)" in status.out
    _no_secret_in(status.out, doctor.out)
