"""One exception tree for everything the client can report.

Every error has a short ``title`` and a ``message`` a user can act on. Nothing here ever holds a
token: error texts are built from API codes, status codes and endpoint names only.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

# What each documented API code means for the user, in one sentence they can act on.
CODE_SENTENCES: dict[str, str] = {
    "scheduled_msg_no_pending_msgs": "There are no pending scheduled messages in this chat.",
    "param_missing": "A required field is missing from the request.",
    "scheduled_msg_invalid_time_format": (
        "The schedule time is not valid: it must be a time in epoch milliseconds."
    ),
    "input_pattern_mismatch": "A value is not one of those the API allows (check the trigger).",
    "scheduled_msg_not_found": (
        "That scheduled message no longer exists: it was delivered or deleted."
    ),
    "checkin_status_message_restricted": (
        "Cliq does not accept this trigger in this kind of chat; pick another."
    ),
    "extra_key_found": "The request carried a field the API does not accept.",
    "request_limit_exceeded": "The API's rate limit was exceeded; the endpoint is locked for now.",
    "chat_access_denied": "You must be a participant in this chat to do that.",
    "chat_operation_failed": "Cliq could not perform the action; try again.",
    "too_many_requests": "Too many requests: the endpoint is locked for now.",
}

_STATUS_SENTENCES: dict[int, str] = {
    400: "Cliq rejected the request as malformed.",
    401: "Cliq rejected the access token: sign in again or check the token.",
    403: "Your account is not allowed to do that (missing permission or scope).",
    404: "Cliq could not find that chat or message.",
    429: "Too many requests: the endpoint is locked for now.",
    500: "Cliq had an internal error; try again shortly.",
}


class CliqError(Exception):
    """The root of every error the client raises."""

    title: str = "Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(CliqError, ValueError):
    """Input that fails validation before anything is sent; ``field`` names the bad input."""

    title = "Invalid input"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class APIConnectionError(CliqError):
    """The server could not be reached, or the connection broke."""

    title = "Offline"


class APITimeoutError(APIConnectionError):
    """The server did not answer in time."""

    title = "Timed out"


class OutcomeUnknownError(APIConnectionError):
    """A change was sent but no answer came back: it may or may not have happened.

    Never retried automatically; the next sync settles it.
    """

    title = "Outcome unknown"


class ResponseFormatError(CliqError):
    """The server answered with a body the client cannot read."""

    title = "Unreadable response"


class APIStatusError(CliqError):
    """The server answered with an error status."""

    title = "Request refused"

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        api_message: str | None = None,
        endpoint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.api_message = api_message
        self.endpoint = endpoint


class BadRequestError(APIStatusError):
    """HTTP 400: the request was refused as invalid."""


class SyncTokenExpiredError(BadRequestError):
    """HTTP 400 on an incremental list: the sync token was refused; list everything again."""

    title = "Sync token refused"


class AuthenticationError(APIStatusError):
    """HTTP 401: the access token is missing, wrong or expired."""

    title = "Not signed in"


class ScopeError(APIStatusError):
    """HTTP 401 or 403 ``oauthtoken_scope_invalid``: the token lacks a scope this call needs.

    A new access token carries the same scopes, so no refresh is spent on it; only a new grant
    (``cliq-tui auth login`` with the scope) helps. ``scope`` names it when known.
    """

    title = "Missing scope"

    def __init__(self, message: str, *, scope: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.scope = scope


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the account may not do this."""

    title = "Not allowed"


class NotFoundError(APIStatusError):
    """HTTP 404, or ``scheduled_msg_not_found``."""

    title = "Not found"


class ServerError(APIStatusError):
    """HTTP 5xx."""

    title = "Server error"


