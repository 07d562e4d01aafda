"""The create dialog: a new text message in one chat, at a time or on a status trigger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from cliq_tui import timeparse
from cliq_tui.api.models import Chat
from cliq_tui.drafts import DraftStore
from cliq_tui.ui.dialogs.message_form import MessageFormDialog, chat_title, utc_now
from cliq_tui.ui.dialogs.requests import CreateRequest
from cliq_tui.ui.dialogs.schedule import ScheduleSection

# The v2 create endpoint allows fewer characters than the v3 edit.
CREATE_TEXT_LIMIT = 4096


class CreateDialog(MessageFormDialog[CreateRequest]):
    """Schedule a new text message; dismisses True once ``submit`` succeeded."""

    dialog_title = "New scheduled message"
    text_limit = CREATE_TEXT_LIMIT

    def __init__(
        self,
        chat: Chat,
        submit: Callable[[CreateRequest], Awaitable[object]],
        *,
        drafts: DraftStore | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        clock = now or utc_now
        schedule = ScheduleSection(
            chat, now=clock, timezone=timeparse.local_timezone_name(), id="schedule"
        )
        super().__init__(
            chat=chat,
            submit=submit,
            drafts=drafts,
            draft_key=f"create:{chat.chat_id}",
            now=clock,
            has_text=True,
            text="",
            schedule=schedule,
        )

    def subtitle(self) -> str:
        return f"In {chat_title(self.chat)}"

    def build_request(self) -> CreateRequest | None:
        problem = self.text_problem(required=True)
        value = self.read_schedule()
        if problem is not None or not value.ok:
            return None
        if value.mode == "time":
            return CreateRequest(self.text, value.time.time, value.time.zone_name, None)
        return CreateRequest(self.text, None, None, value.status)
