"""Every action lands in the activity log: what, where, on which messages, and how it ended.

:class:`ActivityRecorder` words an action's outcome; the log it writes to (the file on disk, or
memory for the demo) is :class:`cliq_tui.storage.activity.ActivityLog`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

from cliq_tui.api.models import Chat
from cliq_tui.core import format as fmt
from cliq_tui.core.error_words import report_for
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.sync.types import Delta

T = TypeVar("T")
log = logging.getLogger(__name__)


class ActivityRecorder:
    """Adds one entry per action to ``log``, with the chat's name and the profile in use."""

    def __init__(
        self,
        log: ActivityLog,
        *,
        now: Callable[[], datetime],
        chat: Callable[[str], Chat | None] = lambda _chat_id: None,
        profile: str | None = None,
    ) -> None:
        self.log = log
        self._now = now
        self._chat = chat
        self._profile = profile

    def record(
        self,
        action: str,
        *,
        chat_id: str | None,
        message_ids: Sequence[str],
        error: BaseException | None = None,
        detail: str = "",
    ) -> None:
        """Add one entry for ``action`` (an error gives its API code and sentence)."""
        code = getattr(error, "code", None) if error is not None else None
        if error is not None and not detail:
            report = report_for(error)
            detail = f"{report.title}: {report.message}"
        try:
            self.log.record(
                action,
                "error" if error is not None else "ok",
                at=self._now(),
                chat_id=chat_id,
                chat_name=fmt.chat_label(self._chat(chat_id), chat_id) if chat_id else None,
                message_ids=message_ids,
                code=code if isinstance(code, str) else None,
                detail=detail,
                profile=self._profile,
            )
        except Exception:  # the log is a record of the action, never a reason for it to fail
            log.warning("could not add %s to the activity log", action, exc_info=True)

    async def logged(
        self,
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
            self.record(action, chat_id=chat_id, message_ids=message_ids, error=error)
            raise
        ids = ids_of(result) if ids_of is not None else message_ids
        self.record(action, chat_id=chat_id, message_ids=ids)
        return result


def delta_ids(delta: Delta) -> list[str]:
    """The messages a delta adds or changes."""
    return [m.id for m in (*delta.added, *delta.changed)]
