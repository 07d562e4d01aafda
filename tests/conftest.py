"""Fixtures shared by every test folder; the helpers behind them live in :mod:`tests.support`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.fake.realities import NAMES as REALITY_NAMES
from cliq_tui.fake.realities import reality_config
from tests.support.clock import START_MS
from tests.support.servers import manual_config, started_servers

# --- fake servers ----------------------------------------------------------------------------


@pytest.fixture
def fake_config() -> FakeConfig:
    """The config ``fake_server`` starts from; override or parametrize it to change the server."""
    return manual_config()


@pytest.fixture(params=REALITY_NAMES)
def reality(request: pytest.FixtureRequest) -> str:
    """Each named reality of the fake in turn (cliq_tui/fake/realities.py).

    A test (or module) runs in every reality by asking for ``reality_fake_config`` as its
    ``fake_config``; only tests where the reality matters should.
    """
    return str(request.param)


@pytest.fixture
def reality_fake_config(reality: str) -> FakeConfig:
    """The demo, manual-clock config in each reality in turn."""
    return reality_config(reality, seed="demo", clock="manual", start_time_ms=START_MS)


@pytest.fixture
def fake_server(fake_config: FakeConfig) -> Iterator[FakeServer]:
    """A started fake Cliq server on 127.0.0.1 (manual clock, demo data), stopped afterwards."""
    server = FakeServer(fake_config).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_server() -> Iterator[Callable[..., FakeServer]]:
    """Start fake servers on the manual clock (demo data) with config overrides; stop them all."""
    with started_servers() as make:
        yield make


# --- the API spec ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spec_dir() -> Path:
    """The directory holding the OpenAPI spec files (env CLIQ_SPEC_DIR, else ../shared/spec).

    Skips when the files are absent, except in CI (env CI=true), where that is a failure.
    """
    default = Path(__file__).resolve().parents[1].parent / "shared" / "spec"
    path = Path(os.environ.get("CLIQ_SPEC_DIR", default))
    if not (path / "scheduledmessages.openapi.yml").is_file():
        reason = f"spec files not found in {path} (set CLIQ_SPEC_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


# --- the system keychain (owned by the credentials work, issue 14) -----------------------------


@pytest.fixture(autouse=True)
def no_system_keychain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the machine's real keychain: keyring's fail backend, as on a
    machine without one, in this process and in the CLI processes tests start. A test that
    wants a keychain sets its own backend (tests/cli/test_keychain.py)."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)
