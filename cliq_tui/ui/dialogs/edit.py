"""The edit dialog: change one message's text, schedule or file; only what changed is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.widgets import Checkbox

from cliq_tui.api.errors import InputError
from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.api.validation import EDIT_TEXT_MAX
from cliq_tui.base.textmerge import (
    ShownEdit,
    apply_shown_edit,
    control_count,
    control_symbols,
    needs_mapping,
)
from cliq_tui.base.textsafe import visible
from cliq_tui.core import timeparse
from cliq_tui.core.format import plural
from cliq_tui.core.requests import EditRequest
from cliq_tui.core.timefield import FIELD_FORMAT, describe_time
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.dialogs.message_form import MessageFormDialog, chat_title, utc_now
from cliq_tui.ui.dialogs.schedule import ScheduleSection
from cliq_tui.ui.dialogs.widgets import MarkedCheckbox, PlainText


def _initial_fields(message: ScheduledMessage) -> tuple[str, str]:
    """The time and zone fields as the message stands: its due time written in its own zone."""
    zone_name = visible(message.timezone or timeparse.local_timezone_name())
    if message.time is None:
        return "", zone_name
    try:
        zone = timeparse.resolve_timezone(zone_name)
    except InputError:
        return message.time.strftime(FIELD_FORMAT), zone_name
    local = timeparse.in_zone(message.time, zone)
    if local is None:  # outside years 1-9999 in that zone: its own wall time
        return message.time.strftime(FIELD_FORMAT), zone_name
    return local.strftime(FIELD_FORMAT), zone_name


class EditDialog(MessageFormDialog[EditRequest]):
    """Edit one scheduled message; dismisses True once ``submit`` succeeded."""

    dialog_title = "Edit scheduled message"
    text_limit = EDIT_TEXT_MAX

    def __init__(
        self,
        message: ScheduledMessage,
        chat: Chat | None,
        submit: Callable[[EditRequest], Awaitable[object]],
        *,
        drafts: DraftStore | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.message = message
        when, zone = _initial_fields(message)
        clock = now or utc_now
        schedule = ScheduleSection(
            chat,
            now=clock,
            mode="time" if message.is_time_based or message.schedule_status is None else "status",
            when=when,
            timezone=zone,
            status=message.schedule_status,
            # An overdue message may keep its time; it may not be moved into the past.
            allowed_past=(message.time.replace(second=0, microsecond=0) if message.time else None),
            id="schedule",
        )
        super().__init__(
            chat=chat,
            submit=submit,
            drafts=drafts,
            draft_key=f"edit:{message.id}",
            now=clock,
            has_text=not message.is_file,
            # Shown (and compared when saving) with controls made visible: an untouched text
            # is not sent; an edit is applied to the server's own text (see _text_to_send).
            text=visible(message.text, newlines=True) if not message.is_file else "",
            schedule=schedule,
        )
        self._shown_edit: ShownEdit | None = None

    def subtitle(self) -> str:
        message = self.message
        if message.time is not None:
            due = describe_time(message.time, None, self.now())
            try:
                zone = timeparse.resolve_timezone(message.timezone or "")
                due = describe_time(message.time, zone, self.now())
            except InputError:
                pass
        elif message.schedule_status is not None:
            due = message.schedule_status.label
        else:
            due = "no schedule"
        return f"In {chat_title(self.chat, message.known_chat_id)} · due {due} · id {message.id}"

    def compose_content(self) -> ComposeResult:
        if self.has_text:
            yield from super().compose_content()
            controls = control_count(self.message.text)
            if controls:
                yield PlainText(
                    f"The text holds {plural(controls, 'control character')} shown as symbols "
                    f"({control_symbols(self.message.text)}): kept as they are unless you edit "
                    "their symbols.",
                    id="controls-note",
                    classes="field-note",
                )
            return
        content = self.message.message.content
        lines = [f"File: {content.file_name or 'unnamed'}"]
        if content.file_size:
            lines[0] += f" ({content.file_size})"
        if content.comment:
            lines.append(f"Comment: {content.comment}")
        lines.append("The API edits the text of text messages only; a file can be removed.")
        yield PlainText("\n".join(lines), id="file-info")
        yield MarkedCheckbox("Remove the file from this message", id="remove-file")

    def form_state(self) -> dict[str, Any]:
        state = super().form_state()
        if not self.has_text:
            state["remove_file"] = self.query_one("#remove-file", Checkbox).value
        return state

    def apply_state(self, state: dict[str, Any]) -> None:
        super().apply_state(state)
        if not self.has_text and isinstance(state.get("remove_file"), bool):
            self.query_one("#remove-file", Checkbox).value = state["remove_file"]

    def _schedule_unchanged(self) -> bool:
        initial, now = self._initial_state, self.form_state()
        keys = ("mode", "when", "timezone") if now["mode"] == "time" else ("mode", "status")
        return all(initial[key] == now[key] for key in keys)

    def nothing_to_save(self) -> bool:
        return not self.changed or (
            self._schedule_unchanged()
            and self.text == self._initial_text
            and not self.form_state().get("remove_file", False)
        )

    def _text_to_send(self) -> str:
        """The edited text to send. When the server's text holds controls (shown as symbols),
        the edit is applied to that text, so what the user did not change is kept exactly."""
        self._shown_edit = None
        original = self.message.text
        if not needs_mapping(original):
            return self.text
        self._shown_edit = apply_shown_edit(original, self.text)
        return self._shown_edit.text

    def questions(self, request: EditRequest) -> list[tuple[str, str, str]]:
        asked = super().questions(request)
        outcome = self._shown_edit
        if request.text is None or outcome is None or not outcome.ambiguous:
            return asked
        return [_ambiguity_question(outcome), *asked]

    def build_request(self) -> EditRequest | None:
        valid = True
        text: str | None = None
        if self.has_text and self.text != self._initial_text:
            valid = self.text_problem(required=True) is None
            text = self._text_to_send()
        schedule_time = timezone = status = None
        if not self._schedule_unchanged():
            value = self.read_schedule()
            if not value.ok:
                valid = False
            elif value.mode == "time":
                schedule_time = value.time.time
                zone_changed = self.form_state()["timezone"] != self._initial_state["timezone"]
                if zone_changed or not self.message.is_time_based:
                    timezone = value.time.zone_name
            else:
                status = value.status
        remove_file = bool(self.form_state().get("remove_file", False))
        if not valid:
            return None
        request = EditRequest(text, schedule_time, timezone, status, remove_file)
        return None if request.is_empty else request


def _ambiguity_question(outcome: ShownEdit) -> tuple[str, str, str]:
    """The confirmation for an edit that could be read more than one way, with its effect."""
    kept = " ".join(visible(char) for char in outcome.kept) or "none"
    dropped = " ".join(visible(char) for char in outcome.dropped) or "none"
    body = (
        "The text holds control characters shown as symbols, and your edit could apply to them "
        "in more than one way (a symbol typed or pasted looks like the control it stands "
        "for). Saving sends the text you see, these controls in place of their symbols:\n"
        f"kept as they are ({len(outcome.kept)}): {kept}\n"
        f"removed ({len(outcome.dropped)}): {dropped}\n"
        "Cancel to go back and change the text."
    )
    return ("Send this text?", escape(body), "Send it")
