"""Running ``cliq-tui`` against a fake server: in-process (captured) or as its own process,
in an environment no user setting leaks into."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.cli.main import main
from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import load_settings

from .servers import REFRESH


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


def requests_sent_by_the_cli(server: FakeServer) -> int:
    """What the CLI's saved rate budget says it sent to ``server`` in the last minute."""
    profile = load_settings(base_url=server.base_url, access_token=server.token).profile()
    assert profile is not None
    budgets = shared_budgets(profile.budget_path())
    try:
        return len(budgets.backend.read().sent)
    finally:
        budgets.close()


def isolate_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user config, cache, data or CLIQ_* variable leaks in; returns the config file path."""
    for name in list(os.environ):
        if name.startswith("CLIQ_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    config = tmp_path / "config" / "cliq-tui" / "config.toml"
    monkeypatch.setenv("CLIQ_TUI_CONFIG", str(config))
    return config


def on(server: FakeServer) -> list[str]:
    """The options that point the CLI at ``server``."""
    return ["--base-url", server.base_url, "--token", server.token]


def checks(result: Run) -> dict[str, dict[str, Any]]:
    """``doctor --json``'s checks by name."""
    return {c["name"]: c for c in result.json()["checks"]}


def write_profile(config: Path, base_url: str, access_token: str) -> None:
    """A config file whose ``work`` profile has ``base_url`` and ``access_token``."""
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[profiles.work]\nbase_url = "{base_url}"\naccess_token = "{access_token}"\n'
    )


# --- a terminal that answers ------------------------------------------------------------------


class _Terminal:
    """A stdin that is a terminal."""

    def isatty(self) -> bool:
        return True


def on_a_terminal(monkeypatch: pytest.MonkeyPatch, answer: Callable[[str], str]) -> None:
    """Standard input is a terminal, and each question (``input``) is answered by ``answer``."""
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", answer)


# --- OAuth on the fake's accounts server -----------------------------------------------------


def oauth_env(server: FakeServer) -> dict[str, str]:
    """The environment that configures the CLI for OAuth on ``server``."""
    return {
        "CLIQ_BASE_URL": server.base_url,
        "CLIQ_ACCOUNTS_URL": server.base_url,
        "CLIQ_CLIENT_ID": "demo-client",
        "CLIQ_CLIENT_SECRET": "demo-secret",
        "CLIQ_REFRESH_TOKEN": "demo-refresh",
    }


def use_up_the_tokens(server: FakeServer, status: int) -> None:
    """Another machine takes the ten access tokens Zoho allows per ten minutes; the next token
    request is answered with HTTP ``status``."""
    server.state.set_oauth(token_limit_status=status)
    for _ in range(10):
        httpx.post(server.base_url + "/oauth/v2/token", data=REFRESH)


def login_options(server: FakeServer, code: str = "demo-grant", *, check: bool = True) -> list[str]:
    """The ``auth login`` options for ``server``'s client and grant ``code``."""
    options = [
        "--base-url",
        server.base_url,
        "--accounts-url",
        server.base_url,
        "--client-id",
        server.config.client_id,
        "--client-secret",
        server.config.client_secret,
        "--grant-code",
        code,
    ]
    return options if check else [*options, "--no-check"]


def auth_login(
    capsys: pytest.CaptureFixture[str],
    server: FakeServer,
    *extra: str,
    code: str = "demo-grant",
    profile: str | None = "work",
) -> Run:
    """``cliq-tui auth login [--profile PROFILE] ... EXTRA`` against ``server``."""
    chosen = [] if profile is None else ["--profile", profile]
    return run(capsys, "auth", "login", *chosen, *login_options(server, code), *extra)


def login_into(
    capsys: pytest.CaptureFixture[str], server: FakeServer, target: Path, code: str
) -> Run:
    """``auth login --credentials-file TARGET`` with grant ``code`` and no test request."""
    options = login_options(server, code, check=False)
    return run(capsys, "auth", "login", "--credentials-file", str(target), *options)


def one_line(err: str) -> str:
    """The only line of ``err``, which is neither "internal error" nor "offline"."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "internal error" not in lines[0] and "offline" not in lines[0], lines[0]
    return lines[0]


# --- the CLI as its own process --------------------------------------------------------------


def cli_in_a_process(
    *argv: str,
    env: dict[str, str] | None = None,
    stdout: Any = subprocess.PIPE,
    stdin: Any = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m cliq_tui ARGV`` as its own process (in this test's environment by default)."""
    return subprocess.run(
        [sys.executable, "-m", "cliq_tui", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=stdin,
        text=True,
        env=dict(os.environ) if env is None else env,
        timeout=timeout,  # only a failing (blocked) run waits this long
        check=False,
    )


def env_without_config(tmp_path: Path) -> dict[str, str]:
    """This environment without CLIQ_* variables and with a config file that does not exist."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIQ_")}
    env["CLIQ_TUI_CONFIG"] = str(tmp_path / "none.toml")
    return env


def on_a_full_disk(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``cliq-tui ARGV`` in its own process with its standard output on /dev/full."""
    with open("/dev/full", "w") as full:
        return cli_in_a_process(*argv, env=env_without_config(tmp_path), stdout=full, timeout=60)


def as_a_terminal_starts_it() -> None:
    """``preexec_fn`` for a child that is stopped with Ctrl-C (SIGINT) in a test.

    A job started in the background by a shell without job control (a CI script's ``&``)
    inherits SIGINT ignored, and Python keeps it ignored: Ctrl-C comes from a terminal, where
    SIGINT is delivered, so the child starts with the default action as it would there."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
