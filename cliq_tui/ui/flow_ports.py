"""The action flows' dialogs, lines and clipboard, with Textual: each dialog is pushed and
awaited in the flow's worker; a flow's error becomes a toast. The flows themselves live in
:mod:`cliq_tui.dashboard.flows`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from rich.markup import escape
from textual.widget import Widget

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core.batch_edit import BatchEditPlan
from cliq_tui.core.export import ExportFormat
from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
from cliq_tui.dashboard.chat_choice import ChatEntry, ChatTarget, chat_entries
from cliq_tui.dashboard.flows import report_errors
from cliq_tui.dashboard.ports import BatchResult, Flow, OutcomeLookup, Severity, Submit
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.ui.dialogs import (
    BatchDialog,
    BatchEditDialog,
    ConfirmDialog,
    CreateDialog,
    EditDialog,
    RescheduleDialog,
)
from cliq_tui.ui.dialogs.chat_picker import ChatPicker
from cliq_tui.ui.dialogs.create import ChatChange
from cliq_tui.ui.dialogs.export import ExportDialog
from cliq_tui.ui.widgets.status_bar import StatusBar


class TextualPorts:
    """The dialogs, notifier and clipboard ports of the flows, for the screen ``host`` (whose
    workers run the flows); ``drafts`` keeps what is typed in the edit and create dialogs,
    ``engine`` knows the chats, ``pending`` counts the queue's messages per chat."""

    def __init__(
        self,
        host: Widget,
        *,
        drafts: DraftStore | None,
        now: Callable[[], datetime],
        engine: SyncEngine,
        pending: Callable[[], Mapping[str | None, int]],
    ) -> None:
        self.host = host
        self.app = host.app
        self.drafts = drafts
        self.now = now
        self.engine = engine
        self.pending = pending

    def run(self, flow: Flow | None) -> None:
        """Run what is left of an action in a worker (dialogs are awaited there); its errors
        become toasts."""
        if flow is not None:
            self.host.run_worker(report_errors(flow, self), group="actions", exit_on_error=False)

    # --- notifier and clipboard -----------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Severity = "information",
        timeout: float | None = None,
    ) -> None:
        """A toast (the app shows its words as plain text, never as markup), kept in the
        status bar's result line as well."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout)
        self.result(f"{title}: {message}" if title else message)

    def result(self, text: str) -> None:
        """The status bar's result line (no toast: it stays until the next result)."""
        for bar in self.host.query(StatusBar):
            bar.set_result(text)

    def copy_to_clipboard(self, text: str) -> None:
        """Put ``text`` on the terminal's clipboard."""
        self.app.copy_to_clipboard(text)

    # --- dialogs --------------------------------------------------------------------------

    async def confirm(self, title: str, body: str, label: str, *, danger: bool) -> bool:
        """A yes/no question."""
        # The dialog renders markup; chat names and message text are the user's, not markup.
        dialog = ConfirmDialog(escape(title), escape(body), label, danger=danger)
        answer = await self.app.push_screen_wait(dialog)
        return bool(answer)

    async def edit(
        self, message: ScheduledMessage, chat: Chat | None, submit: Submit[EditRequest]
    ) -> bool:
        """The edit dialog for one message (its draft kept)."""
        dialog = EditDialog(message, chat, submit, drafts=self.drafts, now=self.now)
        answer = await self.app.push_screen_wait(dialog)
        return bool(answer)

    async def batch_edit(
        self, messages: Sequence[ScheduledMessage], chat_names: Mapping[str, str]
    ) -> BatchEditPlan | None:
        """The batch edit dialog: one change for several messages, planned per message."""
        dialog = BatchEditDialog(messages, chat_names, now=self.now)
        plan = await self.app.push_screen_wait(dialog)
        return plan if isinstance(plan, BatchEditPlan) else None

    async def create(
        self,
        chat: Chat,
        submit: Submit[CreateRequest],
        *,
        outcome: OutcomeLookup,
        pending: int,
        target: ChatTarget | None = None,
    ) -> bool:
        """The create dialog; with a ``target``, ctrl+o picks another chat."""
        change = None
        if target is not None:
            change = ChatChange(target, self.chat_picker, self._known_chat)
        dialog = CreateDialog(
            chat,
            submit,
            drafts=self.drafts,
            now=self.now,
            outcome=outcome,
            pending=pending,
            change=change,
        )
        answer = await self.app.push_screen_wait(dialog)
        return bool(answer)

    async def pick_chat(self, current: str | None) -> str | None:
        """Any chat of the user, searched by name."""
        answer = await self.app.push_screen_wait(self.chat_picker(current))
        return answer if isinstance(answer, str) else None

    def chat_picker(self, current: str | None) -> ChatPicker:
        """The picker over every chat of the user (the rest listed while it is open)."""
        engine = self.engine

        def entries() -> list[ChatEntry]:
            return chat_entries(engine.chats, self.pending())

        return ChatPicker(
            "Schedule in which chat?", entries, current=current, directory=engine.directory
        )

    def _known_chat(self, chat_id: str) -> Chat | None:
        return self.engine.chats.get(chat_id)

    async def reschedule(
        self, chat: Chat, messages: Sequence[ScheduledMessage], submit: Submit[RescheduleRequest]
    ) -> bool:
        """The bulk reschedule dialog."""
        answer = await self.app.push_screen_wait(
            RescheduleDialog(chat, messages, submit, now=self.now)
        )
        return bool(answer)

    async def batch(
        self,
        title: str,
        messages: Sequence[ScheduledMessage],
        action: Callable[[ScheduledMessage], Awaitable[object]],
        done_label: str,
    ) -> BatchResult:
        """The batch dialog: progress and one result line per message."""
        dialog = BatchDialog(title, messages, action, done_label=done_label)
        result = await self.app.push_screen_wait(dialog)
        return result if isinstance(result, BatchResult) else BatchResult()

    async def export(
        self, count: int, render: Callable[[ExportFormat], str], now: datetime
    ) -> Path | None:
        """The export dialog: it writes the file and answers with its path."""
        path = await self.app.push_screen_wait(ExportDialog(count, render, now=now))
        return path if isinstance(path, Path) else None
