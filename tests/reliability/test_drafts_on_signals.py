"""SIGHUP (the terminal closed), SIGTERM and SIGINT to a running dashboard: the text just typed in a
dialog is kept as a draft, and the app ends like a quit (drafts first, exit code 128 + signal)
instead of being killed mid-write.

The dashboard runs as a real process in a pseudo-terminal against a fake server; every wait is
for something it shows (bounded, so a hang fails instead of blocking).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cliq_tui.fake import FakeConfig, FakeServer

TYPED = "Kept through the hangup"
WAIT_SECONDS = 60.0


class Terminal:
    """A pseudo-terminal running ``cliq-tui``; collects everything it draws."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
        self.master = master
        self.output = bytearray()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cliq_tui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: str) -> None:
        """Until ``text`` has been drawn (or the process ended, or a minute passed)."""
        wanted = text.encode()
        deadline = time.monotonic() + WAIT_SECONDS
        while wanted not in self.output:
            if self.process.poll() is not None:
                raise AssertionError(f"the app ended ({self.process.returncode}) before {text!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up waiting for {text!r} on the screen")
            time.sleep(0.02)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def hang_up(self) -> None:
        """The terminal goes away (a closed window, ``tmux kill-session``)."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.hang_up()
        self._reader.join(timeout=5)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    server = FakeServer(FakeConfig(seed="demo", include_chat_id=True)).start()
    yield server
    server.stop()


def _app_in_a_terminal(tmp_path: Path, server: FakeServer) -> Terminal:
    """The app on ``server`` in a terminal, its config, cache and data folders in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIQ_")}
    env.update(
        TERM="xterm-256color",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        CLIQ_TUI_CONFIG=str(tmp_path / "config" / "none.toml"),
    )
    return Terminal(["--base-url", server.base_url, "--token", server.token], env)


def _type_a_draft(terminal: Terminal) -> None:
    """Open the new-message dialog and type ``TYPED``, until it is drawn."""
    terminal.wait_for("synced")
    terminal.type("n")
    terminal.wait_for("New scheduled message")
    terminal.type(TYPED)
    terminal.wait_for(TYPED[:-1])


def _drafts(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "data" / "cliq-tui" / "drafts").glob("create*.json"))


@pytest.mark.parametrize(
    "signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT], ids=["SIGHUP", "SIGTERM", "SIGINT"]
)
def test_a_signal_right_after_typing_keeps_the_draft_and_ends_cleanly(
    tmp_path: Path, server: FakeServer, signum: int
) -> None:
    terminal = _app_in_a_terminal(tmp_path, server)
    try:
        _type_a_draft(terminal)  # drawn, so the app has it: now the signal, at once
        os.kill(terminal.process.pid, signum)
        code = terminal.process.wait(timeout=WAIT_SECONDS)
    finally:
        terminal.close()

    assert code == 128 + signum  # ended by the app itself, not killed by the signal
    drafts = _drafts(tmp_path)
    assert len(drafts) == 1
    assert json.loads(drafts[0].read_text())["fields"]["text"] == TYPED


def test_the_process_ends_when_the_terminal_is_gone_before_the_hangup(
    tmp_path: Path, server: FakeServer
) -> None:
    """As ``tmux kill-session`` does it: SIGHUP and the terminal closes. The app's own exit
    can then hang on output nobody reads; the process must end anyway, the draft kept."""
    terminal = _app_in_a_terminal(tmp_path, server)
    try:
        _type_a_draft(terminal)
        os.kill(terminal.process.pid, signal.SIGHUP)
        terminal.hang_up()
        code = terminal.process.wait(timeout=WAIT_SECONDS)
    finally:
        terminal.close()

    assert code == 128 + signal.SIGHUP
    drafts = _drafts(tmp_path)
    assert len(drafts) == 1
    assert json.loads(drafts[0].read_text())["fields"]["text"] == TYPED
