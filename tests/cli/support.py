"""Running ``cliq-tui`` in-process against a fake server."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pytest

from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.cli import main
from cliq_tui.config import load_settings
from cliq_tui.fake import FakeServer


@dataclass
class Run:
    """One run of the command: exit code and what it printed."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Standard output as JSON."""
        return json.loads(self.out)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """``cliq-tui ARGV`` with captured output."""
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def stats_after(server: FakeServer, sent: int) -> dict[str, Any]:
    """The fake's stats once it has counted ``sent`` requests (it counts after responding)."""
    deadline = time.monotonic() + 15.0  # only a failing test waits this long
    stats = server.state.stats()
    while stats["total"]["requests"] < sent and time.monotonic() < deadline:
        time.sleep(0.005)
        stats = server.state.stats()
    return stats


def requests_sent_by_the_cli(server: FakeServer) -> int:
    """What the CLI's saved rate budget says it sent to ``server`` in the last minute."""
    profile = load_settings(base_url=server.base_url, access_token=server.token).profile()
    assert profile is not None
    budgets = shared_budgets(profile.budget_path())
    try:
        return len(budgets.backend.read().sent)
    finally:
        budgets.close()


def on(server: FakeServer) -> list[str]:
    """The options that point the CLI at ``server``."""
    return ["--base-url", server.base_url, "--token", server.token]


def a_message(server: FakeServer, **match: Any) -> dict[str, Any]:
    """The first pending message (with chat_id) whose top-level fields match."""
    for m in server.state.messages():
        if all(m.get(k) == v for k, v in match.items()):
            return m
    raise AssertionError(f"no message with {match}")
