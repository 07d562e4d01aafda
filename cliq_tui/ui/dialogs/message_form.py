"""What the edit and create dialogs share: the text with its counter, the schedule, drafts,
the external editor, and saving through ``submit`` with errors shown inline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext, suppress
from datetime import UTC, datetime
from typing import Any

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Select, Static, TextArea

from cliq_tui.api.models import Chat, ScheduleStatus
from cliq_tui.base.textsafe import visible
from cliq_tui.core import timeparse
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.dialogs.base import RequestT, SubmitDialog
from cliq_tui.ui.dialogs.external_editor import EditorError, edit_externally
from cliq_tui.ui.dialogs.form_drafts import DRAFT_DELAY as DRAFT_DELAY
from cliq_tui.ui.dialogs.form_drafts import DRAFT_VERSION as DRAFT_VERSION
from cliq_tui.ui.dialogs.form_drafts import FormDrafts
from cliq_tui.ui.dialogs.schedule import ScheduleSection, ScheduleValue
from cliq_tui.ui.dialogs.time_picker import TICK_SECONDS
from cliq_tui.ui.dialogs.widgets import PlainText


def utc_now() -> datetime:
    """The real clock, aware."""
    return datetime.now(UTC)


def chat_title(chat: Chat | None, fallback_id: str | None = None) -> str:
    """A chat as the user knows it: ``#marketing (channel)``."""
    if chat is None:
        return f"chat {visible(fallback_id)}" if fallback_id else "an unknown chat"
    return visible(f"{chat.name or chat.chat_id} ({chat.kind})")


