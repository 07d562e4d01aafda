"""One place that turns any error into what the user sees: a title, a sentence, a severity."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from cliq_tui.api.errors import (
    APIConnectionError,
    APIStatusError,
    CliqError,
    InputError,
    OutcomeUnknownError,
    RateLimitError,
    TokenLimitError,
)
from cliq_tui.base.textsafe import visible
from cliq_tui.core.format import countdown

log = logging.getLogger(__name__)

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class ErrorReport:
    """What a toast says about an error."""

    title: str
    message: str
    severity: Severity


def report_for(error: BaseException) -> ErrorReport:
    """Route an error by its type to the words a user can act on (never a traceback).

    Error texts can carry the server's own words: they come back with controls made visible.
    """
    report = _report(error)
    return ErrorReport(visible(report.title), visible(report.message), report.severity)


def _report(error: BaseException) -> ErrorReport:
    if isinstance(error, InputError):
        return ErrorReport(error.title, error.message, "warning")
    if isinstance(error, TokenLimitError):
        # Zoho's accounts server, not Cliq, and the message already says until when.
        return ErrorReport(error.title, error.message, "warning")
    if isinstance(error, RateLimitError):
        wait = countdown(error.seconds_left)
        who = "Cliq locked" if error.from_server else "Holding back to avoid locking"
        endpoint = f" {error.endpoint}" if error.endpoint else ""
        return ErrorReport(
            error.title, f"{error.message} {who}{endpoint}: try again in {wait}.", "warning"
        )
    if isinstance(error, OutcomeUnknownError):
        return ErrorReport(
            error.title,
            _with(error.message, "It was not repeated; the next sync shows whether it happened."),
            "warning",
        )
    if isinstance(error, APIConnectionError):
        return ErrorReport(error.title, _with(error.message, "Nothing was changed."), "error")
    if isinstance(error, APIStatusError):
        code = f" ({error.code})" if error.code else ""
        return ErrorReport(error.title, f"{error.message}{code}", "error")
    if isinstance(error, CliqError):
        return ErrorReport(error.title, error.message, "error")
    # A bug of ours: log the details, show the kind of failure only (it may hold anything).
    log.debug("unexpected error", exc_info=error)
    return ErrorReport(
        "Unexpected error", f"Something went wrong ({type(error).__name__}).", "error"
    )


def _with(message: str, reassurance: str) -> str:
    """``message`` plus ``reassurance``, unless the message already says as much."""
    said = message.lower()
    if "not repeated" in said or "nothing was sent" in said or "nothing was changed" in said:
        return message
    return f"{message} {reassurance}"
