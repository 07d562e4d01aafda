"""What a change command reads about a chat to check a request before it is sent, or to say
why it matched nothing: one listing of the chat, never more."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from cliq_tui.api.client import CliqClient
from cliq_tui.api.errors import CliqError
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduleStatus
from cliq_tui.base.textsafe import cut_cells, visible
from cliq_tui.cli.common import NothingDone, UsageError
from cliq_tui.cli.listing import in_queue_order, readable_time, typed_trigger

__all__ = ["chat_title", "check_editable", "nothing_due", "nothing_waits"]

# How many due times or triggers the line names before "and N more".
_SHOWN = 5


def chat_title(chat_id: str, chats: Mapping[str, Chat]) -> str:
    """ "chat <id>", with the chat's name where it is known."""
    chat = chats.get(chat_id)
    if chat is not None and chat.name:
        return f"chat {cut_cells(visible(chat.name), 40)} ({chat_id})"
    return f"chat {chat_id}"


async def _pending(client: CliqClient, chat_id: str) -> list[ScheduledMessage] | None:
    """The chat's pending messages in the dashboard's order, or None when they cannot be read."""
    try:
        return in_queue_order((await client.list_chat_scheduled_messages(chat_id)).data)
    except CliqError:
        return None


def _some(counts: Counter[str]) -> str:
    """ "a, b (2 messages), c and 4 more" from counts in order."""
    parts = [f"{key} ({n} messages)" if n > 1 else key for key, n in counts.items()]
    more = len(parts) - _SHOWN
    return ", ".join(parts[:_SHOWN]) + (f" and {more} more" if more > 0 else "")


async def nothing_due(client: CliqClient, chat_id: str, at: datetime, title: str) -> NothingDone:
    """Why a time-based reschedule from ``at`` moved nothing, naming the times that are due."""
    said = f"nothing is due at {readable_time(at)} in {title}"
    pending = await _pending(client, chat_id)
    if pending is None:
        return NothingDone(f"{said}. Nothing was changed.")
    due = Counter(readable_time(m.time) for m in pending if m.time is not None)
    if not due:
        return NothingDone(f"{said}: no time-based message is pending there. Nothing was changed.")
    return NothingDone(f"{said}; due there: {_some(due)}. Nothing was changed.")


async def nothing_waits(
    client: CliqClient, chat_id: str, status: ScheduleStatus, title: str
) -> NothingDone:
    """Why a status-based reschedule from ``status`` moved nothing, naming the triggers there."""
    said = f"nothing waits for {status.value.replace('_', '-')} in {title}"
    pending = await _pending(client, chat_id)
    if pending is None:
        return NothingDone(f"{said}. Nothing was changed.")
    waiting = Counter(typed_trigger(m) for m in pending if m.time is None)
    if not waiting:
        return NothingDone(
            f"{said}: no status-based message is pending there. Nothing was changed."
        )
    return NothingDone(f"{said}; triggers there: {_some(waiting)}. Nothing was changed.")


async def check_editable(
    client: CliqClient, chat_id: str, message_id: str, *, text: bool, remove_file: bool
) -> None:
    """Refuse what the dashboard's edit dialog does not offer: the text (comment) of a file
    message, and removing the file of a text message. UsageError before anything is changed.

    A message the listing does not hold is left to the edit itself, whose answer says so.
    """
    pending = await _pending(client, chat_id)
    message = next((m for m in pending or [] if m.id == message_id), None)
    if message is None:
        return
    if text and message.is_file:
        raise UsageError(
            f"edit: message {message_id} is a file message: its comment cannot be edited "
            "(nor in the dashboard); change its --time or --status, or --remove-file. "
            "Nothing was changed."
        )
    if remove_file and not message.is_file:
        raise UsageError(
            f"edit: message {message_id} is a text message: it has no file to remove. "
            "Nothing was changed."
        )
