"""What undo (u) can take back: the last delete or edit of this session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core.requests import CreateRequest, EditRequest

FILE_NOT_RESTORABLE = "File messages cannot be restored by undo."
NOTHING_TO_UNDO = "Nothing to undo in this session."


@dataclass(frozen=True)
class DeletedMessages:
    """Messages deleted by one action (one, a selection, or a whole chat)."""

    messages: tuple[ScheduledMessage, ...]

    @property
    def restorable(self) -> list[ScheduledMessage]:
        """The text messages, which can be created again."""
        return [m for m in self.messages if not m.is_file]

    @property
    def files(self) -> list[ScheduledMessage]:
        """The file messages, which the API cannot create again."""
        return [m for m in self.messages if m.is_file]


@dataclass(frozen=True)
class EditedMessages:
    """Messages changed by one edit: each as it was before, with the change applied to it."""

    edits: tuple[tuple[ScheduledMessage, EditRequest], ...]


UndoRecord = DeletedMessages | EditedMessages


def recreate_request(message: ScheduledMessage) -> CreateRequest | None:
    """The create request that schedules a deleted text message again, or None for a file or a
    message without a schedule."""
    if message.is_file:
        return None
    if message.time is not None:
        return CreateRequest(message.text, schedule_time=message.time, timezone=message.timezone)
    if message.schedule_status is not None:
        return CreateRequest(message.text, status=message.schedule_status)
    return None


def revert_request(before: ScheduledMessage, change: EditRequest) -> EditRequest | None:
    """The edit that puts back what ``change`` changed on ``before`` (None: nothing to put back;
    a removed file cannot come back)."""
    text = before.text if change.text is not None and not before.is_file else None
    schedule_time = timezone = status = None
    if change.schedule_time is not None or change.timezone is not None or change.status:
        if before.time is not None:
            schedule_time, timezone = before.time, before.timezone
        else:
            status = before.schedule_status
    request = EditRequest(text, schedule_time, timezone, status)
    return None if request.is_empty else request


_MINUTE = timedelta(minutes=1)


def changed_since(change: EditRequest, current: ScheduledMessage) -> bool:
    """True when ``current`` no longer holds what ``change`` set on a field it touched: another
    window or device edited it after us, and putting our "before" back would undo their work.
    A time the server stored to the minute still counts as ours."""
    text = (current.text or "").strip()
    if change.text is not None and not current.is_file and text != change.text.strip():
        return True
    time = change.schedule_time
    if time is not None and (current.time is None or abs(current.time - time) >= _MINUTE):
        return True
    if change.timezone is not None and (current.timezone or "").lower() != change.timezone.lower():
        return True
    return change.status is not None and current.schedule_status != change.status


def describe_edit(change: EditRequest) -> str:
    """What an edit changed, in words: "text", "schedule", "text and schedule"."""
    parts = []
    if change.text is not None:
        parts.append("text")
    if change.schedule_time is not None or change.timezone is not None or change.status:
        parts.append("schedule")
    return " and ".join(parts) or "file"


def undo_note(messages: list[ScheduledMessage]) -> str:
    """What the delete confirmation says about undo for these messages."""
    files = sum(1 for m in messages if m.is_file)
    if not files:
        return "Undo (u) schedules the deleted messages again."
    if files == len(messages):
        return FILE_NOT_RESTORABLE
    return f"Undo (u) schedules the text messages again. {FILE_NOT_RESTORABLE}"
