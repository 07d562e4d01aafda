"""Property tests of what users type on the command line (times, zones, triggers, texts): a
usage error (exit 2) or an attempt to reach Cliq; never a traceback."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cliq_tui.cli.main import main

WORDS = ["tomorrow", "9am", "+2h", "17:30", "2026-06-01T09:00", "monday", "in", "1d", "x", ""]
whens = st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join) | st.text(max_size=20)
zones = st.sampled_from(
    ["Asia/Kolkata", "europe/london", "Mars/Olympus", "", " ", "UTC"]
) | st.text(max_size=15)
texts = st.text(max_size=30) | st.sampled_from(["x" * 4097, "   ", ""])
triggers = st.sampled_from(["check_in", "check_out", "user_available", "call_end", "nap"])


@pytest.fixture(scope="module")
def nowhere() -> str:
    """A loopback URL nothing listens on: a request gets 'connection refused' at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """No user config or cache; module scoped so hypothesis examples share it."""
    root = tmp_path_factory.mktemp("cli-props")
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith("CLIQ_"):
            del os.environ[name]
    os.environ.update(
        {
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_CACHE_HOME": str(root / "cache"),
            "XDG_DATA_HOME": str(root / "data"),
            "CLIQ_TUI_CONFIG": str(root / "config" / "config.toml"),
        }
    )
    yield root
    os.environ.clear()
    os.environ.update(saved)


def check_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (1, 2), (argv, code, out, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines
    if code == 2 and not lines[0].startswith("usage:"):
        assert all(line.startswith("cliq-tui: error: ") for line in lines), err
    if code == 1:
        # It got as far as trying to reach Cliq: the input was valid.
        assert "Could not connect to Cliq" in err, err


slow_ok = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@slow_ok
@given(text=texts, when=whens, zone=zones | st.none())
@example(text="hi", when="+2h", zone="Asia/Kolkata")
@example(text="x" * 4097, when="+2h", zone=None)
def test_create_with_any_text_time_and_zone_is_refused_or_sent(
    nowhere: str,
    isolated: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    when: str,
    zone: str | None,
) -> None:
    argv = ["create", "CT_1", "--text", text, "--time", when, "--base-url", nowhere, "--token", "t"]
    if zone is not None:
        argv += ["--timezone", zone]
    check_run(argv, capsys)


@slow_ok
@given(when=whens, zone=zones | st.none(), status=triggers | st.none(), text=texts | st.none())
def test_edit_with_any_values_is_refused_or_sent(
    nowhere: str,
    isolated: Path,
    capsys: pytest.CaptureFixture[str],
    when: str,
    zone: str | None,
    status: str | None,
    text: str | None,
) -> None:
    argv = ["edit", "CT_1", "m1", "--base-url", nowhere, "--token", "t", "--time", when]
    for option, value in (("--timezone", zone), ("--status", status), ("--text", text)):
        if value is not None:
            argv += [option, value]
    check_run(argv, capsys)


@slow_ok
@given(old=whens, new=whens, zone=zones | st.none())
def test_reschedule_with_any_times_is_refused_or_sent(
    nowhere: str,
    isolated: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    zone: str | None,
) -> None:
    argv = ["reschedule", "CT_1", "--from-time", old, "--to-time", new]
    argv += ["--base-url", nowhere, "--token", "t"]
    if zone is not None:
        argv += ["--timezone", zone]
    check_run(argv, capsys)
