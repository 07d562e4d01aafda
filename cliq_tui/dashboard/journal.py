"""Every action lands in the activity log: what, where, on which messages, and how it ended."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from cliq_tui.core import format as fmt
from cliq_tui.sync.types import Delta
from cliq_tui.ui.errors import report_for

if TYPE_CHECKING:
    from cliq_tui.ui.app import CliqApp

T = TypeVar("T")
log = logging.getLogger(__name__)


def record(
    app: CliqApp,
    action: str,
    *,
    chat_id: str | None,
    message_ids: Sequence[str],
    error: BaseException | None = None,
    detail: str = "",
) -> None:
    """Add one entry for ``action`` (an error gives its API code and sentence)."""
    chat = app.engine.chats.get(chat_id) if app.engine is not None and chat_id else None
    code = getattr(error, "code", None) if error is not None else None
    if error is not None and not detail:
        report = report_for(error)
        detail = f"{report.title}: {report.message}"
    try:
        app.activity.record(
            action,
            "error" if error is not None else "ok",
            at=app.now(),
            chat_id=chat_id,
            chat_name=fmt.chat_label(chat, chat_id) if chat_id else None,
            message_ids=message_ids,
            code=code if isinstance(code, str) else None,
            detail=detail,
            profile=app.profile_name,
        )
    except Exception:  # the log is a record of the action, never a reason for it to fail
        log.warning("could not add %s to the activity log", action, exc_info=True)


async def logged(
    app: CliqApp,
    action: str,
    chat_id: str | None,
    message_ids: Sequence[str],
    call: Callable[[], Awaitable[T]],
    *,
    ids_of: Callable[[T], Sequence[str]] | None = None,
) -> T:
    """Run ``call`` and log how it ended; errors are logged and raised again.

    ``ids_of`` names the messages from the result when they are not known beforehand (a new
    message's id, the messages a reschedule moved).
    """
    try:
        result = await call()
    except Exception as error:
        record(app, action, chat_id=chat_id, message_ids=message_ids, error=error)
        raise
    ids = ids_of(result) if ids_of is not None else message_ids
    record(app, action, chat_id=chat_id, message_ids=ids)
    return result


def delta_ids(delta: Delta) -> list[str]:
    """The messages a delta adds or changes."""
    return [m.id for m in (*delta.added, *delta.changed)]
