"""The process ends after a signal, whatever else is stuck.

A signal (the terminal went away, a kill) ends the app through its normal exit: drafts written,
terminal given back. That path can hang: with the terminal gone, Textual's shutdown may wait for
ever on its output thread, and a thread that never ends (a server, a worker) keeps the
interpreter alive. The process then lingers, orphaned, holding its files. So a signal also arms
this watchdog: if the process still runs some seconds later, the drafts are written once more
(in a helper thread, given a second) and the process ends with 128 + the signal number.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable

__all__ = ["GRACE_SECONDS", "arm"]

log = logging.getLogger(__name__)

#: How long the normal exit gets before the process is ended anyway.
GRACE_SECONDS = 5.0
#: How long the last flush of the drafts gets (it may wait on the stuck thread).
FLUSH_SECONDS = 1.0

_armed = threading.Lock()


def arm(
    signum: int,
    flush: Callable[[], None],
    *,
    grace: float = GRACE_SECONDS,
    end: Callable[[int], object] = os._exit,
) -> threading.Thread | None:
    """End the process with ``128 + signum`` unless it ends by itself within ``grace`` seconds.

    Armed once per process (a second signal changes nothing); returns the watchdog thread, or
    None when one is armed already. ``end`` is replaceable for tests."""
    if not _armed.acquire(blocking=False):
        return None

    def watch() -> None:
        threading.Event().wait(grace)
        log.warning("still running %.0f s after signal %s: ending now", grace, signum)
        helper = threading.Thread(target=_flush_quietly, args=(flush,), daemon=True)
        helper.start()
        helper.join(FLUSH_SECONDS)
        end(128 + signum)

    thread = threading.Thread(target=watch, name="exit-watchdog", daemon=True)
    thread.start()
    return thread


def _flush_quietly(flush: Callable[[], None]) -> None:
    try:
        flush()
    except BaseException:  # the process ends next: nothing here may stop that
        log.warning("could not write the drafts before ending", exc_info=True)


def disarm_for_tests() -> None:
    """Allow the next :func:`arm` (tests only: a real process is armed once)."""
    if _armed.locked():
        _armed.release()


def handle_signals(callback: Callable[[int], None]) -> list[int]:
    """Call ``callback(number)`` on SIGHUP, SIGTERM and SIGINT in the running loop; the
    signals this platform let it handle."""
    loop = asyncio.get_running_loop()
    handled: list[int] = []
    for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(number, callback, number)
        except (NotImplementedError, RuntimeError, ValueError):  # not on this platform
            continue
        handled.append(number)
    return handled


def release_signals(handled: list[int]) -> None:
    """Give back the signals :func:`handle_signals` took (the list is emptied)."""
    loop = asyncio.get_running_loop()
    for number in handled:
        loop.remove_signal_handler(number)
    handled.clear()