class MessageFormDialog(FormDrafts, SubmitDialog[RequestT]):
    """The shared body of :class:`EditDialog` and :class:`CreateDialog`.

    Subclasses provide the title, the content above the schedule, the draft key and
    :meth:`build_request`, which validates (showing problems inline) and returns the request or
    None.
    """

    BINDINGS = [
        # Priority: the TextArea binds ctrl+e (line end) and ctrl+d (delete right) itself.
        Binding("ctrl+s", "save", "Save", priority=True, id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+e", "external_editor", "$EDITOR", priority=True, id="dialog.external_editor"),
        Binding(
            "ctrl+d", "discard_draft", "Discard draft", priority=True, id="dialog.discard_draft"
        ),
    ]

    dialog_title = "Message"
    text_limit = 5000
    text_required = True

    def __init__(
        self,
        *,
        chat: Chat | None,
        submit: Callable[[RequestT], Awaitable[object]],
        drafts: DraftStore | None,
        draft_key: str,
        now: Callable[[], datetime] | None,
        has_text: bool,
        text: str,
        schedule: ScheduleSection,
    ) -> None:
        super().__init__(submit)
        self.chat = chat
        self.drafts = drafts
        self.draft_key = draft_key
        self.now = now or utc_now
        self.has_text = has_text
        self._initial_text = text
        self._schedule_widget = schedule
        self._initial_state: dict[str, Any] = {}
        self._last_saved: dict[str, Any] | None = None
        self._last_durable: dict[str, Any] | None = None
        self._draft_failing = False
        self._draft_timer: Timer | None = None
        self._user_editing = False
        self._sent = False
        self._tried_save = False
        self._shown_subtitle = ""
        self._focus_before_freeze: Widget | None = None

    # --- layout ----------------------------------------------------------------------------

    def subtitle(self) -> str:
        """One line under the title: where and what."""
        return ""

    def compose_content(self) -> ComposeResult:
        """What comes above the schedule; the text area by default."""
        yield Label("Text", classes="field-label")
        yield TextArea(self._initial_text, id="text", soft_wrap=True, show_line_numbers=False)
        yield PlainText("", id="text-count", classes="field-note")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form-dialog"):
            yield Label(self.dialog_title, classes="dialog-title")
            self._shown_subtitle = self.subtitle()
            yield PlainText(self._shown_subtitle, id="subtitle", classes="dialog-subtitle")
            yield PlainText("", id="draft-note", classes="draft-note")
            with VerticalScroll(id="form-body"):
                yield from self.compose_content()
                yield self._schedule_widget
            yield PlainText("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield PlainText("", id="saving-note")
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
            # One line in an 80-column terminal (75 cells inside the dialog).
            hint = "ctrl+s save · Esc close (draft kept)"
            if self.has_text:
                hint += " · ctrl+e $EDITOR"
            yield PlainText(hint + " · ctrl+d drop draft", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#draft-note").display = False
        self.query_one("#form-error").display = False
        self._initial_state = self.form_state()
        self._restore_draft()
        self._refresh_counter()
        self._focus_first_field()
        # Widgets post Changed for the values set above; only later changes are the user's.
        self.call_after_refresh(self._start_user_editing)
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """The clock moved: refresh the header's and the preview's relative times and the
        quick picks. Only text is redrawn: focus and what was typed stay as they are."""
        text = self.subtitle()
        if text != self._shown_subtitle:
            self._shown_subtitle = text
            self.query_one("#subtitle", Static).update(text)
        self.schedule.time_picker.tick()

    def _focus_first_field(self) -> None:
        if self.has_text:
            self.query_one("#text", TextArea).focus()
        else:
            self.query_one("#schedule-mode", RadioSet).focus()

    def _start_user_editing(self) -> None:
        self._user_editing = True

    # --- the form as data ------------------------------------------------------------------

    @property
    def schedule(self) -> ScheduleSection:
        """The schedule section."""
        return self._schedule_widget

    @property
    def text(self) -> str:
        """The text as typed ('' when the message has no editable text)."""
        return self.query_one("#text", TextArea).text if self.has_text else ""

    def form_state(self) -> dict[str, Any]:
        """Everything the user can change, as JSON-ready data (what a draft holds)."""
        section = self.schedule
        return {
            "text": self.text,
            "mode": section.mode,
            "when": section.time_picker.when_text,
            "timezone": section.time_picker.zone_text,
            "status": section.status.value if section.status is not None else None,
        }

    def apply_state(self, state: dict[str, Any]) -> None:
        """Put saved form data back into the widgets (unknown or bad values are skipped)."""
        if self.has_text and isinstance(state.get("text"), str):
            self.query_one("#text", TextArea).load_text(state["text"])
        section = self.schedule
        if state.get("mode") in ("time", "status"):
            section.set_mode(state["mode"])
        picker = section.time_picker
        when, zone = state.get("when"), state.get("timezone")
        picker.set_fields(
            when if isinstance(when, str) else picker.when_text,
            zone if isinstance(zone, str) else picker.zone_text,
        )
        status = state.get("status")
        with suppress(ValueError, TypeError):
            section.set_status(None if status is None else ScheduleStatus(status))

    @property
    def changed(self) -> bool:
        """True when the form differs from how it opened."""
        return self.form_state() != self._initial_state

    # --- live feedback ---------------------------------------------------------------------

    def _refresh_counter(self) -> None:
        if not self.has_text:
            return
        count, limit = len(self.text), self.text_limit
        counter = self.query_one("#text-count", Static)
        # After a save attempt every problem stays visible (and live) until it is fixed.
        problem = self.text_problem(required=self.text_required) if self._tried_save else None
        if problem:
            counter.update(f"✗ {problem} ({count} / {limit})")
        elif count > limit:
            counter.update(
                f"{count} / {limit} — {count - limit} characters over the limit: shorten it to save"
            )
        else:
            counter.update(f"{count} / {limit}")
        counter.set_class(count > limit or problem is not None, "error")
        self.query_one("#save", Button).disabled = (
            self.saving or count > limit or self.save_blocked()
        )

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _form_changed(self) -> None:
        self._refresh_counter()
        if self._user_editing:
            self._draft_soon()

    def text_problem(self, *, required: bool) -> str | None:
        """Why the text cannot be sent, or None."""
        text = self.text
        if required and not text.strip():
            return "The text cannot be empty."
        if len(text) > self.text_limit:
            return f"The text is {len(text) - self.text_limit} characters over the limit."
        return None

    def read_schedule(self) -> ScheduleValue:
        """The schedule with its problems shown inline."""
        return self.schedule.show_errors()

    # --- saving ----------------------------------------------------------------------------

    def build_request(self) -> RequestT | None:
        """Validate (problems shown inline) and return the request, or None when invalid."""
        raise NotImplementedError

    def nothing_to_save(self) -> bool:
        """True when saving would send nothing (the edit dialog closes then)."""
        return False

    def save_blocked(self) -> bool:
        """True while saving must wait (a create whose outcome is not known yet)."""
        return False

    def busy_changed(self) -> None:
        # Nothing typed while the request is in flight could be part of it: freeze the form.
        frozen = self.saving or self.save_blocked()
        body = self.query_one("#form-body")
        if frozen and not body.disabled:
            self._focus_before_freeze = self.focused
        body.disabled = frozen
        self.query_one("#save", Button).disabled = frozen
        self._refresh_counter()
        if not frozen:
            self._refocus()

    def _refocus(self) -> None:
        """Back to the field the user was in before the form froze, without scrolling (the form
        does not jump under the user's eyes); to the first field when there was none."""
        field, self._focus_before_freeze = self._focus_before_freeze, None
        if field is not None and field.is_attached and field.focusable:
            field.focus(scroll_visible=False)
        else:
            self._focus_first_field()

    def submitted(self) -> None:
        self._stop_draft_timer()
        self._sent = True
        if self.drafts is not None:
            try:
                self.drafts.discard(self.draft_key)
            except OSError as exc:
                self.notify(f"Sent, but the old draft stays: {exc.strerror}", severity="warning")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and send; stay open with the error if it fails."""
        if self.saving:
            return
        if self.save_blocked():
            self.notify(
                "Not sent: the last save has an unknown outcome; the next sync shows whether "
                "the message exists.",
                severity="warning",
            )
            return
        self.hide_error()
        self._tried_save = True
        self._refresh_counter()
        request = self.build_request()
        if request is None:
            if self.nothing_to_save():
                self.write_draft()
                self.notify("Nothing changed, so nothing was sent.")
                self.dismiss(False)
            else:
                self.show_error("Not sent", "fix the fields marked ✗ first.")
            return
        questions = self.questions(request)
        if questions:
            self._ask_then_send(request, questions)
            return
        # On disk before the request leaves: a crash mid-request loses nothing.
        self.write_draft()
        self.start_submit(request)

    def questions(self, request: RequestT) -> list[tuple[str, str, str]]:
        """What to ask before ``request`` is sent, as (title, body, confirm label); [] sends."""
        when = getattr(request, "schedule_time", None)
        if isinstance(when, datetime) and timeparse.is_far_future(when, self.now()):
            # A time more than a year ahead is more likely a slip than a plan.
            return [
                (
                    "Schedule this far ahead?",
                    f"{timeparse.describe_far_future(when)} Schedule it anyway?",
                    "Schedule it",
                )
            ]
        return []

    def _ask_then_send(self, request: RequestT, questions: list[tuple[str, str, str]]) -> None:
        """Ask each question in turn; send only after a yes to every one."""
        from cliq_tui.ui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if not yes or self.saving or self.save_blocked():
                return
            if questions[1:]:
                self._ask_then_send(request, questions[1:])
                return
            self.write_draft()
            self.start_submit(request)

        title, body, label = questions[0]
        self.app.push_screen(ConfirmDialog(title, body, label), answered)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; a changed form stays on disk as a draft."""
        if self.refuse_while_busy():
            return
        self.write_draft()
        if self.changed and self.drafts is not None:
            self.notify("Closed. Your changes are kept as a draft: reopen this dialog to continue.")
        self.dismiss(False)

    # --- external editor -------------------------------------------------------------------

    def _hand_over_terminal(self) -> AbstractContextManager[object]:
        # Headless (tests) has no terminal to hand over; the editor runs as it is.
        return nullcontext() if self.app.is_headless else self.app.suspend()

    def action_external_editor(self) -> None:
        """Edit the text in $VISUAL / $EDITOR (vi by default) and put the result back."""
        if self.saving:
            return
        if not self.has_text:
            self.show_error("Editor", "a file message has no text to edit; only its schedule.")
            return
        area = self.query_one("#text", TextArea)
        try:
            edited = edit_externally(area.text, suspend=self._hand_over_terminal)
        except EditorError as exc:
            self.show_error("Editor", str(exc))
            return
        except SuspendNotSupported:
            self.show_error("Editor", "this terminal cannot hand over to an external editor.")
            return
        self.hide_error()
        # The editor's file is read back from disk: shown through the same boundary as drafts,
        # so a control character in it reaches the screen as a symbol, never as itself.
        edited = visible(edited, newlines=True)
        if edited != area.text:
            area.load_text(edited)
        area.focus()
        self.refresh()
