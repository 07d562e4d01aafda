"""Typed views of the Cliq Scheduled Messages v3 (and chats v3) response bodies.

Every model keeps unknown fields (``extra="allow"``): the API adds fields over time and a client
that rejects them would break on the day it does.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cliq_tui.api.chattypes import chat_kind, is_direct

ID_MAX = 200
"""The longest id (chat or message) the client accepts, from the server or typed."""


class ScheduleStatus(StrEnum):
    """A status trigger: the message is delivered when the sender's status changes to it."""

    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    USER_AVAILABLE = "user_available"
    CALL_END = "call_end"

    @property
    def label(self) -> str:
        """The trigger in the user's words."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ScheduleStatus.CHECK_IN: "on check-in",
    ScheduleStatus.CHECK_OUT: "on check-out",
    ScheduleStatus.USER_AVAILABLE: "when available",
    ScheduleStatus.CALL_END: "when a call ends",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


def _id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id at all, or None.

    The length rule of ``validation.check_id`` (at most 200 characters): a 10 MB "id" is no id,
    and would be carried into every table, log line and cache row. Ids that are short but not
    one safe path segment (".", "a/b") are kept: they are shown, and refused before any request
    is built (``validation.request_path``).
    """
    if len(value) > ID_MAX:
        return f"{len(value)} characters; ids are at most {ID_MAX}"
    return None


def _number_as_text(value: object) -> object:
    """A number where text is expected (``file_size: 2048``) is read as its text: harmless."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class Person(_Model):
    """A sender or creator."""

    id: str | None = None
    name: str | None = None

    _lenient = field_validator("id", "name", mode="before")(_number_as_text)


class MessageContent(_Model):
    """The body of a message: ``text`` for text messages, file fields for file messages."""

    text: str | None = None
    file_name: str | None = None
    file_size: str | None = None
    comment: str | None = None

    _lenient = field_validator("text", "file_name", "file_size", "comment", mode="before")(
        _number_as_text
    )


class Message(_Model):
    """The message that will be delivered."""

    sender: Person | None = None
    type: str = "text"
    content: MessageContent = Field(default_factory=MessageContent)
    is_pinned: bool | None = None
    chid: str | None = None

    _lenient = field_validator("chid", mode="before")(_number_as_text)

    @field_validator("content", mode="before")
    @classmethod
    def _no_content(cls, value: object) -> object:
        return {} if value is None else value


class ScheduledMessage(_Model):
    """One pending message: time-based (``time``) or status-based (``schedule_status``)."""

    id: str
    timezone: str | None = None
    created_time: datetime | None = None
    time: datetime | None = None
    schedule_status: ScheduleStatus | None = None
    message: Message = Field(default_factory=Message)
    creator: Person | None = None
    chat_id: str | None = None

    _lenient = field_validator("id", "timezone", "chat_id", mode="before")(_number_as_text)

    @field_validator("id")
    @classmethod
    def _usable_id(cls, value: str) -> str:
        # An item whose id could never be sent back is no item the client can show or act on.
        if _id_problem(value):
            raise ValueError(_id_problem(value))
        return value

    @field_validator("message", mode="before")
    @classmethod
    def _no_message(cls, value: object) -> object:
        return {} if value is None else value

    @property
    def is_time_based(self) -> bool:
        """True when the message is delivered at a fixed time."""
        return self.time is not None

    @property
    def due_epoch_ms(self) -> int | None:
        """The delivery time in epoch milliseconds, or None for a status-based message."""
        return int(self.time.timestamp() * 1000) if self.time is not None else None

    @property
    def is_file(self) -> bool:
        """True for a file message."""
        return self.message.type == "file"

    @property
    def text(self) -> str:
        """The text of a text message, or the comment of a file message."""
        content = self.message.content
        return (content.text if not self.is_file else content.comment) or ""

    @property
    def preview(self) -> str:
        """A one-line preview for tables."""
        content = self.message.content
        if self.is_file:
            head = f"[file] {content.file_name or '?'}"
            return f"{head}: {content.comment}" if content.comment else head
        return " ".join((content.text or "").split())

    @property
    def known_chat_id(self) -> str | None:
        """The chat id carried by the item itself (``chat_id``, ``chat.id`` or ``message.chid``)."""
        if self.chat_id:
            return self.chat_id
        extra = self.model_extra or {}
        chat = extra.get("chat")
        chat_id = chat.get("id") if isinstance(chat, dict) else None
        if isinstance(chat_id, str) and chat_id:
            return chat_id
        return self.message.chid or None


class UnreadableItem(BaseModel):
    """A list item the client could not read: its id (when it had a usable one) and the field."""

    id: str | None = None
    field: str
    problem: str = ""

    def describe(self) -> str:
        """One line for a status bar, a log or stderr."""
        who = f"message {self.id}" if self.id else "a message without a usable id"
        why = f" ({self.problem})" if self.problem else ""
        return f"skipped {who}: field {self.field} could not be read{why}."


def parse_items(raw: object) -> tuple[list[ScheduledMessage], list[UnreadableItem]]:
    """A page's items read one by one: one odd item never hides the others."""
    if not isinstance(raw, list):
        return [], []
    items: list[ScheduledMessage] = []
    unreadable: list[UnreadableItem] = []
    for entry in raw:
        if not isinstance(entry, dict):
            unreadable.append(UnreadableItem(field="(item)", problem="not an object"))
            continue
        try:
            items.append(ScheduledMessage.model_validate(entry))
        except ValidationError as exc:
            first = exc.errors()[0] if exc.errors() else {"loc": ("?",), "msg": ""}
            raw_id = _number_as_text(entry.get("id"))
            usable = isinstance(raw_id, str) and raw_id and not _id_problem(raw_id)
            unreadable.append(
                UnreadableItem(
                    id=raw_id if usable and isinstance(raw_id, str) else None,
                    field=".".join(str(p) for p in first["loc"]) or "?",
                    problem=str(first.get("msg", ""))[:80],
                )
            )
    return items, unreadable


