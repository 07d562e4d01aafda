"""Figures 3 and 4, headless: a 10-message delta vs a full rebuild, and filter keystrokes.

The real app (:class:`~cliq_tui.ui.app.CliqApp`) runs under ``App.run_test()`` at 160x48 with an
engine holding 5,000 messages from a generated fake queue (loaded like a cache, so no network).
Each timing runs from the call (or the key event) to the painted screen: until every widget has
handled what it caused, then the screen lays out and renders what changed, as its update timer
does on its next frame (called at once here, as Textual's own ``Pilot.pause`` does, so the figure
leaves out only the up-to-one-frame wait for that timer). Nothing is held back meanwhile: a frame
the timer paints while the work goes on is part of the figure too.
"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from textual import events
from textual.widgets import Input

from benchmarks.report import percentile
from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.fake import FakeConfig
from cliq_tui.fake.state import FakeState
from cliq_tui.sync.cache import CachedQueue
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta
from cliq_tui.ui.app import CliqApp

SIZE = (160, 48)
# Typed then deleted one key at a time: 58 keystrokes in all.
QUERIES = ("quick nudge", "release", "ines", "billing")
PROBES = 20


def generated_queue(messages: int, chats: int) -> CachedQueue:
    """A generated fake queue as the app's own models (what a warm cache holds)."""
    state = FakeState(FakeConfig(seed="generated", messages=messages, chats=chats))
    items = TypeAdapter(list[ScheduledMessage]).validate_python(state.messages())
    named = TypeAdapter(list[Chat]).validate_python(state.chats())
    mapping = {m.id: m.chat_id for m in items if m.chat_id}
    return CachedQueue(items, named, mapping, sync_token="bench")


class _FrozenCache:
    """A cache that holds one queue and ignores writes."""

    warning: str | None = None
    path = Path("(in memory)")

    def __init__(self, queue: CachedQueue) -> None:
        self._queue = queue

    def load(self) -> CachedQueue:
        return self._queue

    def changes(self) -> CachedQueue | None:
        return None

    def save(self, delta: Delta, *, mapping: dict[str, str], sync_token: str | None) -> None:
        pass

    def note_listed(self, sync_token: str | None, when: datetime) -> None:
        pass

    def close(self) -> None:
        pass


class _SilentClient:
    """A client whose requests never complete: the engine polls once and waits for ever."""

    budgets = None  # the engine counts its own (never completed) requests

    async def _never(self, *args: Any, **kwargs: Any) -> Any:
        await asyncio.Event().wait()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._never


class _Backend:
    """The app's backend: an engine over the frozen cache and the silent client."""

    def __init__(self, queue: CachedQueue) -> None:
        self._queue = queue

    async def start(self) -> SyncEngine:
        return SyncEngine(_SilentClient(), cache=_FrozenCache(self._queue))

    async def close(self) -> None:
        pass


async def _drained(app: CliqApp) -> None:
    """Wait until the app, the screen and every widget have handled what is queued now.

    A widget removed meanwhile (the footer recomposes its keys) never runs its callback: it
    counts as done once it is detached.
    """
    waiting: dict[int, Any] = {}
    done = asyncio.Event()

    def finished(node_id: int) -> None:
        waiting.pop(node_id, None)
        if not waiting:
            done.set()

    for node in [app, *app.screen.walk_children(with_self=True)]:
        if node.call_later(finished, id(node)):
            waiting[id(node)] = node
    deadline = time.perf_counter() + 30
    while waiting:
        try:
            await asyncio.wait_for(done.wait(), timeout=0.05)
        except TimeoutError:
            for key, node in list(waiting.items()):
                if node is not app and not node.is_attached:
                    finished(key)
            if not app.is_running or time.perf_counter() > deadline:
                # A crashed app stops processing: fail the figure instead of waiting for ever.
                raise TimeoutError("the app stopped handling messages") from None


def _paint(app: CliqApp) -> None:
    """Lay out and render the screen's pending updates now: what the screen's update timer
    does a frame after a change (Textual has no public call for it; ``Pilot.pause`` ends so)."""
    app.screen._on_timer_update()


async def settled(app: CliqApp) -> None:
    """Everything caused so far is handled, then the screen is laid out and composited."""
    await _drained(app)
    await _drained(app)
    _paint(app)


@dataclass(frozen=True)
class Timing:
    """Milliseconds of work (handlers and deferred widget updates), then of the paint after it;
    the figures use the :attr:`total`, the time to the painted screen."""

    work: float
    paint: float
    cpu: float = 0.0
    """The CPU time this thread spent over the whole span: what the span would take on a
    machine with a core to itself."""

    @property
    def total(self) -> float:
        """Work and paint together."""
        return self.work + self.paint


async def _timed(app: CliqApp, action: Callable[[], None]) -> Timing:
    """Time ``action()`` to the painted screen: until every widget has handled what it caused
    (twice: idle work runs after a queue empties), then the paint of what changed."""
    cpu = time.thread_time()
    start = time.perf_counter()
    action()
    await _drained(app)
    await _drained(app)
    worked = time.perf_counter()
    _paint(app)
    painted = time.perf_counter()
    cpu = time.thread_time() - cpu
    return Timing(1000 * (worked - start), 1000 * (painted - worked), 1000 * cpu)


def _press(app: CliqApp, key: str, char: str | None) -> None:
    """Send a key as the terminal driver does (what ``Pilot.press`` does, without its waits)."""
    app.post_message(events.Key("space" if key == " " else key, char))


