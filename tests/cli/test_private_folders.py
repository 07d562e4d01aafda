"""Every folder the app creates under the cache, config and data folders is 0700, whichever
command runs first: ``mkdir(parents=True, mode=0o700)`` leaves the parents at the umask's 0755."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cliq_tui.base.files import make_private_dir
from cliq_tui.fake import FakeServer
from tests.support.cli import on, run
from tests.support.servers import a_message

Capsys = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def open_folders(root: Path) -> list[str]:
    return [
        f"{folder} {stat.S_IMODE(folder.stat().st_mode):04o}"
        for folder in [root, *root.rglob("*")]
        if folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) & 0o077
    ]


@pytest.mark.parametrize("command", ["list --chat", "doctor", "list"])
def test_the_first_command_creates_only_private_folders(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path, command: str
) -> None:
    argv = command.split()
    if argv[-1] == "--chat":
        argv.append(a_message(fake_server)["chat_id"])
    run(capsys, *argv, *on(fake_server))
    made = [tmp_path / name for name in ("cache", "config", "data") if (tmp_path / name).exists()]
    assert made  # the command did create something to check
    for root in made:
        assert open_folders(root) == []


def test_make_private_dir_makes_every_missing_folder_0700(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    created = make_private_dir(target)
    assert created == [tmp_path / "a", tmp_path / "a" / "b", target]
    assert open_folders(tmp_path / "a") == []
    assert make_private_dir(target) == []  # already there: nothing made, nothing changed