class ScheduledMessageList(_Model):
    """The result of a list call, all pages merged.

    ``deleted`` holds ids the server reported as removed on an incremental (sync_token) listing;
    ``incremental`` tells whether the listing was incremental; ``unreadable`` the items that
    could not be read (reported, the rest kept).
    """

    data: list[ScheduledMessage] = Field(default_factory=list)
    sync_token: str | None = None
    next_token: str | None = None
    deleted: list[str] = Field(default_factory=list)
    url: str | None = None
    type: str | None = None
    incremental: bool = False
    unreadable: list[UnreadableItem] = Field(default_factory=list)

    @field_validator("deleted", mode="before")
    @classmethod
    def _readable_deleted(cls, value: object) -> object:
        # Keep the ids that are ids; an odd entry must not make the whole page unreadable.
        if not isinstance(value, list):
            return [] if value is None else value
        kept = (_number_as_text(v) for v in value)
        return [v for v in kept if isinstance(v, str) and v and not _id_problem(v)]


ChatType = Literal[
    "channel",
    "bot",
    "entity_chat",
    "direct_message",
    "group_chat",
    "crossproduct_custom_chat",
    "thread",
    "unknown",
]


class Chat(_Model):
    """A chat from the chats v3 endpoints."""

    chat_id: str
    name: str | None = None
    chat_type: str | None = None
    participant_count: int | None = None
    created_time: datetime | None = None
    last_modified_time: datetime | None = None
    pinned: bool | None = None
    removed: bool | None = None
    creator: Person | None = None

    _lenient = field_validator("chat_id", "name", "chat_type", mode="before")(_number_as_text)

    @property
    def kind(self) -> str:
        """The chat type in the user's words: DM, group, channel, ... (any v2/v3 spelling)."""
        return chat_kind(self.chat_type)

    @property
    def is_direct(self) -> bool:
        """True for a one-to-one chat (``direct_message`` or v2's ``dm``)."""
        return is_direct(self.chat_type)


class ChatList(list[Chat]):
    """Chats of a GET /chats listing; ``next_token`` is the cursor of the page after them."""

    next_token: str | None = None


def dump_message(message: ScheduledMessage) -> dict[str, Any]:
    """The message as JSON-ready data, unknown fields included, None values left out."""
    return message.model_dump(mode="json", exclude_none=True)
