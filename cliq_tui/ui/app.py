"""The dashboard app: wires the sync engine to the main screen; never blocks on I/O."""

from __future__ import annotations

import gc
import logging
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual import events, work
from textual.app import App
from textual.binding import BindingType
from textual.css.query import NoMatches

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.base.textsafe import visible
from cliq_tui.core.error_words import report_for
from cliq_tui.dashboard.heads_up import DEFAULT_LEADS, HeadsUpPlanner
from cliq_tui.dashboard.history import HistoryRecorder
from cliq_tui.dashboard.status_line import unreadable_text
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.storage.heads_up_record import AnnouncedRecord
from cliq_tui.sync.types import Delta, SyncState, SyncStatus, Unreadable
from cliq_tui.ui import exit_watchdog
from cliq_tui.ui.commands import DashboardCommands
from cliq_tui.ui.keymap import APP_BINDINGS
from cliq_tui.ui.messages import EngineReady, Notice, QueueChanged, SyncStateChanged
from cliq_tui.ui.profiles import ProfileChoice
from cliq_tui.ui.screens.agenda import AgendaScreen
from cliq_tui.ui.screens.main import MainScreen

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from cliq_tui.storage.drafts import DraftStore
    from cliq_tui.sync.engine import SyncEngine


class Backend(Protocol):
    """What the app needs to reach Cliq: built by the factory, started in a worker."""

    async def start(self) -> SyncEngine:
        """Connect (start the demo server, open the client) and return the engine."""
        ...

    async def close(self) -> None:
        """Close the client and stop anything started."""
        ...


