"""What stands at a path the app writes or reads is not trusted: a device, a FIFO, a socket or a
folder is refused in one line before anything is written, sent or blocked on."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import (
    cli_in_a_process,
    login_into,
    login_options,
    one_line,
    run,
    write_profile,
)
from tests.support.servers import oauth_requests

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    yield path
    server.close()


def make_fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path, 0o600)
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "symlink to a fifo"])
def test_auth_login_onto_a_node_that_is_not_a_file_writes_nothing_and_keeps_the_code(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path, unix_socket: Path, kind: str
) -> None:
    if kind == "socket":
        target = unix_socket
    else:
        target = make_fifo(tmp_path)
        if kind == "symlink to a fifo":
            (tmp_path / "link").symlink_to(target)
            target = tmp_path / "link"
    code = fake_server.state.new_grant_code()

    result = login_into(capsys, fake_server, target, code)

    assert result.code == 2
    line = one_line(result.err)
    assert "not a regular file" in line and "grant code is still unused" in line
    assert oauth_requests(fake_server) == 0
    # The node is still there, not replaced by a file holding the secrets.
    if kind.startswith("symlink"):
        assert stat.S_ISLNK(os.lstat(target).st_mode) and stat.S_ISFIFO(os.stat(target).st_mode)
    else:
        assert not stat.S_ISREG(os.lstat(target).st_mode)
    assert fake_server.config.client_secret not in result.err + result.out


def test_auth_login_where_no_folder_can_be_made_keeps_the_code(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code = fake_server.state.new_grant_code()
    result = login_into(capsys, fake_server, blocker / "sub" / "work.json", code)
    assert result.code == 2
    assert "grant code is still unused" in one_line(result.err)
    assert oauth_requests(fake_server) == 0


def test_auth_login_probe_leaves_no_trace_and_the_real_login_makes_private_folders(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "deeper" / "work.json"
    code = fake_server.state.new_grant_code()
    result = login_into(capsys, fake_server, target, code)
    assert result.code == 0, result.err
    assert target.is_file()
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in target.parent.iterdir()) == ["work.json"]


# --- files the app reads ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "directory", "socket"])
def test_a_config_file_that_is_not_a_file_is_refused_without_blocking(
    tmp_path: Path, isolated_env: Path, unix_socket: Path, kind: str
) -> None:
    if kind == "fifo":
        config = make_fifo(tmp_path)  # nobody writes: opening it to read would wait for ever
    elif kind == "directory":
        config = tmp_path / "config.d"
        config.mkdir()
    else:
        config = unix_socket
    env = {**os.environ, "CLIQ_TUI_CONFIG": str(config)}
    done = cli_in_a_process("list", env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert str(config) in line and "not a regular file" in line
    if kind == "directory":
        assert "a directory" in line


def test_a_credentials_file_that_is_a_directory_says_so(
    capsys: Capsys, isolated_env: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "creds"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # open to others, as folders usually are: not the problem here
    isolated_env.parent.mkdir(parents=True)
    isolated_env.write_text(f'[profiles.work]\ncredentials_file = "{folder}"\n')

    result = run(capsys, "list", "--profile", "work")

    assert result.code == 2
    line = one_line(result.err)
    assert str(folder) in line and "is a directory" in line
    assert "chmod" not in line and "readable by other users" not in line


# --- a user name and password in a server URL ------------------------------------------------


@pytest.mark.parametrize("option", ["--base-url", "--accounts-url"])
def test_auth_login_refuses_a_server_url_with_a_password_and_never_echoes_it(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path, option: str
) -> None:
    code = fake_server.state.new_grant_code()
    options = login_options(fake_server, code, check=False)
    options[options.index(option) + 1] = fake_server.base_url.replace(
        "http://", "http://someone:hunter2@"
    )
    result = run(capsys, "auth", "login", "--credentials-file", str(tmp_path / "w.json"), *options)
    assert result.code == 2
    assert "without a user name or password" in one_line(result.err)
    assert "hunter2" not in result.err + result.out
    assert oauth_requests(fake_server) == 0


@pytest.mark.parametrize("userinfo", ["someone:hunter2@", "someone@", ":hunter2@", "@"])
def test_a_base_url_with_a_user_or_password_is_refused_before_any_request(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path, userinfo: str
) -> None:
    url = fake_server.base_url.replace("http://", f"http://{userinfo}")
    result = run(capsys, "list", "--base-url", url, "--token", fake_server.token)
    assert result.code == 2
    assert "without a user name or password" in one_line(result.err)
    assert "hunter2" not in result.err + result.out
    assert len(fake_server.state.requests()) == 0
    # The same in the config file.
    write_profile(isolated_env, url, "1000.a")
    result = run(capsys, "list", "--profile", "work")
    assert result.code == 2
    assert "without a user name or password" in one_line(result.err)
    assert "hunter2" not in result.err + result.out