@dataclass
class TableResult:
    """Timings in milliseconds."""

    rows: int
    delta: list[Timing] = field(default_factory=list)
    rebuild: list[Timing] = field(default_factory=list)
    keystroke: list[Timing] = field(default_factory=list)
    filtered_rows: list[int] = field(default_factory=list)
    cursor: list[Timing] = field(default_factory=list)
    probe: list[Timing] = field(default_factory=list)

    @property
    def probe_ms(self) -> float:
        """Median time of an empty action to the painted screen: what waiting for every widget
        and painting nothing costs by itself."""
        return statistics.median(t.total for t in self.probe) if self.probe else 0.0

    def _net(self, timings: list[Timing]) -> list[float]:
        return [max(0.0, t.total - self.probe_ms) for t in timings]

    def cpu_ms(self, timings: list[Timing]) -> list[float]:
        """CPU time of each timing, net of the probe's."""
        probe = statistics.median(t.cpu for t in self.probe) if self.probe else 0.0
        return [max(0.0, t.cpu - probe) for t in timings]

    @property
    def cursor_ms(self) -> float:
        """Median time of a one-row cursor move to the painted screen (net of the probe): the
        floor any change pays."""
        return statistics.median(self._net(self.cursor)) if self.cursor else 0.0

    @property
    def delta_ms(self) -> list[float]:
        """Each 10-message delta to the painted screen, net of the probe."""
        return self._net(self.delta)

    @property
    def rebuild_ms(self) -> list[float]:
        """Each full rebuild to the painted screen, net of the probe."""
        return self._net(self.rebuild)

    @property
    def keystroke_ms(self) -> list[float]:
        """Each keystroke to the painted screen, net of the probe."""
        return self._net(self.keystroke)

    @property
    def delta_median(self) -> float:
        """Median time of a 10-message delta to the painted screen."""
        return statistics.median(self.delta_ms)

    @property
    def rebuild_median(self) -> float:
        """Median time of a rebuild from scratch to the painted screen."""
        return statistics.median(self.rebuild_ms)

    @property
    def keystroke_p95(self) -> float:
        """95th percentile of keystroke to painted screen."""
        return percentile(self.keystroke_ms, 0.95)


def _edited(message: ScheduledMessage, n: int) -> ScheduledMessage:
    """The message with new text and, when time-based, due five minutes later (it moves)."""
    content = message.message.content.model_copy(update={"text": f"Edited {n}: {message.text}"})
    update: dict[str, Any] = {"message": message.message.model_copy(update={"content": content})}
    if message.time is not None:
        update["time"] = message.time + timedelta(minutes=5)
    return message.model_copy(update=update)


def _delta(rng: random.Random, current: dict[str, ScheduledMessage], n: int) -> Delta:
    """Ten changes: four edits (most also move), three new messages, three removals."""
    ids = rng.sample(sorted(current), 8)
    changed = tuple(_edited(current[mid], n) for mid in ids[:4])
    template = current[ids[4]]
    added = tuple(template.model_copy(update={"id": f"bench-{n}-{k}"}) for k in range(3))
    return Delta(added=added, changed=changed, removed=tuple(ids[5:8]))


async def measure_table(
    result: TableResult,
    queue: CachedQueue,
    *,
    deltas: int,
    rebuilds: int,
    queries: tuple[str, ...] = QUERIES,
) -> None:
    """Run the app headless on ``queue`` and time deltas, keystrokes, then rebuilds."""
    app = CliqApp(_Backend(queue))
    async with app.run_test(size=SIZE) as pilot:
        table = app.main.queue
        for _ in range(400):
            if table.row_count >= len(queue.messages):
                break
            await pilot.pause(0.05)
        await settled(app)
        rng = random.Random(5)
        gc.collect()
        # The probe's own cost: an action that does nothing, measured the same way.
        for _ in range(PROBES):
            result.probe.append(await _timed(app, lambda: None))
        for n in range(deltas):
            delta = _delta(rng, dict(table.message_map()), n)
            result.delta.append(await _timed(app, partial(app.main.apply_delta, delta)))
        # The reference: a cursor move redraws the table's visible rows.
        table.focus()
        await settled(app)
        for _ in range(10):
            result.cursor.append(await _timed(app, partial(_press, app, "down", None)))
        filter_input = app.main.query_one("#filter", Input)
        filter_input.focus()
        await settled(app)
        for query in queries:
            keys = [(ch, ch) for ch in query] + [("backspace", None)] * len(query)
            for key, char in keys:
                result.keystroke.append(await _timed(app, partial(_press, app, key, char)))
                result.filtered_rows.append(table.row_count)
        # Last: the baseline, what the screen does when the engine connects: every row anew.
        engine = app.engine
        assert engine is not None
        for _ in range(rebuilds):
            result.rebuild.append(await _timed(app, partial(app.main.engine_ready, engine)))
        app.exit()


def run(
    messages: int, chats: int, *, deltas: int, rebuilds: int, queries: tuple[str, ...] = QUERIES
) -> TableResult:
    """Figures 3 and 4 in a fresh event loop.

    Raises :class:`TableError` (holding what was measured before) when the app fails.
    """
    queue = generated_queue(messages, chats)
    result = TableResult(rows=len(queue.messages))
    try:
        asyncio.run(measure_table(result, queue, deltas=deltas, rebuilds=rebuilds, queries=queries))
    except Exception as error:
        raise TableError(result, error) from error
    return result


class TableError(Exception):
    """The headless app failed; ``result`` holds the timings taken before it did."""

    def __init__(self, result: TableResult, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.result = result
