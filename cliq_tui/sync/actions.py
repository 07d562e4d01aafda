"""The user's actions: each calls the API, applies the response to the queue at once, and
returns the :class:`Delta` it applied.

Errors propagate to the caller (the UI shows them), with two twists. A message that the server
no longer has (``NotFoundError`` on send or delete) leaves the queue before the error is raised.
An action whose outcome is unknown (``OutcomeUnknownError``) is never repeated: the message is
marked (:meth:`SyncEngine.pending_outcome`) and a prompt sync of its chat settles it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import (
    BadRequestError,
    InputError,
    NotFoundError,
    OutcomeUnknownError,
    is_trigger_refusal,
)
from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.ports import When
from cliq_tui.sync.types import Delta
from cliq_tui.sync.uncertain import UncertainCreate

if TYPE_CHECKING:
    from cliq_tui.sync.core import EngineCore
    from cliq_tui.sync.triggers import TriggerMemory

T = TypeVar("T")

# The code the API answers when a chat has nothing pending: the rows we show are stale.
NO_PENDING = "scheduled_msg_no_pending_msgs"


class Actions:
    """The user's actions on the engine's queue.

    ``refresh`` lists the queue at once (a create the server did not describe is fetched so).
    """

    def __init__(self, core: EngineCore, refresh: Callable[[], Awaitable[Delta]]) -> None:
        self._core = core
        self._refresh = refresh
        # What Cliq said about status triggers per kind of chat (None: not remembered).
        self.triggers: TriggerMemory | None = None

    # --- helpers -----------------------------------------------------------------------------

    async def _trigger_call(
        self,
        chat_id: str,
        status: ScheduleStatus | str | None,
        endpoint: Endpoint,
        fn: Callable[[], Awaitable[T]],
    ) -> T:
        """One call, remembering what Cliq said about ``status`` in this kind of chat."""
        try:
            result = await self._core.call(endpoint, fn)
        except BadRequestError as exc:
            if is_trigger_refusal(exc):
                self._learn_trigger(chat_id, status, exc)
            raise
        self._learn_trigger(chat_id, status, None)
        return result

    def _learn_trigger(
        self, chat_id: str, status: ScheduleStatus | str | None, error: BadRequestError | None
    ) -> None:
        chat = self._core.store.chats.get(chat_id)
        if self.triggers is None or status is None or chat is None or not chat.chat_type:
            return
        words = (error.api_message or str(error)) if error is not None else ""
        trigger = status.value if isinstance(status, ScheduleStatus) else str(status)
        self.triggers.record(
            chat.kind, trigger, accepted=error is None, words=words, at=self._core.clock()
        )

    def _chat_for(self, message: ScheduledMessage) -> str:
        """The message's chat, or an InputError saying why it is not known yet."""
        chat_id = self._core.store.chat_of.get(message.id) or message.chat_id
        chat_id = chat_id or message.known_chat_id
        if chat_id:
            return chat_id
        reason = self._core.resolver.reason(message.id) or "chat not yet known"
        raise InputError(f"This message's {reason}; try again once it is known.", field="chat")

    def _unknown(self, chat_id: str, message_ids: Iterable[str], what: str) -> None:
        """Mark messages as uncertain and ask for a prompt sync of their chat."""
        self._core.outcomes.unknown(chat_id, message_ids, what)
        self._core.wake()

    def _remove(self, message_ids: Iterable[str], action: str | None) -> Delta:
        """Drop messages; ``action`` names ours that removed them (None: found already gone)."""
        ids = list(message_ids)
        self._core.touch(ids)
        return self._core.publish(self._core.store.remove(ids), action=action)

    def _upsert(self, messages: Iterable[ScheduledMessage], chat_id: str, action: str) -> Delta:
        items = list(messages)
        self._core.touch(m.id for m in items)
        return self._core.publish(self._core.store.upsert(items, chat_id), action=action)

    # --- one message -------------------------------------------------------------------------

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
        chat_id = self._chat_for(message)
        self._core.outcomes.refuse_if_uncertain([message.id])
        try:
            updated = await self._trigger_call(
                chat_id,
                status,
                Endpoint.EDIT,
                lambda: self._core.client.edit_message(
                    chat_id,
                    message.id,
                    text=text,
                    schedule_time=schedule_time,
                    timezone=timezone,
                    status=status,
                    remove_file=remove_file,
                ),
            )
        except OutcomeUnknownError:
            self._unknown(chat_id, [message.id], "edit")
            raise
        return self._upsert([updated], chat_id, "edit")

    async def _one_gone(
        self,
        message: ScheduledMessage,
        endpoint: Endpoint,
        what: str,
        request: Callable[[str, str], Awaitable[None]],
    ) -> Delta:
        """Send or delete one message: on success, or if the server no longer has it, it goes."""
        chat_id = self._chat_for(message)
        self._core.outcomes.refuse_if_uncertain([message.id])
        try:
            await self._core.call(endpoint, lambda: request(chat_id, message.id))
        except NotFoundError:
            self._remove([message.id], None)
            raise
        except OutcomeUnknownError:
            self._unknown(chat_id, [message.id], what)
            raise
        return self._remove([message.id], what)

    async def send_now(self, message: ScheduledMessage) -> Delta:
        """Deliver one message now."""
        return await self._one_gone(
            message, Endpoint.SEND_NOW, "send now", self._core.client.send_now
        )

    async def delete(self, message: ScheduledMessage) -> Delta:
        """Delete one message."""
        return await self._one_gone(
            message, Endpoint.DELETE_ONE, "delete", self._core.client.delete_message
        )

    # --- a whole chat ------------------------------------------------------------------------

    async def _chat_gone(
        self,
        chat_id: str,
        endpoint: Endpoint,
        what: str,
        request: Callable[[str], Awaitable[None]],
    ) -> Delta:
        """Send or delete everything in a chat; its rows go on success or 'nothing pending'."""
        ids = [m.id for m in self._core.store.messages_in(chat_id)]
        self._core.outcomes.refuse_if_uncertain(ids)
        try:
            await self._core.call(endpoint, lambda: request(chat_id))
        except BadRequestError as exc:
            if exc.code == NO_PENDING:
                self._remove(ids, None)
            raise
        except NotFoundError:
            self._remove(ids, None)
            raise
        except OutcomeUnknownError:
            self._unknown(chat_id, ids, what)
            raise
        return self._remove(ids, what)

    async def send_all(self, chat_id: str) -> Delta:
        """Deliver everything pending in the chat now."""
        return await self._chat_gone(
            chat_id, Endpoint.SEND_NOW, "send all", self._core.client.send_all_now
        )

    async def delete_all(self, chat_id: str) -> Delta:
        """Delete everything pending in the chat."""
        return await self._chat_gone(
            chat_id, Endpoint.DELETE_ALL, "delete all", self._core.client.delete_all
        )

    async def reschedule_time_based(
        self, chat_id: str, *, time: datetime, new_time: datetime, timezone: str | None = None
    ) -> Delta:
        """Move every time-based message in the chat due at ``time`` to ``new_time``."""
        due = int(time.timestamp() * 1000)
        affected = [m.id for m in self._core.store.messages_in(chat_id) if m.due_epoch_ms == due]
        self._core.outcomes.refuse_if_uncertain(affected)
        try:
            moved = await self._core.call(
                Endpoint.RESCHEDULE,
                lambda: self._core.client.reschedule_time_based(
                    chat_id, time=time, new_time=new_time, timezone=timezone
                ),
            )
        except OutcomeUnknownError:
            self._unknown(chat_id, affected, "reschedule")
            raise
        return self._upsert(moved, chat_id, "reschedule")

    async def reschedule_status_based(
        self, chat_id: str, *, existing_status: ScheduleStatus, new_status: ScheduleStatus
    ) -> Delta:
        """Move every message in the chat with one trigger to another."""
        affected = [
            m.id
            for m in self._core.store.messages_in(chat_id)
            if m.schedule_status == existing_status
        ]
        self._core.outcomes.refuse_if_uncertain(affected)
        try:
            moved = await self._trigger_call(
                chat_id,
                new_status,
                Endpoint.RESCHEDULE,
                lambda: self._core.client.reschedule_status_based(
                    chat_id, existing_status=existing_status, new_status=new_status
                ),
            )
        except OutcomeUnknownError:
            self._unknown(chat_id, affected, "reschedule")
            raise
        return self._upsert(moved, chat_id, "reschedule")

    def create_outcome(
        self, chat_id: str, text: str, *, take: bool = False
    ) -> UncertainCreate | None:
        """Where a create of ``text`` in the chat stands when its outcome was unknown (None when
        no such create is remembered). ``take`` forgets it once settled: whoever takes it has
        told the user, so a later create of the same text is the user's explicit wish."""
        return self._core.outcomes.create_outcome(chat_id, text, take=take)

    async def create(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: datetime | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
    ) -> Delta:
        """Schedule a new text message in the chat.

        When the server does not say what it created, an incremental refresh fetches it if the
        list budget allows; otherwise the next poll does. When no answer comes at all, the create
        is remembered (:meth:`create_outcome`) and the same create is refused until the next
        sync of the chat settles whether it happened.
        """
        self._core.outcomes.check_create(chat_id, text)
        known = frozenset(m.id for m in self._core.store.messages_in(chat_id))
        try:
            created = await self._trigger_call(
                chat_id,
                status,
                Endpoint.CREATE,
                lambda: self._core.client.create_message(
                    chat_id,
                    text=text,
                    schedule_time=schedule_time,
                    timezone=timezone,
                    status=status,
                ),
            )
        except OutcomeUnknownError:
            self._core.outcomes.creates.append(
                UncertainCreate(chat_id, text, schedule_time, status, known)
            )
            self._unknown(chat_id, [], "create")
            raise
        if created is not None:
            return self._upsert([created], chat_id, "create")
        # Listing the chat maps the new message, which the global listing cannot place.
        self._core.outcomes.list_soon(chat_id)
        if self._core.remaining(Endpoint.LIST_ALL) > reserve(self._core.budgets, Endpoint.LIST_ALL):
            return await self._refresh()
        self._core.wake()
        return Delta()
