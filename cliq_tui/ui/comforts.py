"""The everyday comforts: undo, copy, export, the activity log and switching profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliq_tui.api.errors import OutcomeUnknownError
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.core.export import render_csv, render_json
from cliq_tui.dashboard import journal
from cliq_tui.dashboard.journal import delta_ids, logged
from cliq_tui.dashboard.submit import submit_create, submit_edit
from cliq_tui.dashboard.undo import (
    FILE_NOT_RESTORABLE,
    DeletedMessages,
    EditedMessages,
    describe_edit,
    recreate_request,
    revert_request,
)
from cliq_tui.sync.types import Delta
from cliq_tui.ui.actions import (
    _applying,
    _batch,
    _chat_name,
    _engine,
    _plural,
    _run,
    remember,
)

if TYPE_CHECKING:
    from cliq_tui.ui.screens.main import MainScreen

# Longest piece of a message's text a toast repeats.
TOAST_PREVIEW = 40


def _quoted(text: str) -> str:
    return f"“{fmt.one_line(text, TOAST_PREVIEW)}”" if text else "(empty)"


# --- undo -----------------------------------------------------------------------------------


def undo(screen: MainScreen) -> None:
    """Take back the last delete or edit of this session, saying what was undone."""
    record = screen.app.undo_record
    if record is None:
        screen.notify("Nothing to undo in this session.", title="Undo", timeout=3)
        return
    # Taken now so a second u cannot repeat it; whatever fails is put back below.
    screen.app.undo_record = None
    screen.refresh_bindings_if_changed()
    if isinstance(record, DeletedMessages):
        _undo_delete(screen, record)
    else:
        _undo_edit(screen, record)


def _undo_delete(screen: MainScreen, record: DeletedMessages) -> None:
    engine = _engine(screen)
    texts = record.restorable
    files = record.files
    if not texts:
        screen.notify(
            f"{FILE_NOT_RESTORABLE} Nothing else to undo.", title="Undo", severity="warning"
        )
        return
    file_note = (
        f" {FILE_NOT_RESTORABLE} ({_plural(len(files), 'file')} not restored)" if files else ""
    )

    # Creates whose outcome is unknown may have worked: never offered again (no duplicates).
    uncertain: set[str] = set()

    async def recreate(message: ScheduledMessage) -> Delta:
        request = recreate_request(message)
        chat_id = fmt.message_chat_id(message)
        assert request is not None and chat_id is not None
        try:
            return await _applying(screen, lambda: submit_create(engine, chat_id, request))()
        except OutcomeUnknownError:
            uncertain.add(message.id)
            raise

    async def flow() -> None:
        if len(texts) == 1:
            message = texts[0]
            chat_id = fmt.message_chat_id(message)
            try:
                await logged(
                    screen.app,
                    "undo delete",
                    chat_id,
                    [message.id],
                    lambda: recreate(message),
                    ids_of=lambda d: [message.id, *delta_ids(d)],
                )
            except Exception:
                if message.id not in uncertain:
                    remember(screen, DeletedMessages((message,)))
                raise
            screen.notify(
                f"Undid the delete: {_quoted(message.text)} is scheduled again in "
                f"{_chat_name(screen, chat_id)}.{file_note}",
                title="Undo",
                markup=False,
            )
            return
        result = await _batch(
            screen,
            f"Undo delete: schedule {_plural(len(texts))} again",
            texts,
            recreate,
            "restored",
            "undo delete",
        )
        left = (set(result.failed) - uncertain) | set(result.not_attempted)
        if left:
            remember(screen, DeletedMessages(tuple(m for m in texts if m.id in left)))
        unsure = (
            f"; {len(uncertain)} with an unknown outcome (the next sync shows them)"
            if uncertain
            else ""
        )
        screen.notify(
            f"Undid the delete of {_plural(len(result.ok))}"
            + (f"; {len(left)} not restored (u tries them again)" if left else "")
            + f"{unsure}.{file_note}",
            title="Undo",
            severity="warning" if left or uncertain or files else "information",
            markup=False,
        )

    _run(screen, flow())


def _undo_edit(screen: MainScreen, record: EditedMessages) -> None:
    engine = _engine(screen)
    pending = []
    gone = 0
    file_only = 0
    for before, change in record.edits:
        current = engine.messages.get(before.id)
        revert = revert_request(before, change)
        if current is None:
            gone += 1
        elif revert is None:
            file_only += 1
        else:
            pending.append((before, current, revert, change))
    notes = []
    if gone:
        notes.append(f"{_plural(gone)} no longer pending")
    if file_only:
        notes.append("a removed file cannot be restored")
    note = f" ({'; '.join(notes)})" if notes else ""
    if not pending:
        screen.notify(f"Nothing to undo{note}.", title="Undo", severity="warning", markup=False)
        return

    async def flow() -> None:
        if len(pending) == 1:
            before, current, revert, change = pending[0]
            chat_id = fmt.message_chat_id(current)
            try:
                await logged(
                    screen.app,
                    "undo edit",
                    chat_id,
                    [current.id],
                    _applying(screen, lambda: submit_edit(engine, current, revert)),
                )
            except Exception:
                remember(screen, EditedMessages(((before, change),)))
                raise
            screen.notify(
                f"Undid the edit of {_quoted(before.preview)}: {describe_edit(change)} put back"
                f"{note}.",
                title="Undo",
                markup=False,
            )
            return
        reverts = {current.id: revert for _, current, revert, _ in pending}
        result = await _batch(
            screen,
            f"Undo edit of {_plural(len(pending))}",
            [current for _, current, _, _ in pending],
            lambda m: submit_edit(engine, m, reverts[m.id]),
            "put back",
            "undo edit",
        )
        left = set(result.failed) | set(result.not_attempted)
        if left:
            remember(
                screen, EditedMessages(tuple((b, c) for b, m, _, c in pending if m.id in left))
            )
        screen.notify(
            f"Undid the edit of {_plural(len(result.ok))}{note}"
            + (f"; {len(left)} not put back (u tries them again)" if left else "")
            + ".",
            title="Undo",
            severity="warning" if left else "information",
            markup=False,
        )

    _run(screen, flow())


# --- copy -----------------------------------------------------------------------------------


def copy_text(screen: MainScreen) -> None:
    """Copy the current message's text (a file message: its comment, else its file name)."""
    message = screen.queue.current
    if message is None:
        screen.notify("No message selected.", title="Copy", severity="warning")
        return
    text = message.text or (message.message.content.file_name or "" if message.is_file else "")
    if not text:
        screen.notify("This message has no text to copy.", title="Copy", severity="warning")
        return
    screen.app.copy_to_clipboard(text)
    screen.notify(
        f"Copied the text ({_plural(len(text), 'character')}): {_quoted(text)}",
        title="Copied",
        timeout=3,
        markup=False,
    )


