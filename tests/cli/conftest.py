"""Fixtures for the CLI tests: an isolated environment and a real-clock fake server."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.cli import isolate_environment, oauth_env


@pytest.fixture
def fake_config() -> FakeConfig:
    """The CLI reads the wall clock, so its fake server does too."""
    return FakeConfig(seed="demo")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user config, cache or CLIQ_* variable leaks in; returns the config file path."""
    return isolate_environment(tmp_path, monkeypatch)


@pytest.fixture
def signed_in(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    """The CLI configured for OAuth on ``fake_server`` through the environment (no access token
    cached yet)."""
    for name, value in oauth_env(fake_server).items():
        monkeypatch.setenv(name, value)
    return fake_server
