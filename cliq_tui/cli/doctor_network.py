"""The network half of ``cliq-tui doctor``: two reads, never a change.

The token (one cheap read), which read scopes work, the clock against Cliq's ``Date`` header,
the shape of each answer against the client's models, and the rate budget left.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import (
    APIConnectionError,
    APIStatusError,
    CliqError,
    RateLimitError,
    ScopeError,
    TokenLimitError,
)
from cliq_tui.api.models import Chat, ScheduledMessageList
from cliq_tui.api.shapes import ShapeNote, check_shape
from cliq_tui.cli.doctor_checks import Report, Status
from cliq_tui.storage.config import Profile

SKEW_WARN_SECONDS = 30.0
"""Above this difference from Cliq's clock, schedule times typed here land noticeably off."""
SCOPE_INVALID = "oauthtoken_scope_invalid"
LIST_ALL_LIMIT = 100
"""Items the list-all read asks for: one request either way, and every item's shape is checked."""
WRITE_SCOPES = ("Messages.CREATE", "Messages.UPDATE", "Messages.DELETE")
_NTP_FIX = (
    "turn on network time: `timedatectl set-ntp true` on Linux, 'Set time automatically' on "
    "macOS and Windows"
)


@dataclass
class Probe:
    """One read of the doctor's: its answer, or the error that replaced it, and timing."""

    response: httpx.Response | None
    error: CliqError | None
    sent_at: float
    answered_at: float


async def probe(
    client: Any, endpoint: Endpoint, params: dict[str, Any], clock: Callable[[], float]
) -> Probe:
    """Send one read through the client (budget, auth, errors as usual)."""
    sent = clock()
    try:
        response = await client.read_raw(endpoint, params=params)
    except CliqError as exc:
        return Probe(None, exc, sent, clock())
    return Probe(response, None, sent, clock())


def _scope_missing(error: CliqError | None) -> bool:
    return isinstance(error, ScopeError) or (
        isinstance(error, APIStatusError) and error.code == SCOPE_INVALID
    )


def describe_failure(error: CliqError) -> tuple[Status, str, str | None]:
    """A read's failure in words, with its fix."""
    if isinstance(error, TokenLimitError):
        # Nothing can be read until it ends: a failure, not a check skipped.
        until = f"{error.locked_until.astimezone():%H:%M:%S}"
        return (
            "fail",
            f"Zoho refuses new access tokens until {until} (10 per 10 minutes for a refresh "
            "token were used up); the credentials are fine",
            f"wait until {until}, and keep other machines and scripts from asking for tokens "
            "with this refresh token meanwhile",
        )
    if isinstance(error, RateLimitError):
        return "skip", f"not checked: {error}", "wait until the endpoint frees up"
    if isinstance(error, APIConnectionError):
        return "fail", str(error), "check the network and the server URL"
    if isinstance(error, APIStatusError) and error.status_code == 401:
        return (
            "fail",
            f"Cliq refused the token ({error.code or 'HTTP 401'})",
            "sign in again: `cliq-tui auth login` (or pass a new --token)",
        )
    return "fail", str(error), None


def _body(probe_: Probe) -> object:
    try:
        return probe_.response.json() if probe_.response is not None else None
    except ValueError:
        return None


def _what_cliq_said(error: CliqError | None) -> str:
    """The refusal as Cliq sent it: its code, else its message, else the HTTP status."""
    if not isinstance(error, APIStatusError):
        return "no answer"
    if error.code:
        return error.code
    if error.api_message:
        return f'"{error.api_message[:120]}"'
    return f"HTTP {error.status_code}"


def check_scope(report: Report, scope: str, probe_: Probe, what: str) -> None:
    """A read scope, from the read that needs it."""
    if probe_.response is not None:
        report.add(scope, "ok", f"works ({what} answered)")
    elif _scope_missing(probe_.error):
        report.add(
            scope,
            "fail",
            f"the token lacks this scope: Cliq refused {what} ({_what_cliq_said(probe_.error)})",
            f"make a new grant code that includes ZohoCliq.{scope}, then `cliq-tui auth login`",
        )
    else:
        assert probe_.error is not None
        status, detail, fix = describe_failure(probe_.error)
        report.add(scope, "skip" if status == "skip" else "warn", f"not known: {detail}", fix)


