"""``cliq-tui watch [--json] [--chat C]``: a live stream of what happens to the queue.

One line per event (created, edited, rescheduled, deleted, delivered; see
:mod:`cliq_tui.sync.events`): a JSON object per line with ``--json``, a readable line without.
The watch is one more window on the account: it shares the account's rate budget and queue
cache with every dashboard, follows a dashboard that polls (spending no list budget) and polls
itself when none does. It remembers what it reported beside the cache
(:mod:`cliq_tui.sync.watch_memory`): a restart continues from the cached sync token and reports
what happened meanwhile once, never what it already reported. A change another window of this
app made (it logged the action in the activity log) is reported as this app's. Ctrl-C ends it
(exit 130).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from cliq_tui.base.textsafe import dumps_json, visible
from cliq_tui.cli.common import NO_ACCOUNT, PROG, UsageError
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.history import attribute
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.storage.config import Profile, load_settings
from cliq_tui.sync.cache import cache_path
from cliq_tui.sync.events import EventTracker, QueueEvent
from cliq_tui.sync.types import Delta, SyncState, SyncStatus
from cliq_tui.sync.watch_memory import WatchMemory, watch_memory_path

if TYPE_CHECKING:
    from cliq_tui.sync.engine import SyncEngine

__all__ = ["EventStream", "run", "watch"]

# States worth one line on stderr: the stream is quiet, so a script's user learns why.
_TROUBLE = (SyncStatus.OFFLINE, SyncStatus.LOCKED, SyncStatus.ERROR)


class EventStream:
    """Writes the engine's events to ``write`` (one line each) and keeps the watch's memory.

    ``chat`` keeps only events of one chat (its id, or its name when known). Without a memory
    (a first run) the queue as the first listing finds it is the starting point: nothing is
    reported until a listing (or the polling window's news) confirmed it.
    """

    def __init__(
        self,
        engine: SyncEngine,
        memory: WatchMemory,
        *,
        write: Callable[[str], None],
        warn: Callable[[str], None],
        say: Callable[[str], None] = lambda _line: None,
        clock: Callable[[], datetime],
        as_json: bool,
        chat: str | None = None,
        tz: tzinfo | None = None,
        actions: ActivityLog | None = None,
    ) -> None:
        self._engine = engine
        self._actions = actions
        self._memory = memory
        self._write = write
        self._warn = warn
        self._say = say
        self._json = as_json
        self._chat = chat
        self._tz = tz
        remembered = memory.load()
        if memory.warning:
            warn(memory.warning)
        self._quiet = remembered is None
        self.tracker = EventTracker(
            clock=clock,
            on_event=self._emit,
            known=remembered.known if remembered else None,
            seen_at=remembered.seen_at if remembered else None,
        )
        self._last_status: SyncStatus | None = None
        self._ready = False
        self.reported: list[QueueEvent] = []
        engine.observe(self._observe)
        engine.subscribe(lambda _delta: None, self._on_state)

    def _observe(self, delta: Delta, action: str | None) -> None:
        self.tracker.observe(delta, action)
        self.save()

    def _on_state(self, state: SyncState) -> None:
        self.tracker.on_state(state)
        if state.last_synced is not None and not self._ready:
            if self._quiet:
                self._quiet = False  # the queue as first found is the starting point
            else:
                # A restart: what vanished while away is in no delta; compare the whole queue.
                self.tracker.reconcile(self._engine.messages)
            self.save()
        if state.last_synced is not None and not self._ready:
            self._ready = True
            self._say("watching the queue; Ctrl-C stops.")
        if state.status is not self._last_status:
            self._last_status = state.status
            if state.status in _TROUBLE:
                why = state.error or (
                    f"locked until {state.locked_until.isoformat()}" if state.locked_until else ""
                )
                self._warn(f"sync {state.status.value}" + (f": {why}" if why else ""))

    def save(self) -> None:
        """Remember the queue as reported (a failure to write is said, never fatal)."""
        try:
            self._memory.save(
                self.tracker.snapshot(), self.tracker.seen_at, self._engine.sync_token
            )
        except OSError as exc:
            self._warn(f"cannot remember the queue in {self._memory.path} ({exc.strerror})")

    def _chat_name(self, chat_id: str | None) -> str | None:
        chat = self._engine.chats.get(chat_id) if chat_id else None
        return chat.name if chat is not None and chat.name else None

    def _wanted(self, event: QueueEvent) -> bool:
        if self._chat is None:
            return True
        name = self._chat_name(event.chat_id)
        return self._chat == event.chat_id or (
            name is not None and name.casefold() == self._chat.casefold()
        )

    def _emit(self, event: QueueEvent) -> None:
        if self._quiet or not self._wanted(event):
            return
        if self._actions is not None:
            # A dashboard of this app may have made the change: it logged the action. The log
            # keeps a read failure in its warning (attribution is off then): said once.
            warned = self._actions.warning
            event = attribute(event, self._actions)
            if self._actions.warning and self._actions.warning != warned:
                self._warn(self._actions.warning)
        self.reported.append(event)
        name = self._chat_name(event.chat_id)
        if self._json:
            self._write(dumps_json(event.to_json(name), indent=None))
            return
        where = fmt.chat_label(self._engine.chats.get(event.chat_id or ""), event.chat_id)
        at = event.observed_at.astimezone(self._tz).isoformat(timespec="seconds")
        line = f"{at}  {event.kind.value:<11}  {event.source.value:<9}  {where}  {event.message_id}"
        self._write(visible(f"{line}  {event.describe(self._tz)}"))


def _print(line: str) -> None:
    print(line, flush=True)


def _warn(text: str) -> None:
    print(f"{PROG}: warning: {visible(text)}", file=sys.stderr, flush=True)


def _say(text: str) -> None:
    print(f"{PROG}: {text}", file=sys.stderr, flush=True)


async def watch(
    profile: Profile,
    *,
    as_json: bool,
    chat: str | None = None,
    cache_dir: Path | None = None,
    poll_interval: float | None = None,
    clock: Callable[[], float] | None = None,
    write: Callable[[str], None] = _print,
) -> None:
    """Stream the account's events until cancelled (Ctrl-C)."""
    from cliq_tui.bootstrap import ProfileBackend

    backend = ProfileBackend(profile, clock=clock, poll_interval=poll_interval, cache_dir=cache_dir)
    engine = await backend.start()
    memory = WatchMemory(watch_memory_path(cache_path(profile.name, profile.cliq_url, cache_dir)))
    tick = clock or time.time
    stream = EventStream(
        engine,
        memory,
        write=write,
        warn=_warn,
        say=_say,
        clock=lambda: datetime.fromtimestamp(tick(), UTC),
        as_json=as_json,
        chat=chat,
        actions=ActivityLog.default(),
    )
    try:
        await engine.load_cache()
        await engine.run()
    finally:
        stream.save()
        await backend.close()


def run(args: argparse.Namespace) -> int:
    """Run ``cliq-tui watch``: stream until Ctrl-C (main turns that into exit 130)."""
    settings = load_settings(
        args.config, profile=args.profile, base_url=args.base_url, access_token=args.token
    )
    profile = settings.profile()
    if profile is None:
        raise UsageError(NO_ACCOUNT)
    asyncio.run(
        watch(
            profile,
            as_json=bool(args.json),
            chat=args.chat,
            poll_interval=settings.ui.poll_interval,
        )
    )
    return 0
