"""What the sync layer needs of the objects it is given: the client, its budgets, the cache and
the lease of a window that shares its account.

:class:`~cliq_tui.api.client.CliqClient`, :class:`~cliq_tui.api.budget.RateBudgets`,
:class:`~cliq_tui.sync.cache.QueueCache` and :class:`~cliq_tui.sync.lease.PollerLease` are the
real ones; tests and the benchmark pass smaller stand-ins, which the type checker holds to these.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.models import (
    Chat,
    ChatList,
    ScheduledMessage,
    ScheduledMessageList,
    ScheduleStatus,
)

if TYPE_CHECKING:
    from cliq_tui.sync.cache import CachedQueue
    from cliq_tui.sync.lease import PollerNews, Role
    from cliq_tui.sync.types import Delta, SyncState

# A time the client accepts: an aware datetime or epoch milliseconds.
When = datetime | int


class Budgets(Protocol):
    """What the engine reads of the per-endpoint rate budgets."""

    def remaining(self, endpoint: Endpoint) -> int:
        """Requests left in the current window."""
        ...

    def limit(self, endpoint: Endpoint) -> int:
        """The per-minute limit enforced for ``endpoint``."""
        ...

    def status(self, endpoint: Endpoint) -> BudgetStatus:
        """One endpoint's budget, with the lock the server reported (if any)."""
        ...

    def snapshot(self) -> list[BudgetStatus]:
        """Every endpoint's budget worth showing (empty when the budgets cannot say)."""
        ...

    def seconds_until_free(self, endpoint: Endpoint) -> float | None:
        """Seconds until one more request may go (None: the budgets cannot say)."""
        ...

    @property
    def warning(self) -> str | None:
        """Why the budget is not shared as it should be (set aside, not writable), or None."""
        ...


class ChatReader(Protocol):
    """The reads that find which chat each message is in (the resolver and reconciler)."""

    async def list_chat_scheduled_messages(self, chat_id: str) -> ScheduledMessageList:
        """Every pending message in one chat."""
        ...

    async def list_chats(
        self,
        *,
        modified_after: int | None = None,
        modified_before: int | None = None,
        next_token: str | None = None,
    ) -> ChatList:
        """One page of the user's chats (``next_token``: the cursor of the page after it)."""
        ...

    async def get_chat(self, chat_id: str) -> Chat:
        """One chat's details."""
        ...


class SyncClient(ChatReader, Protocol):
    """Everything the engine asks of the API client."""

    @property
    def budgets(self) -> Budgets | None:
        """The client's rate budgets; None: the engine counts its own requests."""
        ...

    async def list_scheduled_messages(
        self,
        *,
        sync_token: str | None = None,
        page_size: int = 100,
        max_wait: float | None = None,
    ) -> ScheduledMessageList:
        """Every pending message across chats (or the changes since ``sync_token``)."""
        ...

    async def edit_message(
        self,
        chat_id: str,
        message_id: str,
        *,
        text: str | None = None,
        schedule_time: When | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
        remove_file: bool = False,
    ) -> ScheduledMessage:
        """Edit one message; the message as the server now has it."""
        ...

    async def send_now(self, chat_id: str, message_id: str) -> None:
        """Deliver one message now."""
        ...

    async def delete_message(self, chat_id: str, message_id: str) -> None:
        """Delete one message."""
        ...

    async def send_all_now(self, chat_id: str) -> None:
        """Deliver everything pending in a chat now."""
        ...

    async def delete_all(self, chat_id: str) -> None:
        """Delete everything pending in a chat."""
        ...

    async def reschedule_time_based(
        self, chat_id: str, *, time: datetime, new_time: datetime, timezone: str | None = None
    ) -> list[ScheduledMessage]:
        """Move every time-based message due at ``time``; the messages moved."""
        ...

    async def reschedule_status_based(
        self, chat_id: str, *, existing_status: ScheduleStatus, new_status: ScheduleStatus
    ) -> list[ScheduledMessage]:
        """Move every message with one trigger to another; the messages moved."""
        ...

    async def create_message(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: datetime | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
    ) -> ScheduledMessage | None:
        """Schedule a new message; it, when the server says what it created."""
        ...


class SyncCache(Protocol):
    """The queue on disk: the engine's first paint, its memory, and other windows' news."""

    @property
    def path(self) -> Path:
        """The file the queue is kept in."""
        ...

    @property
    def warning(self) -> str | None:
        """Why the cache was set aside or is off, or None."""
        ...

    def load(self) -> CachedQueue:
        """Everything the cache holds."""
        ...

    def changes(self) -> CachedQueue | None:
        """What other processes wrote since the last look (None: nothing)."""
        ...

    def save(self, delta: Delta, *, mapping: dict[str, str], sync_token: str | None) -> None:
        """Write a change of the queue."""
        ...

    def note_listed(self, sync_token: str | None, when: datetime) -> None:
        """Remember the newest sync token and when the queue was listed."""
        ...


class Lease(Protocol):
    """A window's claim to poll for an account that several windows share."""

    @property
    def role(self) -> Role:
        """This window's part right now."""
        ...

    def check(self, state: SyncState | None = None, *, publish: bool = False) -> Role:
        """Look at the lease (keep, take or follow); publish ``state`` while polling."""
        ...

    def news(self) -> PollerNews:
        """The poller's freshness as it published it."""
        ...

    def release(self) -> None:
        """Give the role up."""
        ...