class CliqApp(App[int]):
    """A keyboard-driven dashboard of Zoho Cliq scheduled messages."""

    CSS_PATH = "app.tcss"
    TITLE = "cliq-tui"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]
    COMMANDS = App.COMMANDS | {DashboardCommands}

    def __init__(
        self,
        backend: Backend,
        *,
        demo: bool = False,
        read_only: bool = False,
        theme: str | None = None,
        keymap: Mapping[str, str] | None = None,
        clock: Callable[[], float] | None = None,
        tz: tzinfo | None = None,
        drafts: DraftStore | None = None,
        activity: ActivityLog | None = None,
        profiles: ProfileChoice | None = None,
        heads_up: Sequence[timedelta] = DEFAULT_LEADS,
        heads_up_bell: bool = False,
        heads_up_desktop: bool = False,
        heads_up_record: AnnouncedRecord | None = None,
    ) -> None:
        super().__init__()
        # Which messages about to go out to announce, and how (bell, desktop: off by default);
        # what was announced before a restart is not announced again.
        self.heads_up_record = heads_up_record or AnnouncedRecord(None)
        started_ms = int((clock or time.time)() * 1000)
        self.heads_up = HeadsUpPlanner(heads_up, self.heads_up_record.load(started_ms))
        self.heads_up_bell = heads_up_bell
        self.heads_up_desktop = heads_up_desktop
        self.drafts = drafts
        # The demo's ids are new on every run: its activity stays in memory, like its drafts.
        self.activity = activity or (ActivityLog(None) if demo else ActivityLog.default())
        # The profiles the factory offers to switch to (none when built another way).
        self.profiles = profiles or ProfileChoice()
        self.startup_warnings: list[str] = []
        self.notices: deque[Notice] = deque(maxlen=100)  # the latest toasts, as shown
        self.backend = backend
        self.demo = demo
        self.read_only = read_only
        self.keymap = dict(keymap or {})
        self.clock = clock or time.time
        self.tz = tz
        self.engine: SyncEngine | None = None
        self.sync_state = SyncState()
        self.first_paint_at: float | None = None
        self._pending = Delta()
        self._connecting = False
        self._cache_warning: str | None = None
        self._budget_warning: str | None = None
        self._unreadable_shown: Unreadable | None = None
        self._unreadable_logged: set[str] = set()
        self._frozen = False
        self._signals: list[int] = []
        self._theme_name = theme
        if demo:
            self.sub_title = "demo"

    @property
    def profile_name(self) -> str | None:
        """The profile in use (None: the demo)."""
        return self.profiles.current

    def switch_profile(self, name: str) -> None:
        """Restart the dashboard on another profile: the app exits cleanly (closing its client
        and cache) and the CLI starts it again with ``name``."""
        self.profiles.requested = name
        self.exit(0)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast passes here: its words may hold a chat name, a text or an error from the
        server, so they are shown with controls made visible and never read as markup."""
        message, title = visible(message, newlines=True), visible(title)
        self.notices.append(Notice(title, message, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def now(self) -> datetime:
        """The app's idea of now (injectable for deterministic snapshots)."""
        return datetime.fromtimestamp(self.clock(), UTC)

    @property
    def main(self) -> MainScreen:
        """The dashboard screen (always at the bottom of the stack)."""
        return self._main

    def on_mount(self) -> None:
        """Apply the theme and keymap, show the dashboard, and connect in the background."""
        if self._theme_name:
            if self._theme_name in self.available_themes:
                self.theme = self._theme_name
            else:
                self.notify(
                    f"Unknown theme {self._theme_name!r}; using {self.theme!r}.",
                    title="Config",
                    severity="warning",
                )
        if self.keymap:
            self.set_keymap(self.keymap)
        for warning in self.startup_warnings:
            self.notify(warning, title="Config", severity="warning", timeout=10)
        if self.profiles.switched_from and self.profile_name:
            self.notify(
                f"Now on profile {self.profile_name} (was {self.profiles.switched_from}).",
                title="Profile",
                markup=False,
            )
        self._main = MainScreen()
        self.push_screen(self._main)
        self._watch_signals()

    # --- nothing typed is lost, however the app ends ------------------------------------------

    def flush_drafts(self) -> None:
        """Write the draft of every open dialog now (the quit may come within a keystroke)."""
        for screen in list(self.screen_stack):
            write = getattr(screen, "write_draft", None)
            if callable(write):
                try:
                    write()
                except Exception:  # one dialog's trouble must not stop the others or the exit
                    log.warning("could not write a draft at exit", exc_info=True)

    def exit(
        self, result: int | None = None, return_code: int = 0, message: Any | None = None
    ) -> None:
        """Exit (q, ctrl+q, a signal, a profile switch), drafts written first."""
        self.flush_drafts()
        super().exit(result, return_code, message)

    def _watch_signals(self) -> None:
        """SIGHUP (the terminal went away), SIGTERM and SIGINT (sent from outside: in the app
        ctrl+c is a key) end the app like a quit: drafts first, then a clean exit that gives
        the terminal back."""
        if not self.is_headless:
            self._signals.extend(exit_watchdog.handle_signals(self._signalled))

    def _signalled(self, number: int) -> None:
        log.info("ending on signal %s", number)
        exit_watchdog.arm(number, self.flush_drafts)  # the process ends, even if exit hangs
        self.exit(128 + number, return_code=128 + number)

    def connect(self) -> None:
        """Connect in the background (once): the dashboard calls this when it is mounted."""
        if not self._connecting:
            self._connecting = True
            self._connect()

    @work(group="sync", exit_on_error=False)
    async def _connect(self) -> None:
        """Start the backend, paint what it holds, then load the cache and poll forever."""
        try:
            engine = await self.backend.start()
        except Exception as error:
            report = report_for(error)
            self.notify(report.message, title=f"Cannot connect: {report.title}", severity="error")
            self.post_message(
                SyncStateChanged(SyncState(status=SyncStatus.ERROR, error=report.message))
            )
            return
        self.engine = engine
        # Before the cache loads: the queue as first found is where the history starts.
        HistoryRecorder(
            self.activity,
            now=self.now,
            chat=engine.chats.get,
            profile=self.profile_name,
            tz=self.tz,
        ).attach(engine)
        engine.subscribe(self._engine_delta, self._engine_state)
        self.post_message(EngineReady())
        self.post_message(SyncStateChanged(engine.state))
        try:
            await engine.load_cache()
        except Exception as error:
            self.show_error(error)
        try:
            await engine.run()
        except Exception as error:  # run() should never raise; if it does, say so and stay up
            self.show_error(error)
            self.post_message(
                SyncStateChanged(
                    SyncState(status=SyncStatus.ERROR, error=report_for(error).message)
                )
            )

    def _engine_delta(self, delta: Delta) -> None:
        # Bursts merge here; the one pending QueueChanged signal replaces older ones.
        self._pending = self._pending.merge(delta)
        self.post_message(QueueChanged())

    def _engine_state(self, state: SyncState) -> None:
        self.post_message(SyncStateChanged(state))

    def take_pending_delta(self) -> Delta:
        """The deltas merged since the last call."""
        delta, self._pending = self._pending, Delta()
        return delta

    def _screen_ready(self) -> bool:
        # The engine starts only once the dashboard is mounted; at exit, messages may still
        # arrive after the dashboard has gone.
        main = getattr(self, "_main", None)
        return main is not None and self.is_running and main.is_mounted and main.is_attached

    async def on_event(self, event: events.Event) -> None:
        """Every key press keeps polling brisk (it slows down while the user is idle). Seen
        here, before any widget or priority binding takes it: a key typed into the filter or
        a dialog's field never reaches an ``on_key`` of the app."""
        if isinstance(event, events.Key) and self.engine is not None:
            self.engine.note_input()
        await super().on_event(event)

    def on_engine_ready(self, _message: EngineReady) -> None:
        """Paint whatever the engine already holds."""
        if self.engine is not None and self._screen_ready():
            with suppress(NoMatches):  # the dashboard is being taken down (exit)
                self.main.engine_ready(self.engine)

    def on_queue_changed(self, _message: QueueChanged) -> None:
        """Apply every delta merged since the last signal."""
        if not self._screen_ready():
            return
        delta = self.take_pending_delta()
        if delta:
            with suppress(NoMatches):
                self.main.apply_delta(delta)
                if isinstance(self.screen, AgendaScreen):  # open over the queue, it follows
                    self.screen.queue_changed()
                if self.first_paint_at is None and self.main.queue.row_count:
                    self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        if self.first_paint_at is None:
            self.first_paint_at = time.perf_counter()
            # The queue and the widgets now live as long as the app. Without this, full
            # collections walk all of them again and again: 100-180 ms pauses every dozen
            # keystrokes at 5,000 messages. Unfrozen at exit, so nothing outlives the app.
            gc.freeze()
            self._frozen = True

    def on_sync_state_changed(self, message: SyncStateChanged) -> None:
        """Show the engine's freshness in the status bar."""
        self.sync_state = message.state
        warning = message.state.cache_warning
        if warning and warning != self._cache_warning:
            self._cache_warning = warning
            self.notify(warning, title="Local cache", severity="warning", timeout=10)
        budget_warning = message.state.budget_warning
        if budget_warning and budget_warning != self._budget_warning:
            self._budget_warning = budget_warning
            self.notify(
                budget_warning, title="Rate budget", severity="warning", timeout=10, markup=False
            )
        self._report_unreadable(message.state)
        if self._screen_ready():
            with suppress(NoMatches):
                self.main.state_changed()
            # A dialog waiting for a sync (a create whose outcome was unknown) checks again.
            waiting = getattr(self.screen_stack[-1], "sync_changed", None)
            if callable(waiting):
                waiting()

    def _report_unreadable(self, state: SyncState) -> None:
        """New unreadable items: a toast, and one activity entry each (the rest stay usable)."""
        summary = state.unreadable
        if summary is None or summary == self._unreadable_shown:
            self._unreadable_shown = summary
            return
        self._unreadable_shown = summary
        items = self.engine.unreadable_items if self.engine is not None else []
        lines = [item.describe() for item in items] or [unreadable_text(summary)]
        for item in items:
            line = item.describe()
            if line not in self._unreadable_logged:
                self._unreadable_logged.add(line)
                self.activity.record(
                    "read queue",
                    "error",
                    at=self.now(),
                    message_ids=[visible(item.id)] if item.id else [],
                    detail=visible(line),
                )
        self.notify(
            "\n".join(lines[:3]) + ("\n…" if len(lines) > 3 else ""),
            title="Some messages could not be read; the rest are shown",
            severity="warning",
            timeout=10,
        )

    def show_error(self, error: BaseException) -> None:
        """A toast for any error: its title and sentence, never a traceback."""
        report = report_for(error)
        self.notify(report.message, title=report.title, severity=report.severity, timeout=8)

    def keep_heads_up(self) -> None:
        """Write down what the heads-up has announced (a restart does not repeat it)."""
        self.heads_up_record.save(self.heads_up.announced())

    def desktop_notify(self, body: str) -> None:
        """A desktop notification through the terminal (OSC 9 / OSC 777), never when headless."""
        from cliq_tui.ui.widgets.heads_up_bar import desktop_sequence, write_to_terminal

        if not self.is_headless:
            write_to_terminal(desktop_sequence("cliq-tui: about to go out", body))

    def action_help(self) -> None:
        """Show every binding with its current keys."""
        from cliq_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_redraw(self) -> None:
        """Lay out and paint the whole screen again (ctrl+l, as in every terminal program)."""
        self.refresh(repaint=True, layout=True)
        self.screen.refresh(repaint=True, layout=True)

    def budgets(self) -> list[BudgetStatus]:
        """The client's rate budgets now (empty until connected)."""
        engine = self.engine
        if engine is None:
            return []
        try:
            return engine.budget_snapshot()
        except Exception:  # a status bar must never take the app down
            return []

    async def on_unmount(self) -> None:
        """Close the client and stop the demo server."""
        exit_watchdog.release_signals(self._signals)
        if self._frozen:
            self._frozen = False
            gc.unfreeze()
        await self.backend.close()