def check_write_scopes(report: Report, scopes: list[str] | None) -> None:
    """Write scopes: only what the credentials file recorded; doctor never sends a change."""
    for scope in WRITE_SCOPES:
        if scopes is None:
            report.add(scope, "skip", "not checked: doctor never changes anything")
        elif scope in scopes:
            report.add(scope, "ok", "granted at sign-in (recorded in the credentials file)")
        else:
            report.add(
                scope,
                "fail",
                "not among the scopes granted at sign-in (recorded in the credentials file)",
                f"make a new grant code that includes ZohoCliq.{scope}, then `cliq-tui auth login`",
            )


def clock_skew(probes: list[Probe]) -> float | None:
    """Seconds this machine's clock is ahead of the server's ``Date`` (None: no header)."""
    best: float | None = None
    for p in probes:
        date = p.response.headers.get("date") if p.response is not None else None
        if not date:
            continue
        try:
            server = parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError):
            continue
        # Date has whole seconds and is stamped while the answer is made: compare the middle.
        local = (p.sent_at + p.answered_at) / 2
        skew = local - (server + 0.5)
        if best is None or abs(skew) < abs(best):
            best = skew
    return best


def human_duration(seconds: float) -> str:
    """A clock difference a reader can take in: ``45 s``, ``2 min 5 s``, ``2 h 0 min``."""
    total = round(seconds)
    if total < 120:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def check_clock(report: Report, probes: list[Probe]) -> None:
    """This machine's clock against Cliq's (schedule times and countdowns depend on it)."""
    skew = clock_skew(probes)
    if skew is None:
        report.add("clock", "skip", "not checked: Cliq's answers carried no Date header")
        return
    way = "ahead of" if skew > 0 else "behind"
    amount = human_duration(abs(skew))
    if abs(skew) <= SKEW_WARN_SECONDS:
        report.add("clock", "ok", f"within {max(1.0, abs(skew)):.0f} s of Cliq's")
        return
    report.add(
        "clock",
        "warn",
        f"this machine is {amount} {way} Cliq: relative times (in 10 min, +2h) land {amount} "
        f"off, and countdowns and 'in the past' checks are off by as much",
        _NTP_FIX,
    )


def _shape_notes(msgs: Probe, chats: Probe) -> tuple[list[ShapeNote], list[str]]:
    notes: list[ShapeNote] = []
    compared: list[str] = []
    body = _body(msgs)
    if body is not None:
        notes += check_shape(ScheduledMessageList, body, max_items=LIST_ALL_LIMIT)
        items = body.get("data") if isinstance(body, dict) else None
        compared.append("list all" + ("" if items else " (the queue is empty: no item to compare)"))
    body = _body(chats)
    if body is not None:
        listed = body.get("chats", body.get("data")) if isinstance(body, dict) else None
        if not isinstance(listed, list):
            notes.append(ShapeNote("chats", "missing", "no chat list (neither chats nor data)"))
        elif listed:
            notes += check_shape(Chat, listed[0], "chats[0]")
        compared.append("list chats")
    return notes, compared


