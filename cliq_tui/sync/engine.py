"""The sync engine: owns freshness of the local queue and applies user actions.

INTERFACE STUB: the signatures below are the contract the UI codes against. The bodies are filled
in by the sync work (issues 4 and 5).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cliq_tui.api.client import CliqClient, When
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduleStatus
from cliq_tui.sync.types import Delta, SyncState


class SyncEngine:
    """Keeps a local copy of the queue fresh within the API's rate budget.

    Listeners get :class:`Delta` objects (never snapshots) and :class:`SyncState` updates.
    Every message the engine hands out has ``chat_id`` set when the chat is known.
    """

    def __init__(self, client: CliqClient, *, cache: object | None = None) -> None:
        raise NotImplementedError

    # --- what the UI reads -------------------------------------------------------------------

    @property
    def state(self) -> SyncState:
        """Freshness right now."""
        raise NotImplementedError

    @property
    def messages(self) -> dict[str, ScheduledMessage]:
        """Every pending message, by id."""
        raise NotImplementedError

    @property
    def chats(self) -> dict[str, Chat]:
        """Every known chat, by id."""
        raise NotImplementedError

    def subscribe(
        self, on_delta: Callable[[Delta], None], on_state: Callable[[SyncState], None]
    ) -> None:
        """Be told of every delta and every state change."""
        raise NotImplementedError

    # --- freshness ---------------------------------------------------------------------------

    async def load_cache(self) -> Delta:
        """Load the cached queue (instant first paint); an empty delta when there is none."""
        raise NotImplementedError

    async def refresh(self, *, full: bool = False) -> Delta:
        """One sync round now: incremental with the sync token, or a full listing."""
        raise NotImplementedError

    async def run(self) -> None:
        """Poll forever on an interval derived from the list budget; resolve chats meanwhile.

        Pauses while :attr:`paused`; backs off when offline; waits out locks. Never raises for
        API or network errors: they become state changes.
        """
        raise NotImplementedError

    def pause(self) -> None:
        """Stop polling until :meth:`resume`."""
        raise NotImplementedError

    def resume(self) -> None:
        """Start polling again."""
        raise NotImplementedError

    @property
    def paused(self) -> bool:
        """True while live updates are paused."""
        raise NotImplementedError

    # --- actions: each calls the API, applies the response at once, returns the delta --------

    async def edit(
        self,
        message: ScheduledMessage,
        *,
        text: str | None = None,
        schedule_time: When | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
        remove_file: bool = False,
    ) -> Delta:
        """Edit one message."""
        raise NotImplementedError

    async def send_now(self, message: ScheduledMessage) -> Delta:
        """Deliver one message now."""
        raise NotImplementedError

    async def send_all(self, chat_id: str) -> Delta:
        """Deliver everything pending in the chat now."""
        raise NotImplementedError

    async def delete(self, message: ScheduledMessage) -> Delta:
        """Delete one message."""
        raise NotImplementedError

    async def delete_all(self, chat_id: str) -> Delta:
        """Delete everything pending in the chat."""
        raise NotImplementedError

    async def reschedule_time_based(
        self, chat_id: str, *, time: datetime, new_time: datetime, timezone: str | None = None
    ) -> Delta:
        """Move every time-based message in the chat due at ``time`` to ``new_time``."""
        raise NotImplementedError

    async def reschedule_status_based(
        self, chat_id: str, *, existing_status: ScheduleStatus, new_status: ScheduleStatus
    ) -> Delta:
        """Move every message in the chat with one trigger to another."""
        raise NotImplementedError

    async def create(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: datetime | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
    ) -> Delta:
        """Schedule a new text message in the chat."""
        raise NotImplementedError
