"""The fake server's own records of chats and scheduled messages (independent of cliq_tui.api)."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("check_in", "check_out", "user_available", "call_end")
"""The documented status triggers."""

CHAT_TYPES = ("direct_message", "group_chat", "channel", "bot", "thread")
"""Chat types the fake seeds (a subset of the spec's v3-chat enum)."""


@dataclass
class Person:
    """A Cliq user: sender, creator or chat participant."""

    id: str
    name: str

    def to_json(self) -> dict[str, str]:
        """As the spec's examples show a sender or creator."""
        return {"name": self.name, "id": self.id}


@dataclass
class FakeChat:
    """A chat the user belongs to."""

    chat_id: str
    name: str
    chat_type: str
    participant_count: int
    created_ms: int
    last_modified_ms: int
    creator: Person
    pinned: bool = False
    removed: bool = False
    muted: bool = False
    unread_message_count: int = 0


@dataclass
class FakeMessage:
    """One pending scheduled message: time-based (``time_ms``) or status-based (``status``)."""

    id: str
    chat_id: str
    timezone: str
    created_ms: int
    sender: Person
    creator: Person
    time_ms: int | None = None
    status: str | None = None
    type: str = "text"
    text: str = ""
    file_name: str | None = None
    file_size: str | None = None
    file_removed: bool = False
    is_pinned: bool = False
    # Change bookkeeping for sync tokens: the change sequence that created and last touched it.
    created_seq: int = 0
    seq: int = 0
    extra: dict[str, object] = field(default_factory=dict)
    # Raw values put into the rendered item by dotted path ("message.content.file_size": 2048),
    # so a seed can serve types and times the API documents no room for (the hostile seed).
    raw: dict[str, object] = field(default_factory=dict)

    @property
    def is_time_based(self) -> bool:
        """True when delivered at a fixed time."""
        return self.time_ms is not None