def check_shapes(report: Report, msgs: Probe, chats: Probe) -> None:
    """Each read's answer against the client's models, said plainly."""
    notes, compared = _shape_notes(msgs, chats)
    if not compared:
        report.add("answer shapes", "skip", "not checked: no read was answered")
        return
    where = ", ".join(compared)
    serious = [n for n in notes if n.kind != "unknown"]
    # An unknown field is said once for all items (data[*].x), a wrong one with its item.
    unknown = list(
        {
            re.sub(r"\[\d+\]", "[*]", n.where): replace(n, where=re.sub(r"\[\d+\]", "[*]", n.where))
            for n in notes
            if n.kind == "unknown"
        }.values()
    )
    said = "; ".join([str(n) for n in serious[:6]] + [n.where for n in unknown[:6]])
    hidden = max(0, len(serious) - 6) + max(0, len(unknown) - 6)
    more = f" (and {hidden} more)" if hidden else ""
    if serious:
        report.add(
            "answer shapes",
            "warn",
            f"{where}: {len(serious)} missing or mistyped, {len(unknown)} unknown: {said}{more}",
            "nothing breaks yet; attach `cliq-tui list --trace FILE` output to a bug report",
        )
    elif unknown:
        report.add(
            "answer shapes",
            "ok",
            f"{where}: as the client expects, plus {len(unknown)} field(s) it does not know "
            f"(kept, ignored): {said}{more}",
        )
    else:
        report.add("answer shapes", "ok", f"{where}: exactly as the client expects")


def check_budget(report: Report, budgets: Any) -> None:
    """What is left of the per-minute budgets the client shares with other processes."""
    parts = []
    locked = []
    for status in budgets.snapshot():
        endpoint = status.endpoint
        if status.locked_until is not None:
            locked.append(
                f"{endpoint.spec.label} until {status.locked_until.astimezone():%H:%M:%S}"
            )
        if not endpoint.spec.mutating:
            parts.append(f"{endpoint.spec.label} {status.remaining}/{status.limit}")
    detail = ", ".join(parts) + " a minute"
    if locked:
        report.add(
            "budget left",
            "warn",
            f"{detail}; locked by Cliq: {', '.join(locked)}",
            "wait for the lock to end; polling and commands resume by themselves",
        )
    else:
        report.add("budget left", "ok", f"{detail}; no endpoint locked")


def _answered(p: Probe) -> bool:
    """True when the read reached Cliq with a token Cliq accepted (if not its scope)."""
    return p.response is not None or _scope_missing(p.error)


def _was_sent(p: Probe) -> bool:
    if p.response is not None:
        return True
    return isinstance(p.error, APIStatusError) and bool(getattr(p.error, "sent", True))


def check_token(report: Report, profile: Profile, probes: list[Probe]) -> bool:
    """The token, from the reads: True when it was accepted (the other checks can go on)."""
    if any(_answered(p) for p in probes):
        report.add("token", "ok", f"accepted ({profile.token_kind})")
        return True
    first = next(p.error for p in probes if p.error is not None)
    fatal = [p.error for p in probes if p.error and not isinstance(p.error, RateLimitError)]
    status, detail, fix = describe_failure(fatal[0] if fatal else first)
    report.add("token", status, detail, fix)
    return False


async def diagnose(
    report: Report,
    client: Any,
    profile: Profile,
    scopes: list[str] | None,
    clock: Callable[[], float] = time.time,
) -> None:
    """The network checks: at most two reads, never a change."""
    msgs = await probe(client, Endpoint.LIST_ALL, {"limit": LIST_ALL_LIMIT}, clock)
    probes = [msgs]
    if (
        msgs.response is not None
        or (isinstance(msgs.error, RateLimitError) and not isinstance(msgs.error, TokenLimitError))
        or _scope_missing(msgs.error)
    ):
        # The token may still be proven (or a scope found missing) by the other read.
        probes.append(await probe(client, Endpoint.LIST_CHATS, {"limit": 1}, clock))
    report.requests = sum(1 for p in probes if _was_sent(p))
    if check_token(report, profile, probes):
        chats = probes[1]
        check_scope(report, "Messages.READ", msgs, "list all")
        check_scope(report, "Chats.READ", chats, "list chats")
        check_write_scopes(report, scopes)
        check_clock(report, probes)
        check_shapes(report, msgs, chats)
    else:
        report.add("scopes, clock, shapes", "skip", "not checked: no read was answered")
    check_budget(report, client.budgets)
