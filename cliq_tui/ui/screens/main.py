"""The dashboard screen: chat list, queue, message view, status bar, and the actions' bindings."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.activity import ActivityRecorder
from cliq_tui.dashboard.availability import ACTIONS, ActionRules
from cliq_tui.dashboard.due_order import DueQueueModel
from cliq_tui.dashboard.flows import ActionFlows
from cliq_tui.dashboard.queue_change import QueueChange
from cliq_tui.dashboard.undo import UndoRecord
from cliq_tui.sync.types import Delta
from cliq_tui.ui.flow_ports import TextualPorts
from cliq_tui.ui.keymap import SCREEN_BINDINGS
from cliq_tui.ui.screens.action_guard import ActionGuard
from cliq_tui.ui.screens.chat_jump import open_chat_jump
from cliq_tui.ui.screens.main_layout import ResponsiveLayout
from cliq_tui.ui.screens.sync_details import open_sync_details
from cliq_tui.ui.widgets.chat_list import ChatList
from cliq_tui.ui.widgets.filter_input import FilterInput
from cliq_tui.ui.widgets.heads_up_bar import HeadsUpBar
from cliq_tui.ui.widgets.message_view import MessageView
from cliq_tui.ui.widgets.queue_table import QueueTable
from cliq_tui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from cliq_tui.sync.engine import SyncEngine
    from cliq_tui.ui.app import CliqApp


class MainScreen(ResponsiveLayout):
    """Chats on the left; the queue, a filter and the selected message on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    app: CliqApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._available: tuple[bool, ...] = ()
        # The dashboard's one copy of the queue: the engine's deltas go here, the panes and
        # the actions read it.
        self.model = DueQueueModel(chat_of=self.chat)
        self._flows: ActionFlows | None = None
        self._ports: TextualPorts | None = None
        self._rules: ActionRules | None = None
        self._guard: ActionGuard | None = None

    def compose(self) -> ComposeResult:
        """The panes, the status bar and the key footer."""
        app = self.app
        with Horizontal(id="panes"):
            yield ChatList(id="chats")
            with Vertical(id="queue-pane"):
                yield FilterInput(placeholder="/ filter by text, chat or trigger", id="filter")
                yield QueueTable(now=app.now, tz=app.tz, model=self.model, id="queue")
                yield MessageView(tz=app.tz, id="message")
        yield HeadsUpBar(
            app.heads_up,
            model=self.model,
            now=app.now,
            tz=app.tz,
            bell=app.bell if app.heads_up_bell else None,
            desktop=app.desktop_notify if app.heads_up_desktop else None,
            on_announce=app.keep_heads_up,
            id="heads-up",
        )
        yield StatusBar(demo=app.demo, read_only=app.read_only, id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the queue and tick the relative times and the status bar every second."""
        self.query_one("#chats", ChatList).border_title = "Chats"
        self.queue.border_title = "Queue"
        self.query_one(MessageView).border_title = "Message"
        self.queue.focus()
        self.apply_layout()
        self.show_status()
        self.set_interval(1.0, self._tick)
        # Connect only now, so every message from the engine finds the panes in place.
        self.app.connect()

    # --- what the panes show -------------------------------------------------------------

    @property
    def queue(self) -> QueueTable:
        """The queue table."""
        return self.query_one("#queue", QueueTable)

    @property
    def engine(self) -> SyncEngine | None:
        """The sync engine, once connected."""
        return self.app.engine

    def chat(self, chat_id: str) -> Chat | None:
        """A known chat by id."""
        engine = self.engine
        return engine.chats.get(chat_id) if engine is not None else None

    def engine_ready(self, engine: SyncEngine) -> None:
        """Paint what the engine holds already (its later changes come as deltas)."""
        self.queue.rebuild(engine.messages.values())
        self._after_change()

    def apply_delta(self, delta: Delta) -> None:
        """Apply a delta to the model, then redraw the rows, chats, message and status it
        touched. The same delta twice is harmless (the second changes nothing)."""
        change = self.model.apply_delta(delta)
        self.queue.show_change(change)
        self._after_change(change)

    def _after_change(self, change: QueueChange | None = None) -> None:
        if change is None or change.counts_changed:
            engine = self.engine
            chats = engine.chats if engine is not None else {}
            self.query_one(ChatList).show(self.model.counts_by_chat(), chats)
        self._show_current(self.model.current)
        self.show_status()
        self.refresh_bindings_if_changed()

    def refresh_bindings_if_changed(self) -> None:
        """Redraw the footer's keys when an action became available or blocked."""
        # Redrawing the footer is costly: only when an action became available or blocked.
        available = tuple(self.blocked_reason(action) is None for action in ACTIONS)
        if available != self._available:
            self._available = available
            self.refresh_bindings()

    def show_status(self) -> None:
        """Redraw the status bar from the engine's latest state."""
        app = self.app
        counts = self.model.counts_by_chat()
        unmapped = counts.get(None, 0)
        # The count against the cap only once the queue has been listed (0 before means nothing).
        pending = sum(counts.values()) if app.sync_state.last_synced is not None else None
        self.query_one(StatusBar).show(
            app.sync_state,
            app.budgets(),
            now=app.now(),
            tz=app.tz,
            selected=len(self.model.selected),
            unmapped=unmapped,
            pending=pending,
        )

    def state_changed(self) -> None:
        """A new sync state: the status bar, and why the current message's actions are off."""
        self.show_status()
        self._show_current(self.model.current)

    def _tick(self) -> None:
        self.queue.tick()
        self.show_status()

    def _show_current(self, message: ScheduledMessage | None) -> None:
        chat = None
        if message is not None and (chat_id := fmt.message_chat_id(message)):
            chat = self.chat(chat_id)
        reason = self.rules.unresolved_reason(message) if message is not None else None
        outcome = None
        if message is not None and self.engine is not None:
            outcome = self.engine.pending_outcome(message.id)
        self.query_one(MessageView).show(message, chat, reason, outcome)

    @on(QueueTable.CurrentChanged)
    def _current_changed(self, event: QueueTable.CurrentChanged) -> None:
        self._show_current(event.message)
        self.refresh_bindings_if_changed()

    @on(QueueTable.SelectionChanged)
    def _selection_changed(self) -> None:
        self.show_status()
        self.refresh_bindings_if_changed()

    @on(ChatList.ScopeChosen)
    def _scope_chosen(self, event: ChatList.ScopeChosen) -> None:
        self.queue.set_scope(event.scope)
        self.refresh_bindings_if_changed()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.queue.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.queue.focus()

    # --- which action may run now, and why not -------------------------------------------

    @property
    def rules(self) -> ActionRules:
        """What each action applies to now, and why it cannot run."""
        if self._rules is None:
            self._rules = ActionRules(
                self.model,
                engine=lambda: self.engine,
                undo_record=lambda: self.undo_record,
                read_only=self.app.read_only,
            )
        return self._rules

    @property
    def guard(self) -> ActionGuard:
        """Which action may run now, whether the footer shows it, and why not."""
        if self._guard is None:
            self._guard = ActionGuard(
                self.rules,
                connected=lambda: self.engine is not None,
                announced=lambda: self.query_one(HeadsUpBar).message(),
                keymap=self.app.keymap,
            )
        return self._guard

    def blocked_reason(self, action: str) -> str | None:
        """Why ``action`` cannot run now, or None when it can."""
        return self.guard.blocked_reason(action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the changing actions in read-only mode (False); show other blocked actions as
        disabled (None) in the footer and the palette."""
        return self.guard.check(action)

    def on_key(self, event: events.Key) -> None:
        """Pressing the key of a disabled or hidden action says why instead of doing nothing."""
        active = self.active_bindings.get(event.key)
        if active is not None and active.enabled:
            return
        bound = None if active is None else (active.binding.action, active.binding.description)
        blocked = self.guard.blocked_key(bound, event.key)
        if blocked is not None:
            event.stop()
            event.prevent_default()
            self.notify(
                blocked.reason, title=f"Cannot {blocked.description.lower()}", severity="warning"
            )

    # --- the actions: the flows decide, the ports ask and tell ---------------------------

    @property
    def flows(self) -> ActionFlows:
        """The action flows (built on first use: every action waits for the engine)."""
        if self._flows is None:
            app = self.app
            engine = self.engine
            assert engine is not None, "actions are disabled until the engine is ready"
            activity = ActivityRecorder(
                app.activity, now=app.now, chat=self.chat, profile=app.profile_name
            )
            ports = self._ports = TextualPorts(
                self,
                drafts=app.drafts,
                now=app.now,
                engine=engine,
                pending=self.model.counts_by_chat,
            )
            self._flows = ActionFlows(
                engine,
                dialogs=ports,
                notifier=ports,
                clipboard=ports,
                queue=self.queue,
                activity=activity,
                now=app.now,
                tz=app.tz,
                on_undo_change=self.refresh_bindings_if_changed,
            )
        return self._flows

    @property
    def undo_record(self) -> UndoRecord | None:
        """What undo (u) takes back (None before any action)."""
        return self._flows.undo_record if self._flows is not None else None

    def _start(self, action: str) -> None:
        """Start ``action`` on what it applies to now; what is left runs in a worker, its
        errors shown as toasts."""
        flow = self.rules.start(action, self.flows)
        assert self._ports is not None, "the flows are built first"
        self._ports.run(flow)

    def action_refresh(self) -> None:
        """Sync now."""
        self._start("refresh")

    def action_toggle_pause(self) -> None:
        """Pause or resume live updates."""
        self._start("toggle_pause")
        self.show_status()

    def action_edit(self) -> None:
        """Edit the message (or every selected one)."""
        self._start("edit")

    def action_send_now(self) -> None:
        """Send the message (or every selected one) now, after confirming."""
        self._start("send_now")

    def action_delete(self) -> None:
        """Delete the message (or every selected one), after confirming."""
        self._start("delete")

    def action_send_all(self) -> None:
        """Send everything pending in the chat now, after confirming."""
        self._start("send_all")

    def action_delete_all(self) -> None:
        """Delete everything pending in the chat, after confirming."""
        self._start("delete_all")

    def action_reschedule(self) -> None:
        """Move every message in the chat due at one time (or with one trigger)."""
        self._start("reschedule")

    def action_create(self) -> None:
        """Schedule a new message in the chat."""
        self._start("create")

    def action_heads_up_edit(self) -> None:
        """Edit (or hold: move its time) the message the heads-up announces."""
        announced = self.query_one(HeadsUpBar).message()
        if announced is not None:
            flow = self.flows.edit([announced])
            assert self._ports is not None, "the flows are built first"
            self._ports.run(flow)

    def action_agenda(self) -> None:
        """Show the agenda: timelines, clusters, and every pending message by day."""
        from cliq_tui.ui.screens.agenda import AgendaScreen

        app = self.app
        if not isinstance(app.screen, AgendaScreen):
            app.push_screen(AgendaScreen(self.model, now=app.now, tz=app.tz), self.jump_to)

    def jump_to(self, message_id: str | None) -> None:
        """Put the queue's cursor on a pending message, showing every chat unfiltered when it
        is not shown."""
        if message_id is None or self.model.message(message_id) is None:
            return
        if not self.queue.move_to(message_id):
            self.query_one("#filter", Input).value = ""
            self.queue.set_filter("")
            self.query_one(ChatList).highlighted = 0
            self.queue.set_scope(None)
            self.queue.move_to(message_id)
        self.queue.focus()

    def action_jump_chat(self) -> None:
        """Jump to a chat by name (``:``): it becomes the chat pane's chat."""
        open_chat_jump(self)

    def action_heads_up_dismiss(self) -> None:
        """Hide the heads-up notice."""
        self.query_one(HeadsUpBar).dismiss()

    def action_undo(self) -> None:
        """Take back the last delete or edit of this session."""
        self._start("undo")

    def action_copy_text(self) -> None:
        """Copy the message's text to the clipboard."""
        self._start("copy_text")

    def action_copy_id(self) -> None:
        """Copy the message's id to the clipboard."""
        self._start("copy_id")

    def action_export(self) -> None:
        """Export the messages shown as CSV or JSON."""
        self._start("export")

    def action_activity(self) -> None:
        """Show the activity log."""
        from cliq_tui.ui.screens.activity import ActivityScreen

        if not isinstance(self.app.screen, ActivityScreen):
            self.app.push_screen(ActivityScreen())

    def action_sync_details(self) -> None:
        """Show the sync details: every budget and lock, the role, the cache, the cap."""
        open_sync_details(self.app)
