"""Undo (u): take back the last delete (schedule the messages again) or edit (edit them back)."""

from __future__ import annotations

from cliq_tui.api.errors import OutcomeUnknownError
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.core.format import plural, quoted
from cliq_tui.dashboard.activity import delta_ids
from cliq_tui.dashboard.flows_context import FlowContext
from cliq_tui.dashboard.ports import Flow
from cliq_tui.dashboard.submit import submit_create, submit_edit
from cliq_tui.dashboard.undo import (
    FILE_NOT_RESTORABLE,
    NOTHING_TO_UNDO,
    DeletedMessages,
    EditedMessages,
    changed_since,
    describe_edit,
    recreate_request,
    revert_request,
)
from cliq_tui.sync.types import Delta


def undo(flows: FlowContext) -> Flow | None:
    """Take back the last delete or edit of this session, saying what was undone."""
    record = flows.undo_record
    if record is None:
        flows.notify(NOTHING_TO_UNDO, title="Undo", timeout=3)
        return None
    # Taken now so a second u cannot repeat it; whatever fails is put back.
    flows.remember(None)
    if isinstance(record, DeletedMessages):
        return _undo_delete(flows, record)
    return _undo_edit(flows, record)


def _undo_delete(flows: FlowContext, record: DeletedMessages) -> Flow | None:
    texts = record.restorable
    files = record.files
    if not texts:
        flows.notifier.notify(
            f"{FILE_NOT_RESTORABLE} Nothing else to undo.", title="Undo", severity="warning"
        )
        return None
    file_note = (
        f" {FILE_NOT_RESTORABLE} ({plural(len(files), 'file')} not restored)" if files else ""
    )
    # Creates whose outcome is unknown may have worked: never offered again (no duplicates).
    uncertain: set[str] = set()

    async def recreate(message: ScheduledMessage) -> Delta:
        request = recreate_request(message)
        chat_id = fmt.message_chat_id(message)
        assert request is not None and chat_id is not None
        try:
            return await submit_create(flows.engine, chat_id, request)
        except OutcomeUnknownError:
            uncertain.add(message.id)
            raise

    async def one(message: ScheduledMessage) -> None:
        chat_id = fmt.message_chat_id(message)
        try:
            await flows.activity.logged(
                "undo delete",
                chat_id,
                [message.id],
                lambda: recreate(message),
                ids_of=lambda d: [message.id, *delta_ids(d)],
            )
        except Exception:
            if message.id not in uncertain:
                flows.remember(DeletedMessages((message,)))
            raise
        flows.notify(
            f"Undid the delete: {quoted(message.text)} is scheduled again in "
            f"{flows.chat_name(chat_id)}.{file_note}",
            title="Undo",
        )

    async def many() -> None:
        result = await flows.batch(
            f"Undo delete: schedule {plural(len(texts))} again",
            texts,
            recreate,
            "restored",
            "undo delete",
        )
        left = (set(result.failed) - uncertain) | set(result.not_attempted)
        if left:
            flows.remember(DeletedMessages(tuple(m for m in texts if m.id in left)))
        unsure = (
            f"; {len(uncertain)} with an unknown outcome (the next sync shows them)"
            if uncertain
            else ""
        )
        flows.notifier.notify(
            (f"Undid the delete of {plural(len(result.ok))}" if result.ok else "Nothing was undone")
            + (f"; {len(left)} not restored (u tries them again)" if left else "")
            + f"{unsure}.{file_note}",
            title="Undo",
            severity="warning" if left or uncertain or files else "information",
        )

    return one(texts[0]) if len(texts) == 1 else many()


def _undo_edit(flows: FlowContext, record: EditedMessages) -> Flow | None:
    pending = []
    gone = 0
    file_only = 0
    for before, change in record.edits:
        current = flows.engine.messages.get(before.id)
        revert = revert_request(before, change)
        if current is None:
            gone += 1
        elif revert is None:
            file_only += 1
        else:
            pending.append((before, current, revert, change))
    notes = []
    if gone:
        notes.append(f"{plural(gone)} no longer pending")
    if file_only:
        notes.append("a removed file cannot be restored")
    note = f" ({'; '.join(notes)})" if notes else ""
    if not pending:
        flows.notifier.notify(f"Nothing to undo{note}.", title="Undo", severity="warning")
        return None

    async def one() -> None:
        before, current, revert, change = pending[0]
        chat_id = fmt.message_chat_id(current)
        try:
            await flows.activity.logged(
                "undo edit",
                chat_id,
                [current.id],
                lambda: submit_edit(flows.engine, current, revert),
            )
        except Exception:
            flows.remember(EditedMessages(((before, change),)))
            raise
        flows.notify(
            f"Undid the edit of {quoted(before.preview)}: {describe_edit(change)} put back{note}.",
            title="Undo",
        )

    async def many() -> None:
        reverts = {current.id: revert for _, current, revert, _ in pending}
        result = await flows.batch(
            f"Undo edit of {plural(len(pending))}",
            [current for _, current, _, _ in pending],
            lambda m: submit_edit(flows.engine, m, reverts[m.id]),
            "put back",
            "undo edit",
        )
        left = set(result.failed) | set(result.not_attempted)
        if left:
            flows.remember(EditedMessages(tuple((b, c) for b, m, _, c in pending if m.id in left)))
        done = f"Undid the edit of {plural(len(result.ok))}" if result.ok else "Nothing was undone"
        flows.notifier.notify(
            f"{done}{note}"
            + (f"; {len(left)} not put back (u tries them again)" if left else "")
            + ".",
            title="Undo",
            severity="warning" if left else "information",
        )

    run = one if len(pending) == 1 else many
    newer = [current for _, current, _, change in pending if changed_since(change, current)]
    if not newer:
        return run()

    async def asked_first() -> None:
        # Another window edited what we changed after us: putting our "before" back would
        # silently overwrite their work, so ask.
        first = quoted(newer[0].preview or newer[0].id)
        more = f" and {plural(len(newer) - 1)} more" if len(newer) > 1 else ""
        body = (
            f"{first}{more} changed elsewhere after your edit. Undo puts back what "
            "your edit replaced, over that newer change."
        )
        if await flows.dialogs.confirm(
            "Undo over a newer change?", body, "Undo anyway", danger=True
        ):
            await run()
            return
        flows.remember(record)
        flows.notifier.notify("Nothing was undone (u asks again).", title="Undo")

    return asked_first()
