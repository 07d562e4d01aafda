"""Request validation with the documented error codes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cliq_tui.fake.errors import bad_request
from cliq_tui.fake.model import STATUSES
from cliq_tui.fake.render import zone

# Epoch milliseconds from 1973 to 5138: below that a number is more likely seconds, above it
# microseconds; either way it is not the documented format.
_MIN_EPOCH_MS = 100_000_000_000
_MAX_EPOCH_MS = 99_999_999_999_999

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
SCHEMA_MAX_LIMIT = 200


def json_object(raw: bytes) -> dict[str, Any]:
    """The request body as a JSON object; 400 when it is missing or not an object."""
    if not raw.strip():
        raise bad_request("param_missing", "The request body is missing.")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise bad_request("input_pattern_mismatch", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("input_pattern_mismatch", "The request body must be a JSON object.")
    return body


def only_keys(body: dict[str, Any], allowed: Iterable[str]) -> None:
    """400 ``extra_key_found`` when the body carries a key the endpoint does not accept."""
    extra = sorted(set(body) - set(allowed))
    if extra:
        raise bad_request(
            "extra_key_found", f"An unsupported key was included in the request body: {extra[0]}."
        )


def required(body: dict[str, Any], *keys: str) -> None:
    """400 ``param_missing`` naming the first absent (or null) key."""
    for key in keys:
        if body.get(key) is None:
            raise bad_request(
                "param_missing", f"A required parameter is missing from the request: {key}."
            )


def one_of(value: Any, allowed: Iterable[str], field: str) -> str:
    """``value`` if it is one of ``allowed``; else 400 ``input_pattern_mismatch``."""
    options = tuple(allowed)
    if not isinstance(value, str) or value not in options:
        raise bad_request(
            "input_pattern_mismatch",
            f"An unrecognized value was passed for {field}: allowed are {', '.join(options)}.",
        )
    return value


def status(value: Any, field: str) -> str:
    """A documented status trigger, or 400 ``input_pattern_mismatch``."""
    return one_of(value, STATUSES, field)


def epoch_ms(value: Any, field: str) -> int:
    """An epoch-milliseconds integer; else 400 ``scheduled_msg_invalid_time_format``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not _MIN_EPOCH_MS <= value <= _MAX_EPOCH_MS
    ):
        raise bad_request(
            "scheduled_msg_invalid_time_format",
            f"Invalid {field} format. Expected epoch milliseconds.",
        )
    return value


def in_future(epoch: int, now_ms: int, field: str) -> int:
    """400 ``scheduled_msg_time_in_past`` unless ``epoch`` is after now."""
    if epoch <= now_ms:
        raise bad_request(
            "scheduled_msg_time_in_past", f"The {field} is in the past: pick a future time."
        )
    return epoch


def timezone(value: Any, field: str = "schedule_timezone") -> str:
    """An IANA time zone name of at most 100 characters; else 400 ``input_pattern_mismatch``."""
    if not isinstance(value, str) or len(value) > 100 or zone(value) is None:
        raise bad_request(
            "input_pattern_mismatch", f"The {field} must be an IANA time zone such as Asia/Kolkata."
        )
    return value


def text(value: Any, max_length: int) -> str:
    """Non-blank message text of at most ``max_length`` characters; else 400."""
    if not isinstance(value, str):
        raise bad_request("input_pattern_mismatch", "The text must be a string.")
    if not value.strip():
        raise bad_request("param_missing", "The text must not be empty.")
    if len(value) > max_length:
        raise bad_request(
            "input_length_exceeded", f"The text is longer than {max_length} characters."
        )
    return value


def boolean(value: Any, field: str) -> bool:
    """A JSON boolean; else 400 ``input_pattern_mismatch``."""
    if not isinstance(value, bool):
        raise bad_request("input_pattern_mismatch", f"The {field} must be true or false.")
    return value


def page_limit(raw: str | None) -> int:
    """The ``limit`` query: default 50; 101..200 are served as 100; else 400."""
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 1 <= value <= SCHEMA_MAX_LIMIT or raw.strip() != str(value):
        raise bad_request(
            "input_pattern_mismatch", "The limit must be a whole number from 1 to 100."
        )
    return min(value, MAX_LIMIT)


def v2_schedule_time(value: Any, tz_name: str) -> int:
    """A v2 ``yyyyMMddTHHmmss`` local time in ``tz_name`` as epoch ms; else 400."""
    try:
        if not isinstance(value, str) or len(value) != 15:
            raise ValueError
        local = datetime.strptime(value, "%Y%m%dT%H%M%S")
    except ValueError:
        raise bad_request(
            "scheduled_msg_invalid_time_format",
            "Invalid schedule_time format. Expected yyyyMMddTHHmmss.",
        ) from None
    return int(local.replace(tzinfo=zone(tz_name)).timestamp() * 1000)


def chat_allows(chat_type: str, trigger: str, rule: str = "checkin_not_in_dms") -> None:
    """Refuse a status trigger the chat does not accept, under the reality's ``rule``.

    ``checkin_not_in_dms`` (the spec's error table): check_in is refused in direct messages.
    ``only_in_dms`` (third-party code): every status trigger is refused outside direct
    messages. ``everywhere``: nothing is refused.
    """
    direct = chat_type == "direct_message"
    if rule == "checkin_not_in_dms" and trigger == "check_in" and direct:
        raise bad_request(
            "checkin_status_message_restricted",
            "The check_in status trigger is not supported for this chat type (direct messages).",
        )
    if rule == "only_in_dms" and not direct:
        code = (
            "checkin_status_message_restricted"
            if trigger == "check_in"
            else ("status_message_restricted")
        )
        raise bad_request(code, "Status-based messages can only be scheduled in direct messages.")
