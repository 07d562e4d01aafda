"""Running ``cliq-tui`` in-process against a fake server."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from cliq_tui.cli import main
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


def on(server: FakeServer) -> list[str]:
    """The options that point the CLI at ``server``."""
    return ["--base-url", server.base_url, "--token", server.token]


def a_message(server: FakeServer, **match: Any) -> dict[str, Any]:
    """The first pending message (with chat_id) whose top-level fields match."""
    for m in server.state.messages():
        if all(m.get(k) == v for k, v in match.items()):
            return m
    raise AssertionError(f"no message with {match}")
