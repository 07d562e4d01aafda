"""Fixtures for the CLI tests: an isolated environment and a real-clock fake server."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliq_tui.fake import FakeConfig, FakeServer

from .support import oauth_env


@pytest.fixture
def fake_config() -> FakeConfig:
    """The CLI reads the wall clock, so its fake server does too."""
    return FakeConfig(seed="demo")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user config, cache or CLIQ_* variable leaks in; returns the config file path."""
    for name in list(__import__("os").environ):
        if name.startswith("CLIQ_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    config = tmp_path / "config" / "cliq-tui" / "config.toml"
    monkeypatch.setenv("CLIQ_TUI_CONFIG", str(config))
    return config


@pytest.fixture
def signed_in(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    """The CLI configured for OAuth on ``fake_server`` through the environment (no access token
    cached yet)."""
    for name, value in oauth_env(fake_server).items():
        monkeypatch.setenv(name, value)
    return fake_server
