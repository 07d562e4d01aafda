"""Reading the cache's rows without trusting them: a bad row is skipped, never a crash.

The file is on disk, so anything may be in it: NULL or BLOB cells, text that is not JSON,
JSON of the wrong shape, absurd numbers. Rows are parsed in one go when they are all sound
(fast at 5,000 messages) and one by one otherwise, keeping every row that parses and counting
the rest.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from cliq_tui.api.models import Chat, ScheduledMessage

M = TypeVar("M", bound=BaseModel)

# A sync token longer than this is not one the server gave (it would go into every URL).
MAX_TOKEN_LENGTH = 4096

_MESSAGES = TypeAdapter(list[ScheduledMessage])
_CHATS = TypeAdapter(list[Chat])


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while thousands of objects are built in one go.

    The collector would otherwise run several full passes over the new objects, none of which
    can be garbage yet; it roughly halves the time to load 5,000 messages.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Rows of two cells as SQLite gives them: any type, checked before use.
Rows = Sequence[tuple[object, object]]


def _parse(
    rows: Rows, adapter: TypeAdapter[list[M]], model: type[M]
) -> tuple[list[M], list[object]]:
    """The rows' ``(rowid, json)`` parsed; and the rowids of rows that did not parse."""
    texts = [(rowid, text) for rowid, text in rows if isinstance(text, str)]
    bad = [rowid for rowid, text in rows if not isinstance(text, str)]
    with no_gc():
        try:
            parsed = adapter.validate_json("[" + ",".join(text for _, text in texts) + "]")
        except (ValidationError, ValueError):
            parsed = None
        if parsed is not None and len(parsed) == len(texts):
            return parsed, bad
        good: list[M] = []
        for rowid, text in texts:
            try:
                good.append(model.model_validate_json(text))
            except (ValidationError, ValueError):
                bad.append(rowid)
    return good, bad


def parse_messages(
    rows: Rows,
) -> tuple[list[ScheduledMessage], list[object]]:
    """Messages from ``(rowid, json)`` rows, and the rowids of rows that are not messages."""
    return _parse(rows, _MESSAGES, ScheduledMessage)


def parse_chats(rows: Rows) -> tuple[list[Chat], list[object]]:
    """Chats from ``(rowid, json)`` rows, and the rowids of rows that are not chats."""
    return _parse(rows, _CHATS, Chat)


def text_pairs(rows: Rows) -> dict[str, str]:
    """The rows whose two cells are both non-empty text, as a dict."""
    return {a: b for a, b in rows if isinstance(a, str) and isinstance(b, str) and a and b}


def text_column(rows: Iterable[tuple[object, ...]]) -> list[str]:
    """The first cell of each row that is non-empty text."""
    return [r[0] for r in rows if isinstance(r[0], str) and r[0]]


def sync_token(value: str | None) -> str | None:
    """A cached sync token, or None when it cannot be one (the next listing is then full)."""
    if not value or len(value) > MAX_TOKEN_LENGTH or not value.isprintable():
        return None
    return value


def number(value: str | None) -> float | None:
    """A finite number from a meta value, or None."""
    if value is None or len(value) > 40:
        return None
    try:
        result = float(value)
    except ValueError:
        return None
    return result if result == result and abs(result) < 1e12 else None
