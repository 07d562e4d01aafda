"""What the action flows need from the world, as small typed ports (no Textual here).

The flows (:mod:`cliq_tui.dashboard.flows`) call the engine through :class:`EnginePort`, ask the
user through :class:`Dialogs`, say how things went through :class:`Notifier`, and read a chat's
messages through :class:`QueuePort` (what an action applies to comes from
:mod:`cliq_tui.dashboard.availability`). The Textual UI implements the dialogs, notifier and
clipboard (:mod:`cliq_tui.ui.flow_ports`); tests implement them with scripted answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from cliq_tui.api.models import Chat, ScheduledMessage, ScheduleStatus
from cliq_tui.core.batch_edit import BatchEditPlan
from cliq_tui.core.export import ExportFormat
from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
from cliq_tui.dashboard.chat_choice import ChatTarget
from cliq_tui.sync.types import Delta, SyncState
from cliq_tui.sync.uncertain import UncertainCreate

Severity = Literal["information", "warning", "error"]
Request = TypeVar("Request", contravariant=True)
# What is left of an action once it has decided what to do: run it in the background.
Flow = Coroutine[Any, Any, None]
# A dialog's submit: sends the request; an error keeps the dialog open and shows it inline.
Submit = Callable[[Request], Awaitable[object]]
# Where a create whose answer never came stands: (text, take) -> the engine's record or None.
OutcomeLookup = Callable[[str, bool], UncertainCreate | None]


@dataclass
class BatchResult:
    """What happened: ids that succeeded, ids that failed (with the reason), and ids never tried
    (stopped by the user or by a rate limit)."""

    ok: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    not_attempted: list[str] = field(default_factory=list)


class EnginePort(Protocol):
    """The engine calls the flows make (:class:`cliq_tui.sync.engine.SyncEngine` is one).

    Each action publishes its delta to the engine's listeners before it returns: the flows never
    apply a delta themselves.
    """

    @property
    def state(self) -> SyncState: ...

    @property
    def messages(self) -> Mapping[str, ScheduledMessage]: ...

    @property
    def chats(self) -> Mapping[str, Chat]: ...

    @property
    def paused(self) -> bool: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    async def refresh(self, *, full: bool = False) -> Delta: ...

    def unresolved(self, message_id: str) -> str | None: ...

    async def edit(
        self,
        message: ScheduledMessage,
        *,
        text: str | None = None,
        schedule_time: datetime | int | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
        remove_file: bool = False,
    ) -> Delta: ...

    async def create(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: datetime | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
    ) -> Delta: ...

    async def send_now(self, message: ScheduledMessage) -> Delta: ...

    async def delete(self, message: ScheduledMessage) -> Delta: ...

    async def send_all(self, chat_id: str) -> Delta: ...

    async def delete_all(self, chat_id: str) -> Delta: ...

    async def reschedule_time_based(
        self, chat_id: str, *, time: datetime, new_time: datetime, timezone: str | None = None
    ) -> Delta: ...

    async def reschedule_status_based(
        self, chat_id: str, *, existing_status: ScheduleStatus, new_status: ScheduleStatus
    ) -> Delta: ...

    def create_outcome(
        self, chat_id: str, text: str, *, take: bool = False
    ) -> UncertainCreate | None: ...


class QueuePort(Protocol):
    """The queue shown: every pending message of a chat, and the selection a batch clears."""

    def messages_in_chat(self, chat_id: str | None) -> list[ScheduledMessage]: ...

    def clear_selection(self) -> object: ...


class Dialogs(Protocol):
    """Questions to the user. Dialogs that send something get a ``submit``: a failure shows in
    the dialog, which stays open with the user's input; they answer True once it succeeded."""

    async def confirm(self, title: str, body: str, label: str, *, danger: bool) -> bool: ...

    async def edit(
        self, message: ScheduledMessage, chat: Chat | None, submit: Submit[EditRequest]
    ) -> bool: ...

    async def batch_edit(
        self, messages: Sequence[ScheduledMessage], chat_names: Mapping[str, str]
    ) -> BatchEditPlan | None:
        """One change for several messages (``chat_names``: each message's chat, by message
        id), planned per message; None when cancelled."""
        ...

    async def create(
        self,
        chat: Chat,
        submit: Submit[CreateRequest],
        *,
        outcome: OutcomeLookup,
        pending: int,
        target: ChatTarget | None = None,
    ) -> bool:
        """The create dialog; with a ``target``, the user may change the chat (it says which)."""
        ...

    async def pick_chat(self, current: str | None) -> str | None:
        """Any chat of the user, searched by name (None: cancelled)."""
        ...

    async def reschedule(
        self, chat: Chat, messages: Sequence[ScheduledMessage], submit: Submit[RescheduleRequest]
    ) -> bool: ...

    async def batch(
        self,
        title: str,
        messages: Sequence[ScheduledMessage],
        action: Callable[[ScheduledMessage], Awaitable[object]],
        done_label: str,
    ) -> BatchResult:
        """Run ``action`` on each message in turn, showing progress and one result each."""
        ...

    async def export(
        self, count: int, render: Callable[[ExportFormat], str], now: datetime
    ) -> Path | None:
        """Ask where to write ``render(format)``; the path written, or None when cancelled."""
        ...


class Notifier(Protocol):
    """One line to the user: what happened, or why not."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Severity = "information",
        timeout: float | None = None,
    ) -> None: ...

    def result(self, text: str) -> None:
        """What the last action did, kept in view until the next action's result."""
        ...


class Clipboard(Protocol):
    """Where copy puts text."""

    def copy_to_clipboard(self, text: str) -> None: ...
