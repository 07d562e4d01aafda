"""Specific one-line errors instead of "offline" or "internal error", and `auth login` checks
everything it can before it spends the one-time grant code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import (
    auth_login,
    login_into,
    on,
    on_a_full_disk,
    one_line,
    run,
    write_profile,
)
from tests.support.servers import oauth_requests

Capsys = pytest.CaptureFixture[str]


def api_requests(server: FakeServer) -> int:
    return len(server.state.requests())


@pytest.mark.parametrize(
    ("token", "says"),
    [
        ("", "the access token is empty"),
        ("   ", "the access token is empty"),
        ("abc\ndef", "not one word of printable ASCII"),
        ("tök€n", "not one word of printable ASCII"),
        ("a b", "not one word of printable ASCII"),
    ],
    ids=["empty", "blank", "newline", "non-ascii", "space"],
)
def test_a_token_that_cannot_be_one_says_so_and_sends_nothing(
    fake_server: FakeServer, capsys: Capsys, token: str, says: str
) -> None:
    result = run(capsys, "list", "--base-url", fake_server.base_url, "--token", token)
    assert result.code == 2
    assert says in one_line(result.err)
    assert token.strip() == "" or token not in result.err  # never echoed
    assert api_requests(fake_server) == 0


def test_a_token_in_the_config_file_is_checked_there(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    write_profile(isolated_env, fake_server.base_url, "ab\\ncd")
    result = run(capsys, "list")
    assert result.code == 2
    line = one_line(result.err)
    assert str(isolated_env) in line and "access_token" in line
    assert api_requests(fake_server) == 0


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:99999", "port from 1 to 65535"),
        ("http://127.0.0.1:0", "port from 1 to 65535"),
        ("https://cliq.zoho.com/api/v3", "without a path (/api/v3)"),
        ("https://cliq.zoho.com/x/y", "server root (https://cliq.zoho.com)"),
        ("https://clïq.zoho.com", "plain ASCII"),
    ],
)
def test_a_base_url_that_cannot_work_is_refused_in_words(
    capsys: Capsys, url: str, says: str
) -> None:
    result = run(capsys, "list", "--base-url", url, "--token", "1000.abc")
    assert result.code == 2
    assert says in one_line(result.err)


@pytest.mark.parametrize(
    "content",
    [
        "a = " + "[" * 50_000 + "]" * 50_000 + "\n",
        "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n",
    ],
    ids=["arrays", "tables"],
)
def test_deeply_nested_toml_names_the_file(capsys: Capsys, tmp_path: Path, content: str) -> None:
    config = tmp_path / "deep.toml"
    config.write_text(content)
    result = run(capsys, "list", "--config", str(config))
    assert result.code == 2
    assert one_line(result.err) == f"cliq-tui: error: {config}: not valid TOML (nested too deeply)."


def test_a_huge_config_file_is_refused_without_reading_it_all(
    capsys: Capsys, tmp_path: Path
) -> None:
    config = tmp_path / "huge.toml"
    config.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    result = run(capsys, "list", "--config", str(config))
    assert result.code == 2
    assert "not a config file" in one_line(result.err)


def test_stdout_on_a_full_disk_is_one_line(fake_server: FakeServer, tmp_path: Path) -> None:
    done = on_a_full_disk(tmp_path, "list", *on(fake_server))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "cliq-tui: error: cannot write the output (No space left on device)."
    )


# --- profile names and auth login ------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../x", "..", ".hidden", "a/b", "x" * 65, "new\nline", ""])
def test_a_profile_name_that_is_not_a_plain_name_is_refused(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path, tmp_path: Path, name: str
) -> None:
    code = fake_server.state.new_grant_code()
    result = auth_login(capsys, fake_server, "--no-check", code=code, profile=name)
    if name == "":
        assert result.code == 0  # empty means the default profile
        return
    assert result.code == 2
    assert "is not a profile name" in one_line(result.err)
    assert not list(tmp_path.rglob("x.json")) and not (tmp_path.parent / "x.json").exists()
    assert oauth_requests(fake_server) == 0


def test_a_profile_table_with_a_path_for_a_name_is_refused(
    capsys: Capsys, isolated_env: Path
) -> None:
    isolated_env.parent.mkdir(parents=True, exist_ok=True)
    isolated_env.write_text('[profiles."../../x"]\naccess_token = "1000.abc"\n')
    result = run(capsys, "list")
    assert result.code == 2
    assert "is not a profile name" in one_line(result.err)


def test_auth_login_into_a_directory_is_refused_before_the_grant_code_is_spent(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    folder = tmp_path / "creds"
    folder.mkdir()
    code = fake_server.state.new_grant_code()

    refused = login_into(capsys, fake_server, folder, code)

    assert refused.code == 2
    assert "is a directory" in one_line(refused.err)
    assert oauth_requests(fake_server) == 0
    # The code is still good: the same login into a file works.
    target = folder / "work.json"
    done = login_into(capsys, fake_server, target, code)
    assert done.code == 0, done.err
    assert json.loads(target.read_text())["client_id"] == fake_server.config.client_id


def test_auth_login_into_an_unwritable_folder_is_refused_before_the_grant_code_is_spent(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    code = fake_server.state.new_grant_code()
    result = login_into(capsys, fake_server, folder / "work.json", code)
    assert result.code == 2
    assert "grant code is still unused" in one_line(result.err)
    assert oauth_requests(fake_server) == 0


# --- credentials files with hostile content --------------------------------------------------

HOSTILE_CREDENTIALS = {
    "binary": b"\x00\xff\xfe junk",
    "nested": b"[" * 100_000 + b"]" * 100_000,
    "nulls": b'{"client_id": null, "client_secret": null, "refresh_token": null}',
    "wrong types": b'{"client_id": {"a": 1}, "client_secret": [1], "refresh_token": 5}',
    "newline in a token": b'{"client_id": "a", "client_secret": "b", "refresh_token": "r\\nX"}',
    "huge": b'{"client_id": "' + b"a" * 100_000 + b'"}',
    "odd data centre": (
        b'{"client_id": "a", "client_secret": "b", "refresh_token": "c", "data_centre": 7}'
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE_CREDENTIALS))
def test_a_hostile_credentials_file_is_refused_in_one_line_naming_it(
    capsys: Capsys, isolated_env: Path, name: str
) -> None:
    folder = isolated_env.parent / "credentials"
    folder.mkdir(parents=True)
    path = folder / "work.json"
    path.write_bytes(HOSTILE_CREDENTIALS[name])
    path.chmod(0o600)

    result = run(capsys, "list", "--profile", "work")

    assert result.code == 2
    assert str(path) in one_line(result.err)
    assert path.read_bytes() == HOSTILE_CREDENTIALS[name]  # left for the user to repair


def test_a_fifo_for_a_credentials_file_is_refused_without_blocking(
    capsys: Capsys, isolated_env: Path
) -> None:
    folder = isolated_env.parent / "credentials"
    folder.mkdir(parents=True)
    path = folder / "work.json"
    os.mkfifo(path, 0o600)  # nobody writes: reading it would wait for ever

    result = run(capsys, "list", "--profile", "work")

    assert result.code == 2
    assert "is not a regular file" in one_line(result.err)
