"""Turning HTTP responses into bodies or exceptions from :mod:`cliq_tui.api.errors`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from cliq_tui.api.bounded import BodyTooLargeError, DeadlineError, size_words
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import (
    CODE_SENTENCES,
    TRIGGER_CODES,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CliqError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ScopeError,
    ServerError,
    SyncTokenExpiredError,
    sentence_for,
)
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList
from cliq_tui.api.scopes import is_scope_refusal, missing_scope_sentence, scope_for

# Codes that mean "throttled" whatever the status says: 400 request_limit_exceeded has been
# reported in the wild next to the documented 429.
THROTTLE_CODES = frozenset({"request_limit_exceeded", "too_many_requests"})
_NOT_FOUND_CODES = frozenset({"scheduled_msg_not_found"})


def is_throttle(status_code: int, code: str | None, message: str | None = None) -> bool:
    """True when a response means the endpoint is throttled and now locked.

    ``code`` may be missing (``message`` is the only field every error has), so a 400 whose
    message speaks of the throttle limit counts too.
    """
    if status_code == 429 or code in THROTTLE_CODES:
        return True
    return code is None and status_code == 400 and "throttle limit" in (message or "").lower()


def decode_json(response: httpx.Response) -> object:
    """The JSON of a body; ValueError for anything unreadable, absurd nesting included."""
    try:
        return response.json()
    except RecursionError:
        # json raises RecursionError, not ValueError, for "[[[[..." thousands deep.
        raise ValueError("JSON nested too deeply") from None


def error_fields(response: httpx.Response) -> tuple[str | None, str | None]:
    """The API ``code`` and ``message`` of an error body, when it has them."""
    try:
        body = decode_json(response)
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    code = body.get("code")
    message = body.get("message")
    return (
        code if isinstance(code, str) and code else None,
        message if isinstance(message, str) and message else None,
    )


def describe_free_at(until: float, now: float) -> str:
    """'14:05:32 (in 9m 58s)' for a clock time in epoch seconds, in local time."""
    when = datetime.fromtimestamp(until, UTC).astimezone()
    left = max(0, round(until - now))
    minutes, seconds = divmod(left, 60)
    span = f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"
    return f"{when:%H:%M:%S} (in {span})"


def status_error(
    response: httpx.Response,
    endpoint: Endpoint,
    *,
    now: float,
    locked_until: float | None = None,
    sync_token_sent: bool = False,
) -> APIStatusError:
    """The exception for an error response. ``locked_until`` is set for throttling."""
    status = response.status_code
    code, api_message = error_fields(response)
    sentence = sentence_for(status, code)
    if status == 400 and api_message and (code not in CODE_SENTENCES or code in TRIGGER_CODES):
        # A refusal we have no sentence for, or one whose truth is disputed (which chats accept
        # which trigger): Cliq's own words say more than ours.
        sentence = " ".join(api_message.split())[:300]
    common: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "api_message": api_message,
        "endpoint": endpoint.spec.label,
    }
    if 300 <= status < 400:
        sentence = (
            f"Cliq answered with a redirect to {redirect_host(response)}: check the base URL "
            "(the data centre of the account, e.g. cliq.zoho.eu)."
        )
    if is_throttle(status, code, api_message):
        until = locked_until if locked_until is not None else now
        return RateLimitError(
            f"{sentence} The {endpoint.spec.label} endpoint frees up at "
            f"{describe_free_at(until, now)}.",
            locked_until=datetime.fromtimestamp(until, UTC),
            from_server=True,
            **common,
        )
    if is_scope_refusal(status, code, api_message):
        # 401 or 403: either way the token lacks a scope, and a refresh would not add it.
        return ScopeError(missing_scope_sentence(endpoint), scope=scope_for(endpoint), **common)
    if code in _NOT_FOUND_CODES or status == 404:
        return NotFoundError(sentence, **common)
    if status == 400:
        if sync_token_sent:
            return SyncTokenExpiredError(
                "Cliq refused the sync token; the whole queue must be listed again.", **common
            )
        return BadRequestError(sentence, **common)
    if status == 401:
        return AuthenticationError(sentence, **common)
    if status == 403:
        return PermissionDeniedError(sentence, **common)
    if status >= 500:
        return ServerError(sentence, **common)
    return APIStatusError(sentence, **common)


def redirect_host(response: httpx.Response) -> str:
    """The host a redirect points to, as safe text (the header is the server's, untrusted)."""
    location = response.headers.get("location", "")
    try:
        host = httpx.URL(location).host if location else None
    except (httpx.InvalidURL, ValueError):
        host = None
    if host == "":
        try:
            host = response.request.url.host  # a relative Location: the same host
        except RuntimeError:  # a response built without its request
            host = None
    if not host or _HOST_CHARS.fullmatch(host) is None:
        return "an unknown address"
    return host[:253]


_HOST_CHARS = re.compile(r"[A-Za-z0-9.\-\[\]:]+")


def json_body(response: httpx.Response, endpoint: Endpoint) -> dict[str, Any]:
    """The JSON object of a successful response, or :class:`ResponseFormatError`."""
    try:
        body = decode_json(response)
    except ValueError as exc:
        raise ResponseFormatError(
            f"Cliq answered the {endpoint.spec.label} request with a body that is not JSON."
        ) from exc
    if not isinstance(body, dict):
        raise ResponseFormatError(
            f"Cliq answered the {endpoint.spec.label} request with an unexpected body."
        )
    return body


def transport_error(exc: httpx.TransportError, endpoint: Endpoint) -> CliqError:
    """Map a transport failure: not sent, timed out, or (for a change) outcome unknown."""
    label = endpoint.spec.label
    if isinstance(exc, _NOT_SENT):
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(
                f"Could not connect to Cliq in time ({label}); nothing was sent."
            )
        return APIConnectionError(f"Could not connect to Cliq ({label}); nothing was sent.")
    if endpoint.spec.mutating:
        return OutcomeUnknownError(
            f"The connection broke after the {label} request was sent: it may or may not have "
            "happened. The next refresh will show which; it was not repeated."
        )
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Cliq did not answer the {label} request in time.")
    return APIConnectionError(f"The connection to Cliq broke during {label} ({_how(exc)}).")


def bound_error(exc: BodyTooLargeError | DeadlineError, endpoint: Endpoint) -> CliqError:
    """Map an answer that was too large or too slow: for a change, its outcome is unknown."""
    label = endpoint.spec.label
    if endpoint.spec.mutating:
        what = (
            f"was larger than {size_words(exc.limit)}"
            if isinstance(exc, BodyTooLargeError)
            else f"did not come within {exc.seconds:g} s"
        )
        return OutcomeUnknownError(
            f"Cliq's answer to the {label} request {what}: it may or may not have happened. "
            "The next refresh will show which; it was not repeated."
        )
    if isinstance(exc, BodyTooLargeError):
        return ResponseFormatError(
            f"Cliq's answer to {label} was larger than {size_words(exc.limit)}; "
            "nothing was applied."
        )
    return APITimeoutError(
        f"Cliq did not answer the {label} request within {exc.seconds:g} s; nothing was applied."
    )


def _how(exc: httpx.TransportError) -> str:
    """What happened to the connection, in words (not an exception class name)."""
    if isinstance(exc, httpx.RemoteProtocolError):
        return "it closed before a complete answer"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return "the connection was reset"
    return "a network error"


# Transport errors raised before the request left this machine: safe to report as "not sent".
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)

_M = TypeVar("_M", ScheduledMessage, ScheduledMessageList, Chat)


def parse_model(model: type[_M], data: object, endpoint: Endpoint) -> _M:
    """Validate one response object, turning pydantic errors into ResponseFormatError."""
    if not isinstance(data, dict):
        raise ResponseFormatError(
            f"Cliq answered the {endpoint.spec.label} request with an unexpected body."
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) if exc.errors() else "?"
        raise ResponseFormatError(
            f"Cliq answered the {endpoint.spec.label} request with a body the client cannot read "
            f"(field {where})."
        ) from None
