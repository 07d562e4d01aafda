"""Actions whose outcome is unknown: which messages await settling, and when their chats may be
listed to settle them.

An action whose request may or may not have reached the server (``OutcomeUnknownError``) is
never repeated. Its messages are marked (:meth:`Outcomes.reason` says why, for the UI) and
their chat is listed once ``settle_after`` has passed (a timed-out request may still be
processed late): what is gone from the listing happened, the rest did not. A create has no id
to mark; it is remembered as an :class:`UncertainCreate` and refused until its chat's listing
shows whether it happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from cliq_tui.api.errors import InputError
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.uncertain import CreateOutcome, UncertainCreate


class Outcomes:
    """The bookkeeping of unknown outcomes (no requests: the engine lists the chats)."""

    def __init__(self, clock: Callable[[], datetime], settle_after: timedelta) -> None:
        self._clock = clock
        self._settle_after = settle_after
        # Messages whose last action has an unknown outcome, with why (for the UI).
        self._pending: dict[str, str] = {}
        # Chat id -> when it may be listed to settle.
        self.settle_chats: dict[str, datetime] = {}
        # Creates whose answer never came, until their chat's listing settles them.
        self.creates: list[UncertainCreate] = []

    def busy(self) -> bool:
        """True while anything awaits settling (the user has acted)."""
        return bool(self.settle_chats or self._pending)

    def reason(self, message_id: str) -> str | None:
        """Why the message's state is uncertain, or None."""
        return self._pending.get(message_id)

    def refuse_if_uncertain(self, message_ids: Iterable[str]) -> None:
        """Never let the user repeat an action whose outcome is still unknown."""
        for mid in message_ids:
            if mid in self._pending:
                raise InputError(
                    "The last action on this message has an unknown outcome; the next sync "
                    "settles it. Try again after that.",
                    field="message",
                )

    def unknown(self, chat_id: str, message_ids: Iterable[str], what: str) -> None:
        """Mark messages as uncertain; their chat is listed once the wait is over."""
        for mid in message_ids:
            self._pending[mid] = f"{what}: outcome unknown, checking with the next sync"
        self.settle_chats[chat_id] = self._clock() + self._settle_after

    def list_soon(self, chat_id: str) -> None:
        """List the chat at the next settling (a create the server did not describe)."""
        self.settle_chats.setdefault(chat_id, self._clock())

    def due(self) -> list[str]:
        """The chats that may be listed now to settle, in id order."""
        now = self._clock()
        return [cid for cid, at in sorted(self.settle_chats.items()) if at <= now]

    def seconds_to_next(self) -> float:
        """Seconds until the earliest settling may run (inf when none is pending)."""
        if not self.settle_chats:
            return float("inf")
        first = min(self.settle_chats.values())
        return max(0.5, (first - self._clock()).total_seconds())

    def settled(self, chat_id: str, store: QueueStore) -> None:
        """The chat's complete listing is in the store: what was uncertain there is known."""
        del self.settle_chats[chat_id]
        messages = store.messages_in(chat_id)
        self.creates = [
            c.settled(messages)
            if c.chat_id == chat_id and c.outcome is CreateOutcome.UNKNOWN
            else c
            for c in self.creates
        ]
        for mid in list(self._pending):
            if store.chat_of.get(mid) in (chat_id, None):
                self._pending.pop(mid, None)

    def forget_gone(self, store: QueueStore) -> None:
        """Rows that left the queue need no settling whatever their chat."""
        for mid in [m for m in self._pending if m not in store.messages]:
            self._pending.pop(mid, None)

    # --- creates -----------------------------------------------------------------------------

    def create_outcome(
        self, chat_id: str, text: str, *, take: bool = False
    ) -> UncertainCreate | None:
        """Where a create of ``text`` in the chat stands (None: no such create remembered);
        ``take`` forgets it once settled."""
        found = next((c for c in self.creates if c.same_request(chat_id, text)), None)
        if take and found is not None and found.outcome is not CreateOutcome.UNKNOWN:
            self.creates.remove(found)
        return found

    def check_create(self, chat_id: str, text: str) -> None:
        """Refuse a create that may already have happened; forget one the sync settled."""
        uncertain = self.create_outcome(chat_id, text)
        if uncertain is None:
            return
        if uncertain.outcome is CreateOutcome.UNKNOWN:
            raise InputError(
                "The last create of this message has an unknown outcome and was not repeated; "
                "the next sync checks whether it exists. Try again after that.",
                field="message",
            )
        # Settled: said once, then a create of the same text is the user's explicit wish.
        self.creates.remove(uncertain)
        if uncertain.outcome is CreateOutcome.CREATED:
            raise InputError(
                f"{uncertain.describe()} It was not sent again (id {uncertain.found_id}); save "
                "once more to schedule a second copy.",
                field="message",
            )

    def outcomes(self) -> tuple[CreateOutcome, ...]:
        """Where every uncertain create stands, for the sync state."""
        return tuple(c.outcome for c in self.creates)
