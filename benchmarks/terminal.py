"""Run the dashboard in a pseudo-terminal and watch what it paints.

The app is a real child process on a real pty (fixed size, ``TERM=xterm-256color``), so start-up
costs are measured as a user feels them: interpreter, imports, first frame. Textual writes escape
sequences; the stream is decoded and stripped of them before it is searched for a known row.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

COLUMNS = 160
ROWS = 48
# The checkout the benchmark runs from (it sits beside the ``cliq_tui`` package).
CHECKOUT = Path(__file__).resolve().parent.parent

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-byte escapes (ESC x).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[ -/]*[0-~]"
)


def plain_text(stream: str) -> str:
    """The characters a terminal would show, without escape sequences (positions are lost)."""
    return _ESCAPES.sub("", stream)


def clean_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment with fresh XDG directories under ``home`` and no cliq-tui settings.

    Nothing from the user's own configuration, cache or Textual settings leaks in, so a run is
    cold and reproducible.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLIQ_", "TEXTUAL", "XDG_"))
        and key not in ("COLUMNS", "LINES")
        # Only 127.0.0.1 is ever reached: no proxy may stand in between.
        and not key.lower().endswith("_proxy")
    }
    for name in ("cache", "config", "data", "state"):
        path = home / name
        path.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name.upper()}_HOME"] = str(path)
    # Temporary files the app makes (the demo's drafts) go under ``home`` too, and go with it.
    tmp = home / "tmp"
    tmp.mkdir(exist_ok=True)
    env["TMPDIR"] = str(tmp)
    # The benchmark is not installed with the app: its own helper processes
    # (``python -m benchmarks.warm``, ``.headless``) find it from the checkout.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH", "")]))
    env["TERM"] = "xterm-256color"
    env["COLORTERM"] = "truecolor"
    env.pop("NO_COLOR", None)
    if extra:
        env.update(extra)
    return env


@dataclass
class PaintResult:
    """When the needle first appeared (seconds from spawn) and the peak RSS seen (MB)."""

    seconds: float | None
    peak_rss_mb: float | None
    tail: str


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size (VmHWM) in MB, or None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


class TerminalApp:
    """The dashboard as a child process on a pty of :data:`COLUMNS` x :data:`ROWS`."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str]) -> None:
        self.argv = list(argv)
        self.env = dict(env)
        self.process: subprocess.Popen[bytes] | None = None
        self._master: int | None = None
        # Incremental: a multi-byte character split across reads is kept for the next one.
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.output = ""
        self.started_at = 0.0

    def start(self) -> None:
        """Spawn the app on a fresh pty; the clock starts just before the spawn."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self._master = master
        self.started_at = time.perf_counter()
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self.env,
                close_fds=True,
                start_new_session=True,
            )
        finally:
            os.close(slave)

    def _read(self, timeout: float) -> bool:
        """Read what the app wrote within ``timeout``; False when the pty closed."""
        assert self._master is not None
        ready, _, _ = select.select([self._master], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self._master, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.output += self._decoder.decode(chunk)
        return True

    def wait_for(self, needles: Sequence[str], timeout: float) -> float | None:
        """Seconds from spawn until any needle shows in the plain text; None on timeout."""
        deadline = self.started_at + timeout
        searched = 0
        while True:
            now = time.perf_counter()
            # Search only what is new (plus an overlap for a needle split across reads).
            window = plain_text(self.output[max(0, searched - 4096) :])
            if any(needle in window for needle in needles):
                return now - self.started_at
            searched = len(self.output)
            if now >= deadline or not self._read(min(0.05, deadline - now)):
                if self.process is not None and self.process.poll() is not None:
                    return None
                if now >= deadline:
                    return None

    def drain(self, seconds: float) -> None:
        """Keep reading (the app blocks if its pty is never read) for ``seconds``."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0 and self._read(min(0.05, left)):
            pass

    def peak_rss_mb(self) -> float | None:
        """The app's VmHWM in MB."""
        return peak_rss_mb(self.process.pid) if self.process is not None else None

    def stop(self) -> None:
        """Quit the app (Ctrl+Q), then terminate and kill its process group if it lingers."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                assert self._master is not None
                os.write(self._master, b"\x11")
            end = time.perf_counter() + 2.0
            while process.poll() is None and time.perf_counter() < end:
                self.drain(0.05)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if process.poll() is not None:
                    break
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(2.0)
        if self._master is not None:
            with contextlib.suppress(OSError):
                os.close(self._master)
            self._master = None

    def __enter__(self) -> TerminalApp:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def app_command(*args: str) -> list[str]:
    """``python -m cliq_tui ARGS`` with this interpreter."""
    return [sys.executable, "-m", "cliq_tui", *args]
