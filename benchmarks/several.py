"""Figure 10: several processes on one account never trip a lock (real processes, real time).

Two dashboards (:mod:`benchmarks.headless`: the dashboard's sync engine and shared budget,
without a screen) poll one fake server with its documented rate limits on, while command-line
runs (``cliq-tui list --chat C`` and ``cliq-tui list``) follow each other back to back from two
workers; halfway through, one dashboard is killed (SIGKILL, as a crash) and started again. Every
process counts in the account's one shared budget. The fake's own limiter judges: a request over
an endpoint's limit in any 60 s window would be throttled. From the fake's request log the
figure also reports the most requests each endpoint saw in any 60 s window.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.startup import TOKEN
from benchmarks.terminal import app_command, clean_env
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.fake.ratelimit import LIMITS

WINDOW_MS = 60_000
# A process that takes this long to finish has hung; it is killed and counted as failed.
PROCESS_TIMEOUT = 120.0


@dataclass
class SeveralResult:
    """What the fake saw while several processes shared one account."""

    seconds: float
    throttled: int
    requests: dict[str, int]
    peaks: dict[str, int]
    limits: dict[str, int]
    cli: dict[str, int] = field(default_factory=dict)
    cli_failures: list[str] = field(default_factory=list)
    dashboards: list[dict[str, Any]] = field(default_factory=list)

    def worst_share(self) -> float:
        """The highest peak as a share of its endpoint's limit (1.0: exactly at the limit)."""
        return max((self.peaks[e] / self.limits[e] for e in self.peaks), default=0.0)


def peak_per_window(times_ms: Sequence[int], window_ms: int = WINDOW_MS) -> int:
    """The most of ``times_ms`` that fall in any window of ``window_ms`` (as the fake counts:
    a request ``window_ms`` older than another no longer counts beside it)."""
    ordered = sorted(times_ms)
    peak = start = 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - window_ms:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def peaks_by_endpoint(requests: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Per endpoint, the most requests the server received in any 60 s window."""
    by_endpoint: dict[str, list[int]] = {}
    for r in requests:
        if r.get("endpoint") in LIMITS:
            by_endpoint.setdefault(r["endpoint"], []).append(int(r["at_ms"]))
    return {name: peak_per_window(times) for name, times in sorted(by_endpoint.items())}


class _Dashboard:
    """One headless dashboard process."""

    def __init__(self, env: dict[str, str], url: str, token: str, seconds: float) -> None:
        argv = [sys.executable, "-m", "benchmarks.headless"]
        argv += ["--base-url", url, "--token", token, "--seconds", f"{seconds:.1f}"]
        self.process = subprocess.Popen(
            argv,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def kill(self) -> dict[str, Any]:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.communicate(timeout=PROCESS_TIMEOUT)
        return {"killed": True}

    def finish(self) -> dict[str, Any]:
        try:
            out, err = self.process.communicate(timeout=PROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            return self.kill() | {"hung": True}
        lines = out.strip().splitlines()
        try:
            return dict(json.loads(lines[-1])) | {"exit": self.process.returncode}
        except (IndexError, ValueError):
            return {"exit": self.process.returncode, "stderr": err.strip()[-300:]}


class _CliLoop(threading.Thread):
    """Command-line runs one after another until the deadline, tallied by outcome."""

    def __init__(self, env: dict[str, str], runs: list[list[str]], deadline: float) -> None:
        super().__init__(daemon=True)
        self.env = env
        self.runs = runs
        self.deadline = deadline
        self.tally: dict[str, int] = {}
        self.failures: list[str] = []

    def run(self) -> None:
        turn = 0
        while time.monotonic() < self.deadline:
            argv = self.runs[turn % len(self.runs)]
            turn += 1
            try:
                done = subprocess.run(
                    app_command(*argv),
                    env=self.env,
                    capture_output=True,
                    text=True,
                    timeout=PROCESS_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                self._count("hung")
                continue
            if done.returncode == 0:
                self._count("ok")
            elif "not sent: client-side rate budget" in done.stderr:
                self._count("held back by the budget")
            elif "not sent: lock from an earlier throttle" in done.stderr:
                self._count("refused for a lock")
            else:
                self._count("failed")
                self.failures.append(done.stderr.strip()[-200:])

    def _count(self, outcome: str) -> None:
        self.tally[outcome] = self.tally.get(outcome, 0) + 1


def several_processes(
    seconds: float, *, dashboards: int = 2, cli_workers: int = 2
) -> SeveralResult:
    """Run the processes for ``seconds`` of real time against one rate-limited fake."""
    server = FakeServer(FakeConfig(seed="demo", token=TOKEN)).start()
    try:
        with tempfile.TemporaryDirectory(prefix="cliq-bench-several-") as home:
            env = clean_env(Path(home))
            url, token = server.base_url, server.token
            chat_id = server.state.messages()[0]["chat_id"]
            account = ["--base-url", url, "--token", token]
            runs = [["list", "--chat", chat_id, "--json", *account], ["list", "--json", *account]]
            started = time.monotonic()
            deadline = started + seconds
            watchers = [_Dashboard(env, url, token, seconds) for _ in range(dashboards)]
            loops = [_CliLoop(env, runs, deadline) for _ in range(cli_workers)]
            for loop in loops:
                loop.start()
            time.sleep(seconds / 2)
            ends = [watchers[0].kill()]
            watchers[0] = _Dashboard(env, url, token, max(1.0, deadline - time.monotonic()))
            ends += [w.finish() for w in watchers]
            for loop in loops:
                loop.join(PROCESS_TIMEOUT)
            elapsed = time.monotonic() - started
        stats = server.state.stats()
        tally: dict[str, int] = {}
        for loop in loops:
            for outcome, n in loop.tally.items():
                tally[outcome] = tally.get(outcome, 0) + n
        peaks = peaks_by_endpoint(server.state.requests())
        return SeveralResult(
            seconds=elapsed,
            throttled=int(stats["total"]["throttled"]),
            requests={k: int(v["requests"]) for k, v in sorted(stats["endpoints"].items())},
            peaks=peaks,
            limits={name: LIMITS[name].per_minute for name in peaks},
            cli=tally,
            cli_failures=[f for loop in loops for f in loop.failures][:5],
            dashboards=ends,
        )
    finally:
        server.stop()
