"""The two chats v3 read endpoints: list chats and chat details."""

from __future__ import annotations

import base64
import binascii
import json
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


def _chats_token(call: Call, query: dict[str, str], offset: int) -> str:
    cursor = {"e": call.state.store.epoch, "q": query, "o": offset}
    return base64.b64encode(json.dumps(cursor, separators=(",", ":")).encode()).decode()


def _parse_chats_token(call: Call, token: str) -> tuple[dict[str, str], int]:
    """The query and offset a next_token of GET /chats stands for; 400 when it is not ours."""
    try:
        cursor = json.loads(base64.b64decode(token.encode(), validate=True).decode())
        query, offset = cursor["q"], cursor["o"]
        valid = (
            cursor["e"] == call.state.store.epoch
            and isinstance(query, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in query.items())
            and isinstance(offset, int)
            and offset >= 0
        )
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise bad_request("invalid_next_token", "The next_token is not a token this server issued.")
    return query, offset


def list_chats(call: Call) -> tuple[int, Any]:
    """GET /api/v3/chats with the chat_ids, type, name, limit, modified_* and flag filters.

    With ``chats_paging="next_token"`` a page that has more after it carries ``next_token``;
    a request with it continues the same listing (its filters come from the token).
    """
    state = call.state
    raw_query = dict(call.request.query_params)
    limit = _int_param(raw_query.get("limit"), "limit", low=1, high=100) or DEFAULT_CHAT_LIMIT
    offset = 0
    token = raw_query.pop("next_token", None)
    if token and state.config.chats_paging == "next_token":
        raw_query, offset = _parse_chats_token(call, token)
    raw_query.pop("limit", None)
    chats = _filtered(call, raw_query)
    page = chats[offset : offset + limit]
    spelling = state.config.chat_types
    body: dict[str, Any] = {"chats": [chat_json(c, spelling=spelling) for c in page]}
    if state.config.chats_paging == "next_token" and offset + limit < len(chats):
        body["next_token"] = _chats_token(call, raw_query, offset + limit)
    return 200, body


def _filtered(call: Call, query: dict[str, str]) -> list[FakeChat]:
    """The chats a GET /chats query selects, in the order the reality lists them."""
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
    filtered = after is not None or before is not None
    if filtered and call.state.config.chats_filtered_order == "oldest":
        chats.reverse()
    return chats


def chat_details(call: Call) -> tuple[int, Any]:
    """GET /api/v3/chats/{chat_id}."""
    chat = call.state.chat(call.param("chat_id"))
    return 200, {"type": "chat", "data": chat_json(chat, spelling=call.state.config.chat_types)}


ROUTES = [
    Route("/api/v3/chats", api_endpoint("list_chats", list_chats), methods=["GET"]),
    Route("/api/v3/chats/{chat_id}", api_endpoint("chat_details", chat_details), methods=["GET"]),
]
