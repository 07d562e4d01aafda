"""What the dialogs hand to their ``submit`` callables: plain, frozen requests, no widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from cliq_tui.api.models import ScheduleStatus


@dataclass(frozen=True)
class EditRequest:
    """The changes to one message; every None field is left unchanged."""

    text: str | None = None
    schedule_time: datetime | None = None
    timezone: str | None = None
    status: ScheduleStatus | None = None
    remove_file: bool = False

    @property
    def is_empty(self) -> bool:
        """True when the request changes nothing."""
        return (
            self.text is None
            and self.schedule_time is None
            and self.timezone is None
            and self.status is None
            and not self.remove_file
        )


@dataclass(frozen=True)
class CreateRequest:
    """A new text message: either ``schedule_time`` (with ``timezone``) or ``status`` is set."""

    text: str
    schedule_time: datetime | None = None
    timezone: str | None = None
    status: ScheduleStatus | None = None


@dataclass(frozen=True)
class RescheduleRequest:
    """A bulk reschedule in one chat.

    ``mode="time"``: every time-based message due at ``time`` moves to ``new_time`` (optionally in
    ``timezone``). ``mode="status"``: every message with ``existing_status`` moves to
    ``new_status``.
    """

    mode: Literal["time", "status"]
    time: datetime | None = None
    new_time: datetime | None = None
    timezone: str | None = None
    existing_status: ScheduleStatus | None = None
    new_status: ScheduleStatus | None = None
