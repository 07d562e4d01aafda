"""Figures 1, 2 and 8: process start to first painted queue (demo, and 5,000 from the cache),
and the peak RSS of the app holding 5,000 messages.

Every run spawns ``python -m cliq_tui`` on a pty of 160x48 with fresh XDG directories, and
times from the spawn to the moment a known queue row shows in what the app wrote.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.terminal import TerminalApp, app_command, clean_env
from cliq_tui.fake import FakeConfig
from cliq_tui.fake.state import FakeState

TOKEN = "bench-token"
# Long enough for a slow, shared machine; a run that takes this long has failed anyway.
PAINT_TIMEOUT = 20.0
NEEDLE_LENGTH = 18


@dataclass
class StartupResult:
    """Seconds from spawn to the first painted row, per run; peak RSS per run (MB)."""

    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _needles(texts: list[str]) -> list[str]:
    """Short, markup-free prefixes of row previews (a preview column is about 30 wide)."""
    found = []
    for text in texts:
        head = text.split("\n", 1)[0][:NEEDLE_LENGTH].rstrip()
        if len(head) >= 8 and "[" not in head:
            found.append(head)
    return found


def demo_needles() -> list[str]:
    """The previews of the demo queue's first due text messages (top rows of the queue)."""
    items = FakeState(FakeConfig(seed="demo")).messages()
    timed = sorted(
        (i for i in items if i.get("time") and i["message"].get("type") == "text"),
        key=lambda i: datetime.fromisoformat(i["time"]),
    )
    return _needles([i["message"]["content"]["text"] for i in timed[:3]])


def generated_needles() -> list[str]:
    """The generated queue's message texts differ only in topic: any of them marks a row."""
    return ["Reminder: ", "Please review the", "Can someone own", "Heads-up: ", "Quick nudge on"]


@dataclass
class Paint:
    """One spawn: seconds to the first row, whether it synced, peak RSS (MB), output tail."""

    seconds: float | None
    synced: bool
    rss_mb: float | None
    tail: str


def _paint(argv: list[str], env: dict[str, str], needles: list[str], *, settle: float) -> Paint:
    """Spawn, wait for a needle; with ``settle``, also wait for "synced" and ``settle`` more s."""
    with TerminalApp(argv, env) as app:
        seconds = app.wait_for(needles, PAINT_TIMEOUT)
        synced = False
        if seconds is not None and settle > 0:
            # The status bar says "synced ..." once the first incremental listing is applied.
            synced = app.wait_for(["synced "], PAINT_TIMEOUT) is not None
            app.drain(settle)
        return Paint(seconds, synced, app.peak_rss_mb(), app.output[-2000:])


def demo_cold(runs: int) -> StartupResult:
    """Figure 1: ``python -m cliq_tui --demo``, cold (fresh XDG dirs every run)."""
    result = StartupResult()
    needles = demo_needles()
    result.extra["needles"] = needles
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="cliq-bench-demo-") as home:
            env = clean_env(Path(home))
            paint = _paint(app_command("--demo"), env, needles, settle=0)
        if paint.seconds is None:
            result.failures.append(_tail_text(paint.tail))
        else:
            result.seconds.append(paint.seconds)
    return result


def _tail_text(tail: str) -> str:
    from benchmarks.terminal import plain_text

    return " ".join(plain_text(tail).split())[-300:]


@contextlib.contextmanager
def fake_server_process(
    env: dict[str, str], messages: int, chats: int
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``python -m cliq_tui.fake`` on a free loopback port; yields its URL; stops it after."""
    argv = [
        sys.executable,
        "-m",
        "cliq_tui.fake",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--messages",
        str(messages),
        "--chats",
        str(chats),
        "--include-chat-id",
        "--no-rate-limits",
    ]
    process = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        if match is None:
            raise RuntimeError(f"the fake server did not start: {line.strip()!r}")
        yield match.group(0), process
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout is not None:
            process.stdout.close()


def _control(url: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{url}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    # No proxy handler: the fake is on 127.0.0.1 and nothing else may be asked.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def warm_cache(env: dict[str, str], url: str) -> int:
    """Fill the app's cache for this server (:mod:`benchmarks.warm`); the message count."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.warm", "--base-url", url, "--token", TOKEN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"warming the cache failed: {done.stderr.strip()[-300:]}")
    return int(done.stdout.strip().splitlines()[-1])


def from_cache(runs: int, messages: int, chats: int, settle: float) -> StartupResult:
    """Figures 2 and 8: the app on a server of ``messages``, painting from a warm cache.

    The fake runs as its own process; the cache is warmed once, then the server's rate limits
    are switched on and the app is spawned ``runs`` times (each run's own writes keep the cache
    warm). Peak RSS is read once the status bar says "synced", ``settle`` seconds later.
    """
    result = StartupResult()
    with tempfile.TemporaryDirectory(prefix="cliq-bench-cache-") as home:
        env = clean_env(Path(home))
        with fake_server_process(env, messages, chats) as (url, _server):
            started = time.perf_counter()
            result.extra["cached_messages"] = warm_cache(env, url)
            result.extra["warm_seconds"] = round(time.perf_counter() - started, 2)
            _control(url, "/_fake/rate-limits", {"enabled": True})
            argv = app_command("--base-url", url, "--token", TOKEN)
            synced = 0
            for _ in range(runs):
                paint = _paint(argv, env, generated_needles(), settle=settle)
                if paint.seconds is None:
                    result.failures.append(_tail_text(paint.tail))
                    continue
                result.seconds.append(paint.seconds)
                synced += paint.synced
                if paint.rss_mb is not None:
                    result.rss_mb.append(paint.rss_mb)
            result.extra["synced_runs"] = synced
    return result