class RateLimitError(APIStatusError):
    """An endpoint is locked: by the server (429 or ``request_limit_exceeded``) or by the
    client's own budget, which refuses to send a request that would trip the server's lock.

    ``locked_until`` is when the endpoint frees up (UTC). ``from_server`` says who set the
    lock (Cliq, or the client's own budget); ``sent`` says whether this request reached the
    server: it is ``False`` when the client refused it locally, over budget or because of a
    lock it remembers from an earlier throttle, and then ``status_code`` is no server answer.
    """

    title = "Rate limited"

    def __init__(
        self,
        message: str,
        *,
        locked_until: datetime,
        status_code: int = 429,
        code: str | None = None,
        api_message: str | None = None,
        endpoint: str | None = None,
        from_server: bool = True,
        sent: bool = True,
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            code=code,
            api_message=api_message,
            endpoint=endpoint,
        )
        self.locked_until = locked_until
        self.from_server = from_server
        self.sent = sent

    @property
    def seconds_left(self) -> float:
        """Seconds until the endpoint frees up, never negative."""
        return max(0.0, (self.locked_until - datetime.now(UTC)).total_seconds())


class TokenLimitError(RateLimitError):
    """Zoho refused a new access token: it allows 10 per 10 minutes for one refresh token.

    Not a credentials problem; ``locked_until`` is when a new token may be asked for again.
    """

    title = "Token limit"


class ConfigError(CliqError):
    """The configuration is wrong: the message names the file, the key and what is expected."""

    title = "Configuration error"

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.key = key


def sentence_for(status_code: int, code: str | None) -> str:
    """The sentence a user sees for an API error: from its code when documented, else its status."""
    if code and code in CODE_SENTENCES:
        return CODE_SENTENCES[code]
    if status_code in _STATUS_SENTENCES:
        return _STATUS_SENTENCES[status_code]
    if status_code >= 500:
        return _STATUS_SENTENCES[500]
    return f"Cliq refused the request (HTTP {status_code})."


CAP_CODES = frozenset({"scheduled_msg_limit_exceeded"})
"""The code Cliq is expected to send for the 26th message (what the fake sends by default)."""
_THROTTLE_CODES = frozenset({"request_limit_exceeded", "too_many_requests"})
# Words of a refusal about the number of scheduled messages (Zoho's help: "You can schedule up
# to 25 messages"), not about a text's length or the request rate.
_CAP_WORDS = re.compile(
    r"\bup to \d+ (?:scheduled )?messages\b"
    r"|\b(?:number|count) of (?:pending |your )?scheduled messages\b"
    r"|\bscheduled messages? (?:limit|cap)\b"
    r"|\b(?:limit|maximum|cap) (?:of|on) (?:\d+ )?scheduled messages\b"
)
_NOT_CAP_WORDS = re.compile(
    r"\b(?:length|characters?|too long|size|rate|throttl\w*|per minute|requests)\b"
)


def is_cap_refusal(error: CliqError) -> bool:
    """True when Cliq refused a create because the user has as many pending messages as allowed.

    Zoho caps a user at 25 scheduled messages and does not document the error for the 26th, so
    this matches the expected code exactly, or else words about the number of scheduled
    messages; never a throttle, nor another ``..._exceeded`` code (a text too long is not the
    cap).
    """
    if not isinstance(error, APIStatusError) or isinstance(error, RateLimitError):
        return False
    code = (error.code or "").lower()
    if code in CAP_CODES:
        return True
    if code in _THROTTLE_CODES:
        return False
    words = " ".join((error.api_message or "").lower().split())
    return bool(_CAP_WORDS.search(words)) and not _NOT_CAP_WORDS.search(words)


# Codes of a status trigger refused for the kind of chat (the second is what the fake uses for
# "status triggers only in DMs"; Zoho documents only the first).
TRIGGER_CODES = frozenset({"checkin_status_message_restricted", "status_message_restricted"})


def is_trigger_refusal(error: CliqError) -> bool:
    """True when Cliq refused a status trigger for this kind of chat (code, or its words)."""
    if not isinstance(error, BadRequestError):
        return False
    if error.code in TRIGGER_CODES:
        return True
    words = (error.api_message or "").lower()
    return (
        error.code is None
        and "status" in words
        and ("direct message" in words or "chat type" in words)
    )
