"""Reading the answer of the v2 create, in either shape Cliq may give.

Zoho's v2 spec shows a flat object: ``id``, ``time`` and ``created_time`` in epoch ms,
``time_string`` (``yyyyMMddTHHmmss``), ``timezone``, ``creator`` as a string id and
``message: {msg, chid, sender, dname, ...}``, with no ``data`` wrapper. A v3-style answer wraps a
list item in ``data``. Either way the new message's id and chat come from the answer, so the
message is mapped to its chat at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import ResponseFormatError
from cliq_tui.api.http import parse_model
from cliq_tui.api.models import ScheduledMessage

# Epoch milliseconds between 1973 and 5138 (below: seconds, above: microseconds).
_MIN_MS, _MAX_MS = 100_000_000_000, 99_999_999_999_999


def created_message(body: dict[str, Any], endpoint: Endpoint) -> ScheduledMessage | None:
    """The created message an answer describes; None when it does not say which.

    ResponseFormatError when it says so in a shape that cannot be read.
    """
    data = body.get("data")
    if isinstance(data, dict):
        return parse_model(ScheduledMessage, data, endpoint)
    if isinstance(body.get("id"), str) and body["id"]:
        return parse_model(ScheduledMessage, _from_flat(body), endpoint)
    return None


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name or len(name) > 100:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _moment(value: object, tz: ZoneInfo | None) -> datetime | None:
    """Epoch ms (int, or digits) as an aware datetime in ``tz``; None when absent."""
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not _MIN_MS <= value <= _MAX_MS:
        raise ResponseFormatError(
            "Cliq answered the create with a time the client cannot read (not epoch ms)."
        )
    return datetime.fromtimestamp(value / 1000, tz or UTC)


def _from_flat(body: dict[str, Any]) -> dict[str, Any]:
    """The flat v2 answer as the fields of a list item (unknown fields kept)."""
    tz = _zone(body.get("timezone"))
    item: dict[str, Any] = {
        k: v for k, v in body.items() if k not in ("time", "created_time", "creator", "message")
    }
    item["time"] = _moment(body.get("time"), tz)
    item["created_time"] = _moment(body.get("created_time"), tz)
    creator = body.get("creator")
    if isinstance(creator, str):
        item["creator"] = {"id": creator}
    elif isinstance(creator, dict):
        item["creator"] = creator
    raw = body.get("message")
    message: dict[str, Any] = {"type": "text", "content": {}}
    if isinstance(raw, dict):
        if isinstance(raw.get("msg"), str):
            message["content"] = {"text": raw["msg"]}
        if isinstance(raw.get("chid"), str) and raw["chid"]:
            message["chid"] = raw["chid"]
        sender = raw.get("sender")
        if isinstance(sender, str):
            name = raw.get("dname")
            message["sender"] = {"id": sender, "name": name if isinstance(name, str) else None}
    item["message"] = message
    return item
