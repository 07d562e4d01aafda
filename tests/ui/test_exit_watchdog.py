"""After a signal the process ends even when the app's exit hangs: the watchdog writes the
drafts once more and ends the process with 128 + the signal number."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator

import pytest

from cliq_tui.ui import exit_watchdog


@pytest.fixture(autouse=True)
def fresh_watchdog() -> Iterator[None]:
    exit_watchdog.disarm_for_tests()
    yield
    exit_watchdog.disarm_for_tests()


def test_a_hung_exit_ends_the_process_after_writing_the_drafts() -> None:
    events: list[str] = []
    ended = threading.Event()
    codes: list[int] = []

    def end(code: int) -> None:
        events.append("end")
        codes.append(code)
        ended.set()

    thread = exit_watchdog.arm(signal.SIGHUP, lambda: events.append("flush"), grace=0.0, end=end)
    assert thread is not None
    assert ended.wait(30)  # only a failing test waits this long
    assert codes == [128 + signal.SIGHUP]
    assert events == ["flush", "end"]


def test_a_flush_that_hangs_or_fails_does_not_keep_the_process_alive() -> None:
    ended = threading.Event()
    codes: list[int] = []
    stuck = threading.Event()

    def end(code: int) -> None:
        codes.append(code)
        ended.set()

    exit_watchdog.arm(signal.SIGTERM, lambda: stuck.wait(), grace=0.0, end=end)
    assert ended.wait(30)
    assert codes == [128 + signal.SIGTERM]
    stuck.set()

    exit_watchdog.disarm_for_tests()
    ended.clear()

    def boom() -> None:
        raise RuntimeError("disk gone")

    exit_watchdog.arm(signal.SIGTERM, boom, grace=0.0, end=end)
    assert ended.wait(30)
    assert codes == [128 + signal.SIGTERM] * 2


def test_a_second_signal_arms_no_second_watchdog() -> None:
    never = threading.Event()
    first = exit_watchdog.arm(signal.SIGHUP, lambda: None, grace=3600.0, end=lambda c: None)
    assert first is not None and first.daemon  # never keeps the interpreter alive itself
    assert exit_watchdog.arm(signal.SIGTERM, lambda: None, grace=0.0, end=never.set) is None
    assert not never.is_set()