def copy_id(screen: MainScreen) -> None:
    """Copy the current message's id."""
    message = screen.queue.current
    if message is None:
        screen.notify("No message selected.", title="Copy", severity="warning")
        return
    screen.app.copy_to_clipboard(message.id)
    screen.notify(f"Copied the message id {message.id}.", title="Copied", timeout=3, markup=False)


# --- export ---------------------------------------------------------------------------------


def export(screen: MainScreen) -> None:
    """Export the messages shown (after the filter and the chat chosen) as CSV or JSON."""
    from cliq_tui.ui.dialogs.export import ExportDialog

    messages = screen.queue.visible_messages()
    if not messages:
        screen.notify("Nothing to export: no messages are shown.", title="Export")
        return
    app = screen.app
    now = app.now()

    def render(kind: str) -> str:
        if kind == "json":
            return render_json(messages)
        return render_csv(
            messages, chat_name=lambda chat_id: _chat_name(screen, chat_id), now=now, tz=app.tz
        )

    def done(path: object) -> None:
        if path is not None:
            journal.record(
                app,
                "export",
                chat_id=None,
                message_ids=[m.id for m in messages],
                detail=f"{_plural(len(messages))} to {path}",
            )
            screen.notify(
                f"Exported {_plural(len(messages))} to {path}", title="Exported", markup=False
            )

    app.push_screen(ExportDialog(len(messages), render, now=now.astimezone(app.tz)), done)


# --- the activity log and profiles ----------------------------------------------------------


def show_activity(screen: MainScreen) -> None:
    """Open the activity log."""
    from cliq_tui.ui.screens.activity import ActivityScreen

    if not isinstance(screen.app.screen, ActivityScreen):
        screen.app.push_screen(ActivityScreen())
