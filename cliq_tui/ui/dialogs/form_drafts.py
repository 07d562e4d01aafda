"""Drafts of the edit and create dialogs: every change on disk at once, restored on reopening.

Each change is written at once without waiting for the disk (cheap enough for every keystroke),
so quitting, a signal or a crash a moment after typing loses nothing; after
:data:`DRAFT_DELAY` seconds of quiet the draft is also synced to the disk. A draft file that
cannot be used is moved aside by the store and the dialog says so in one line. A draft file is
untrusted like any file: its strings are restored with every control shown visibly (``␛``), as
the edit dialog shows a server's text, so nothing in it drives the terminal and nothing typed
is lost (typed text holds no raw controls).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from textual.css.query import NoMatches
from textual.widgets import Static

from cliq_tui.api.errors import InputError
from cliq_tui.base.textsafe import visible
from cliq_tui.core import timeparse

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen
    from textual.timer import Timer

    from cliq_tui.storage.drafts import DraftStore

DRAFT_DELAY = 0.3
DRAFT_VERSION = 1


class FormDrafts:
    """The draft half of :class:`~cliq_tui.ui.dialogs.message_form.MessageFormDialog`."""

    drafts: DraftStore | None
    draft_key: str
    saving: bool
    now: Callable[[], datetime]
    _sent: bool
    _initial_state: dict[str, Any]
    _last_saved: dict[str, Any] | None
    _last_durable: dict[str, Any] | None
    _draft_timer: Timer | None
    _draft_failing: bool

    if TYPE_CHECKING:  # Provided by the dialog (a Textual screen).

        def form_state(self) -> dict[str, Any]: ...

        def apply_state(self, state: dict[str, Any]) -> None: ...

    def _screen(self) -> Screen[Any]:
        return cast("Screen[Any]", self)

    def _show_draft_note(self, text: str) -> None:
        note = self._screen().query_one("#draft-note", Static)
        note.update(text)
        note.display = True

    def _restore_draft(self) -> None:
        if self.drafts is None:
            return
        draft = self.drafts.load(self.draft_key)
        if draft is not None and not isinstance(draft.get("fields"), dict):
            self.drafts.set_aside(self.draft_key, "it holds no form fields")
            draft = None
        moved = self.drafts.take_warning()
        if moved:
            self._show_draft_note(moved)
        if draft is None:
            return
        self.apply_state(_shown_safely(draft["fields"]))
        self._last_saved = self._last_durable = self.form_state()
        self._show_draft_note(
            f"Restored your unsent draft from {self._describe_saved_at(draft.get('saved_at'))}"
            " — ctrl+d discards it"
        )

    def _describe_saved_at(self, saved_at: object) -> str:
        try:
            when = datetime.fromisoformat(saved_at) if isinstance(saved_at, str) else None
            if when is None or not 1900 <= when.year <= 9998:
                return "earlier"  # missing, or a year no draft was written in
            zone = timeparse.resolve_timezone(timeparse.local_timezone_name())
            local, today = when.astimezone(zone), self.now().astimezone(zone)
        except (ValueError, InputError, OverflowError):
            return "earlier"
        return f"{local:%H:%M}" if local.date() == today.date() else f"{local:%a %d %b %H:%M}"

    def _stop_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def _draft_soon(self) -> None:
        self.write_draft(durable=False)
        self._stop_draft_timer()
        self._draft_timer = self._screen().set_timer(DRAFT_DELAY, self.write_draft)

    def write_draft(self, *, durable: bool = True) -> None:
        """Write the draft now if the form changed since the last write (or forget it when the
        form is back to how it opened). ``durable`` also syncs it to the disk."""
        if durable:
            self._stop_draft_timer()
        if self.drafts is None or self._sent:
            return
        try:
            state = self.form_state()
        except NoMatches:  # being taken down: every earlier change is on disk already
            return
        if state == (self._last_durable if durable else self._last_saved):
            return
        try:
            if state == self._initial_state:
                self.drafts.discard(self.draft_key)
            else:
                self.drafts.save(
                    self.draft_key,
                    {"version": DRAFT_VERSION, "saved_at": self.now().isoformat(), "fields": state},
                    durable=durable,
                )
        except OSError as exc:
            if not self._draft_failing:  # said once, not at every keystroke
                self._draft_failing = True
                self._screen().notify(f"Could not keep a draft: {exc.strerror}", severity="warning")
            return
        self._draft_failing = False
        self._last_saved = state
        if durable:
            self._last_durable = state

    def on_unmount(self) -> None:
        """Taken down (the app quits or fails): the last change goes to disk if it has not."""
        self.write_draft()

    def action_discard_draft(self) -> None:
        """Throw the draft away and put the form back as it opened."""
        if self.saving:
            return
        if self.drafts is not None:
            with suppress(OSError):
                self.drafts.discard(self.draft_key)
        self.apply_state(self._initial_state)
        self._last_saved = self._last_durable = self._initial_state
        self._show_draft_note("Draft discarded: the form is back as it was.")


def _shown_safely(fields: dict[str, Any]) -> dict[str, Any]:
    """The draft's fields with every control in a string shown visibly; the text keeps its
    line feeds and tabs, one-line fields do not."""
    return {
        name: visible(value, newlines=name == "text") if isinstance(value, str) else value
        for name, value in fields.items()
    }
