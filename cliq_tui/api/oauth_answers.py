"""Reading the Zoho accounts server's token answers: lifetimes, and the token-limit refusal."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from cliq_tui.api.errors import TokenLimitError
from cliq_tui.api.http import describe_free_at
from cliq_tui.api.token_cache import TOKEN_LIMIT

# Token lifetimes: the usual hour, and the most a lifetime in seconds can plausibly be.
_DEFAULT_LIFETIME = 3600.0
_MAX_LIFETIME = 86400.0


def token_lifetime(body: dict[str, object]) -> float:
    """Seconds an access token lives, from a token answer.

    Zoho's answers have carried ``expires_in`` in milliseconds beside ``expires_in_sec``: prefer
    the latter, read an ``expires_in`` too large for seconds as milliseconds, and fall back to an
    hour for anything missing or absurd, so a token is never kept for days.
    """
    seconds = _positive(body.get("expires_in_sec"))
    if seconds is not None and seconds <= _MAX_LIFETIME:
        return seconds
    value = _positive(body.get("expires_in"))
    if value is not None and value > _MAX_LIFETIME:
        value /= 1000.0  # milliseconds
    if value is None or value > _MAX_LIFETIME:
        return _DEFAULT_LIFETIME
    return value


def _positive(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def is_token_limit_refusal(status_code: int, body: dict[str, object]) -> bool:
    """True when the accounts server refused a token for the 10-per-10-minutes limit.

    Zoho answers HTTP 200 (and, it seems, sometimes 400) with ``{"error": "Access Denied"}`` and
    a description about too many requests.
    """
    error = str(body.get("error") or "").strip().lower()
    described = str(body.get("error_description") or "").lower()
    return status_code == 429 or error == "access denied" or "too many requests" in described


def token_limit_error(until: float, now: float, *, sent: bool) -> TokenLimitError:
    """The words for Zoho's token limit: not the credentials, and when it frees up."""
    return TokenLimitError(
        f"Zoho allows {TOKEN_LIMIT} access tokens per 10 minutes for a refresh token and "
        f"refused another: wait until {describe_free_at(until, now)}. The credentials are fine"
        + ("." if sent else "; nothing was sent to Zoho."),
        locked_until=datetime.fromtimestamp(until, UTC),
        status_code=200,
        code="Access Denied" if sent else None,
        endpoint="oauth token",
        from_server=True,
        sent=sent,
    )
