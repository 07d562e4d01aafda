"""The two chats v3 read endpoints: list chats and chat details."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from cliq_tui.fake.api import Call, api_endpoint
from cliq_tui.fake.errors import bad_request
from cliq_tui.fake.model import FakeChat
from cliq_tui.fake.render import chat_json

# The `type` filter's documented values and what each selects.
_TYPE_FILTERS = {
    "dm": lambda c: c.chat_type == "direct_message",
    "channel": lambda c: c.chat_type == "channel",
    "bot": lambda c: c.chat_type == "bot",
    "threads": lambda c: c.chat_type == "thread",
    "muted": lambda c: c.muted,
    "guests": lambda c: False,  # the demo organisation has no guest chats
}
_BOOLEAN_FILTERS = ("muted", "pinned", "drafts", "closed", "joined")
DEFAULT_CHAT_LIMIT = 100


def _int_param(raw: str | None, name: str, *, low: int, high: int) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise bad_request(
            "input_pattern_mismatch",
            f"The {name} must be a number from {low} to {high}.",
        )
    return value


def list_chats(call: Call) -> tuple[int, Any]:
    """GET /api/v3/chats with the chat_ids, type, name, limit, modified_* and flag filters."""
    query = call.request.query_params
    limit = _int_param(query.get("limit"), "limit", low=1, high=100) or DEFAULT_CHAT_LIMIT
    after = _int_param(query.get("modified_after"), "modified_after", low=0, high=2**62)
    before = _int_param(query.get("modified_before"), "modified_before", low=0, high=2**62)
    chats: list[FakeChat] = list(call.state.store.chats.values())
    if query.get("type") is not None:
        kind = query["type"]
        if kind not in _TYPE_FILTERS:
            raise bad_request(
                "input_pattern_mismatch",
                "An unrecognized value was passed for type: allowed are "
                + ", ".join(_TYPE_FILTERS)
                + ".",
            )
        chats = [c for c in chats if _TYPE_FILTERS[kind](c)]
    if query.get("chat_ids"):
        wanted = {part.strip() for part in query["chat_ids"].split(",") if part.strip()}
        chats = [c for c in chats if c.chat_id in wanted]
    if query.get("name"):
        needle = query["name"].lower()
        chats = [c for c in chats if needle in c.name.lower()]
    for flag in _BOOLEAN_FILTERS:
        raw = query.get(flag)
        if raw is None:
            continue
        if raw not in ("true", "false"):
            raise bad_request("input_pattern_mismatch", f"The {flag} must be true or false.")
        if flag in ("muted", "pinned") and raw == "true":
            chats = [c for c in chats if getattr(c, flag)]
    if after is not None:
        chats = [c for c in chats if c.last_modified_ms > after]
    if before is not None:
        chats = [c for c in chats if c.last_modified_ms < before]
    chats.sort(key=lambda c: (-c.last_modified_ms, c.chat_id))
    return 200, {"chats": [chat_json(c) for c in chats[:limit]]}


def chat_details(call: Call) -> tuple[int, Any]:
    """GET /api/v3/chats/{chat_id}."""
    chat = call.state.chat(call.param("chat_id"))
    return 200, {"type": "chat", "data": chat_json(chat)}


ROUTES = [
    Route("/api/v3/chats", api_endpoint("list_chats", list_chats), methods=["GET"]),
    Route("/api/v3/chats/{chat_id}", api_endpoint("chat_details", chat_details), methods=["GET"]),
]
