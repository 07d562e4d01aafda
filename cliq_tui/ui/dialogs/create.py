"""The create dialog: a new text message in one chat, at a time or on a status trigger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button

from cliq_tui.api.errors import CliqError, OutcomeUnknownError
from cliq_tui.api.models import Chat
from cliq_tui.core import timeparse
from cliq_tui.core.requests import CreateRequest
from cliq_tui.dashboard.chat_choice import ChatTarget, usable
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.sync.cap import cap_warning
from cliq_tui.sync.uncertain import CreateOutcome, UncertainCreate
from cliq_tui.ui.dialogs.message_form import MessageFormDialog, chat_title, utc_now
from cliq_tui.ui.dialogs.schedule import ScheduleSection
from cliq_tui.ui.dialogs.widgets import PlainText

UNKNOWN_NOTE = (
    "the connection broke after the request was sent, so the message may or may not exist. It "
    "was not repeated; Save stays off until the next sync shows whether it exists (Esc closes "
    "and keeps a draft)."
)
# Where a create whose answer never came stands: (text, take) -> the engine's record or None.
OutcomeLookup = Callable[[str, bool], UncertainCreate | None]

# The v2 create endpoint allows fewer characters than the v3 edit.
CREATE_TEXT_LIMIT = 4096


@dataclass
class ChatChange:
    """How the create dialog changes its chat: the ``target`` the request goes to, a
    ``picker(current)`` screen that answers with a chat id, and ``lookup`` for a chat by id."""

    target: ChatTarget
    picker: Callable[[str | None], Screen[str | None]]
    lookup: Callable[[str], Chat | None]


class CreateDialog(MessageFormDialog[CreateRequest]):
    """Schedule a new text message; dismisses True once ``submit`` succeeded."""

    BINDINGS = [
        Binding("ctrl+o", "change_chat", "Change chat", priority=True, id="dialog.change_chat"),
    ]

    dialog_title = "New scheduled message"
    text_limit = CREATE_TEXT_LIMIT

    def __init__(
        self,
        chat: Chat,
        submit: Callable[[CreateRequest], Awaitable[object]],
        *,
        drafts: DraftStore | None = None,
        now: Callable[[], datetime] | None = None,
        outcome: OutcomeLookup | None = None,
        pending: int | None = None,
        change: ChatChange | None = None,
    ) -> None:
        clock = now or utc_now
        # With ``change`` the user may send to another chat (ctrl+o): the draft keeps it.
        self._change = change
        self._outcome = outcome
        # How many messages are scheduled already: Cliq refuses more than 25 per user.
        self._pending = pending
        # The text of a create whose outcome is unknown: Save stays off until the sync settles.
        self._checking: str | None = None
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

    def compose_content(self) -> ComposeResult:
        warning = cap_warning(self._pending) if self._pending is not None else None
        if warning is not None:
            yield PlainText(f"⚠ {warning}", id="cap-note", classes="field-note")
        if self._change is not None:
            with Horizontal(id="chat-row"):
                yield Button("Change chat… ctrl+o", id="change-chat", compact=True)
        yield from super().compose_content()

    # --- which chat: any of the user's, picked by name -------------------------------------

    @property
    def chat_id(self) -> str | None:
        """The chat the message goes to."""
        return self.chat.chat_id if self.chat is not None else None

    @on(Button.Pressed, "#change-chat")
    def action_change_chat(self) -> None:
        """Pick another chat for the message (the text and schedule stay)."""
        change = self._change
        if change is None:
            return
        if self.saving or self.save_blocked():
            self.notify("The chat cannot change while a save is pending.", severity="warning")
            return
        self.app.push_screen(change.picker(self.chat_id), self._chat_chosen)

    def _chat_chosen(self, chat_id: str | None) -> None:
        if chat_id is None or chat_id == self.chat_id:
            return
        self.set_chat(chat_id)
        self._draft_soon()

    def set_chat(self, chat_id: str) -> None:
        """Send the message to ``chat_id`` (a known chat; else a bare one stands in)."""
        change = self._change
        if change is None:
            return
        chat = change.lookup(chat_id) or Chat(chat_id=chat_id)
        change.target.chat_id = chat_id
        self.chat = chat
        self.schedule.set_chat(chat)
        self._shown_subtitle = self.subtitle()
        self.query_one("#subtitle", PlainText).update(self._shown_subtitle)

    def form_state(self) -> dict[str, Any]:
        state = super().form_state()
        if self._change is not None:
            state["chat"] = self.chat_id
        return state

    def apply_state(self, state: dict[str, Any]) -> None:
        super().apply_state(state)
        chat_id = state.get("chat")
        # A draft names the chat the user picked. It stays the target even when its name is not
        # known now (a cold cache, a chat left since): sending the text to the chat the dialog
        # was opened from instead would put it where the user never chose; a chat that is gone
        # fails on Save in one line, and ctrl+o picks another. An id no request can name is
        # not a pick (a damaged file): the dialog's own chat stays.
        if (
            self._change is not None
            and isinstance(chat_id, str)
            and chat_id != self.chat_id
            and usable(chat_id)
        ):
            self.set_chat(chat_id)

    # --- at most once: a create whose outcome is unknown is never sent again ----------------

    def on_mount(self) -> None:
        super().on_mount()
        # A draft reopened while (or after) its create was uncertain says where it stands.
        if self._outcome is not None and self.text.strip():
            uncertain = self._outcome(self.text, True)
            if uncertain is not None:
                self._checking = self.text
                self._settle(uncertain, closing=False)

    def save_blocked(self) -> bool:
        return self._checking is not None

    def failed(self, error: CliqError) -> None:
        if isinstance(error, OutcomeUnknownError) and self._outcome is not None:
            self._checking = self.text
            self.busy_changed()
            self.show_error("Outcome unknown", UNKNOWN_NOTE)

    def sync_changed(self) -> None:
        """The engine's state changed: a sync may have settled the uncertain create."""
        if self._checking is not None and self._outcome is not None:
            uncertain = self._outcome(self._checking, True)
            if uncertain is not None:
                self._settle(uncertain, closing=True)
            else:  # settled and told elsewhere (an undo of the same text): never a guess here
                self._checking = None
                self.busy_changed()
                self.show_error(
                    "Settled elsewhere", "look for this message in the queue before saving again."
                )

    def _settle(self, uncertain: UncertainCreate, *, closing: bool) -> None:
        if uncertain.outcome is CreateOutcome.UNKNOWN:
            self.busy_changed()
            self.show_error("Outcome unknown", UNKNOWN_NOTE)
            return
        self._checking = None
        self.busy_changed()
        if uncertain.outcome is CreateOutcome.MISSING:
            self.show_error("Not found after the next sync", "press ctrl+s to create it again.")
        elif closing:
            self.submitted()
            self.notify(uncertain.describe(), title="Created", markup=False)
            self.dismiss(True)
        else:
            self.show_error(
                "Created after all",
                "the next sync found this message in the queue; saving again would schedule a "
                "second copy.",
            )

    def build_request(self) -> CreateRequest | None:
        problem = self.text_problem(required=True)
        value = self.read_schedule()
        if problem is not None or not value.ok:
            return None
        if value.mode == "time":
            return CreateRequest(self.text, value.time.time, value.time.zone_name, None)
        return CreateRequest(self.text, None, None, value.status)
