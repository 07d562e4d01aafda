"""The endpoints the client calls, with their documented rate limits and lock periods."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class EndpointSpec:
    """One operation: how it is called and what the API allows per minute per user."""

    label: str
    method: str
    path: str
    per_minute: int
    lock_seconds: int
    mutating: bool


class Endpoint(Enum):
    """Every operation the client performs; ``value`` carries its :class:`EndpointSpec`."""

    LIST_ALL = EndpointSpec("list all", "GET", "/api/v3/scheduledmessages", 20, 600, False)
    LIST_CHAT = EndpointSpec(
        "list in chat", "GET", "/api/v3/chats/{chat_id}/scheduledmessages", 20, 600, False
    )
    SEND_NOW = EndpointSpec(
        "send now", "POST", "/api/v3/chats/{chat_id}/scheduledmessages", 50, 600, True
    )
    RESCHEDULE = EndpointSpec(
        "bulk reschedule", "PUT", "/api/v3/chats/{chat_id}/scheduledmessages", 20, 600, True
    )
    DELETE_ALL = EndpointSpec(
        "delete all", "DELETE", "/api/v3/chats/{chat_id}/scheduledmessages", 20, 600, True
    )
    EDIT = EndpointSpec(
        "edit", "PUT", "/api/v3/chats/{chat_id}/scheduledmessages/{message_id}", 20, 600, True
    )
    DELETE_ONE = EndpointSpec(
        "delete", "DELETE", "/api/v3/chats/{chat_id}/scheduledmessages/{message_id}", 20, 600, True
    )
    LIST_CHATS = EndpointSpec("list chats", "GET", "/api/v3/chats", 30, 600, False)
    CHAT_DETAILS = EndpointSpec("chat details", "GET", "/api/v3/chats/{chat_id}", 60, 300, False)
    CREATE = EndpointSpec(
        "create", "POST", "/api/v2/chats/{chat_id}/scheduledmessages", 50, 600, True
    )

    @property
    def spec(self) -> EndpointSpec:
        """The endpoint's method, path and limits."""
        return self.value
