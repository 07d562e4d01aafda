"""Creates whose outcome is unknown: at most one scheduled message for every create asked for.

A create has no id until the server answers. When the connection breaks after the request was
sent, the message may exist or not, and sending it again could make two. So the engine keeps an
:class:`UncertainCreate` for it, refuses the same create (same chat and text) while it is
unknown, and lets the next listing of the chat settle it: a message in that chat that was not
there before, with the same text and the same time (or trigger), means it was created; none
means it was not, and only then may the user create it again, explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from cliq_tui.api.models import ScheduledMessage, ScheduleStatus

# A found message's time may differ from the one asked for by the rounding of the request's
# format (whole seconds, local wall-clock time); a minute either way is still the same message.
TIME_TOLERANCE_SECONDS = 60


class CreateOutcome(StrEnum):
    """Where an uncertain create stands."""

    UNKNOWN = "unknown"
    """Sent, no answer: the next sync of its chat settles it. Never sent again meanwhile."""
    CREATED = "created"
    """The sync found it: it was created after all."""
    MISSING = "missing"
    """The sync did not find it: it was not created; the user may create it again."""


@dataclass(frozen=True)
class UncertainCreate:
    """One create whose answer never came, and what the sync learnt about it."""

    chat_id: str
    text: str
    schedule_time: datetime | None
    status: ScheduleStatus | None
    known_ids: frozenset[str]
    """The chat's messages before the create: none of them can be the new one."""
    outcome: CreateOutcome = CreateOutcome.UNKNOWN
    found_id: str | None = None
    """The message the sync found, when it was created."""

    def same_request(self, chat_id: str, text: str) -> bool:
        """True for a create of the same text in the same chat (what a second Save sends)."""
        return self.chat_id == chat_id and self.text.strip() == text.strip()

    def is_it(self, message: ScheduledMessage) -> bool:
        """True when ``message`` is what this create made: new in the chat, same text and time."""
        if message.id in self.known_ids or message.is_file:
            return False
        if message.text.strip() != self.text.strip():
            return False
        if self.schedule_time is not None:
            if message.time is None:
                return False
            gap = abs((message.time - self.schedule_time).total_seconds())
            return gap <= TIME_TOLERANCE_SECONDS
        return message.schedule_status == self.status

    def settled(self, messages: list[ScheduledMessage]) -> UncertainCreate:
        """This create once its chat's complete listing (``messages``) is known."""
        found = next((m for m in messages if self.is_it(m)), None)
        if found is None:
            return replace(self, outcome=CreateOutcome.MISSING)
        return replace(self, outcome=CreateOutcome.CREATED, found_id=found.id)

    def describe(self) -> str:
        """Where it stands, in a sentence for the user."""
        if self.outcome is CreateOutcome.CREATED:
            return "The next sync found the message in the queue: it was created after all, once."
        if self.outcome is CreateOutcome.MISSING:
            return "Not found after the next sync: it was not created."
        return (
            "The create has an unknown outcome and was not repeated; the next sync checks "
            "whether the message exists."
        )
