"""Scripted ports for the action flows: dialogs that answer from a script, and a notifier and a
clipboard that keep what they were told."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cliq_tui.api.errors import CliqError
from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core.batch_edit import BatchEditChoice, BatchEditPlan, plan_batch_edit
from cliq_tui.core.export import ExportFormat
from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
from cliq_tui.dashboard.chat_choice import ChatTarget
from cliq_tui.dashboard.ports import BatchResult, OutcomeLookup, Severity, Submit


@dataclass
class Line:
    """One line the flows told the user."""

    message: str
    title: str
    severity: Severity


@dataclass
class ScriptedDialogs:
    """Answers each question with the next answer given for its kind; records every question.

    A dialog that sends (edit, create, reschedule) calls ``submit`` with the scripted request
    (None: the user cancels) and, like the real one, keeps an error inline instead of raising.
    """

    confirms: list[bool] = field(default_factory=list)
    edits: list[EditRequest | None] = field(default_factory=list)
    creates: list[CreateRequest | None] = field(default_factory=list)
    reschedules: list[RescheduleRequest | None] = field(default_factory=list)
    exports: list[tuple[ExportFormat, Path] | None] = field(default_factory=list)
    # The chat picked in the picker (None: cancelled), and the chat the create dialog is moved
    # to before Save (None: left as it opened).
    picks: list[str | None] = field(default_factory=list)
    moves: list[str | None] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)
    inline_errors: list[str] = field(default_factory=list)
    batches: list[BatchResult] = field(default_factory=list)
    batch_edits: list[BatchEditChoice | None] = field(default_factory=list)
    batch_edit_chats: list[dict[str, str]] = field(default_factory=list)
    # Run while the batch edit dialog is open, after it planned (another window acting).
    while_batch_edit_open: Callable[[], Awaitable[None]] | None = None
    # The clock a batch edit is planned on (the rig sets the server's).
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    async def confirm(self, title: str, body: str, label: str, *, danger: bool) -> bool:
        self.asked.append(("confirm", title))
        return self.confirms.pop(0)

    async def _send(self, kind: str, request: Any, submit: Submit[Any]) -> bool:
        self.asked.append((kind, ""))
        if request is None:
            return False
        try:
            await submit(request)
        except CliqError as error:
            self.inline_errors.append(f"{error.title}: {error.message}")
            return False
        return True

    async def edit(
        self, message: ScheduledMessage, chat: Chat | None, submit: Submit[EditRequest]
    ) -> bool:
        return await self._send("edit", self.edits.pop(0), submit)

    async def batch_edit(
        self, messages: Sequence[ScheduledMessage], chat_names: Mapping[str, str]
    ) -> BatchEditPlan | None:
        """Plans the next scripted choice for ``messages`` at ``now`` (None: cancelled)."""
        self.asked.append(("batch edit", ",".join(m.id for m in messages)))
        self.batch_edit_chats.append(dict(chat_names))
        choice = self.batch_edits.pop(0)
        if choice is None:
            return None
        plan = plan_batch_edit(messages, choice, now=self.now(), local_zone="UTC")
        if self.while_batch_edit_open is not None:
            await self.while_batch_edit_open()
        return plan

    async def create(
        self,
        chat: Chat,
        submit: Submit[CreateRequest],
        *,
        outcome: OutcomeLookup,
        pending: int,
        target: ChatTarget | None = None,
    ) -> bool:
        move = self.moves.pop(0) if self.moves else None
        if move is not None:
            assert target is not None, "this create dialog cannot change its chat"
            target.chat_id = move
        return await self._send("create", self.creates.pop(0), submit)

    async def pick_chat(self, current: str | None) -> str | None:
        self.asked.append(("pick chat", current or ""))
        return self.picks.pop(0)

    async def reschedule(
        self, chat: Chat, messages: Sequence[ScheduledMessage], submit: Submit[RescheduleRequest]
    ) -> bool:
        return await self._send("reschedule", self.reschedules.pop(0), submit)

    async def batch(
        self,
        title: str,
        messages: Sequence[ScheduledMessage],
        action: Callable[[ScheduledMessage], Awaitable[object]],
        done_label: str,
    ) -> BatchResult:
        self.asked.append(("batch", title))
        result = BatchResult()
        for message in messages:
            try:
                await action(message)
            except CliqError as error:
                result.failed[message.id] = error.message
            else:
                result.ok.append(message.id)
        self.batches.append(result)
        return result

    async def export(
        self, count: int, render: Callable[[ExportFormat], str], now: datetime
    ) -> Path | None:
        self.asked.append(("export", str(count)))
        answer = self.exports.pop(0)
        if answer is None:
            return None
        kind, path = answer
        path.write_text(render(kind), encoding="utf-8")
        return path


@dataclass
class Lines:
    """The notifier and the clipboard: what the user was told and what was copied."""

    lines: list[Line] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Severity = "information",
        timeout: float | None = None,
    ) -> None:
        self.lines.append(Line(message, title, severity))

    def result(self, text: str) -> None:
        self.results.append(text)

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)

    def of(self, severity: Severity) -> list[Line]:
        """The lines of one severity."""
        return [line for line in self.lines if line.severity == severity]
