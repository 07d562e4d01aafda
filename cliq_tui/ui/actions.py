"""Glue from the dialogs to the engine: each flow pushes a dialog, calls the engine, applies the
delta at once, and turns any error into a toast."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rich.markup import escape

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.journal import delta_ids, logged
from cliq_tui.dashboard.submit import submit_create, submit_edit, submit_reschedule
from cliq_tui.dashboard.undo import DeletedMessages, EditedMessages, UndoRecord, undo_note
from cliq_tui.sync.types import Delta, SyncStatus
from cliq_tui.ui.widgets.status_bar import countdown

if TYPE_CHECKING:
    from cliq_tui.core.requests import EditRequest
    from cliq_tui.sync.engine import SyncEngine
    from cliq_tui.sync.uncertain import UncertainCreate
    from cliq_tui.ui.dialogs import BatchResult
    from cliq_tui.ui.screens.main import MainScreen

# What a dialog hands its submit callback (a create, edit or reschedule request).
Request = TypeVar("Request")


def _plural(count: int, word: str = "message") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _run(screen: MainScreen, flow: Coroutine[Any, Any, None]) -> None:
    """Run a flow in a worker (dialogs are awaited there); errors become toasts."""

    async def guarded() -> None:
        try:
            await flow
        except Exception as error:
            screen.app.show_error(error)

    screen.run_worker(guarded(), group="actions", exit_on_error=False)


def _engine(screen: MainScreen) -> SyncEngine:
    engine = screen.engine
    assert engine is not None, "actions are disabled until the engine is ready"
    return engine


def _chat_name(screen: MainScreen, chat_id: str | None) -> str:
    return fmt.chat_label(screen.chat(chat_id) if chat_id else None, chat_id)


def _with_chat(message: ScheduledMessage, chat_id: str | None = None) -> ScheduledMessage:
    """The message with its chat id set (undo re-creates it in that chat)."""
    chat = chat_id or fmt.message_chat_id(message)
    return message if message.chat_id == chat else message.model_copy(update={"chat_id": chat})


def _chat_for(screen: MainScreen, chat_id: str) -> Chat:
    # Dialogs want a Chat; before its details arrive, a bare one with the id stands in.
    return screen.chat(chat_id) or Chat(chat_id=chat_id)


def _applying(
    screen: MainScreen, call: Callable[[], Awaitable[Delta]]
) -> Callable[[], Awaitable[Delta]]:
    async def run() -> Delta:
        delta = await call()
        screen.apply_delta(delta)
        return delta

    return run


# --- flows ----------------------------------------------------------------------------------


def refresh(screen: MainScreen) -> None:
    """Sync now (allowed while paused); a refresh that could not run says why."""
    engine = _engine(screen)

    async def flow() -> None:
        await engine.refresh()
        state = engine.state
        if state.status is SyncStatus.LOCKED:
            left = (
                (state.locked_until - screen.app.now()).total_seconds() if state.locked_until else 0
            )
            screen.notify(
                f"Cliq locked the list endpoint; syncing resumes in {countdown(left)}.",
                title="Rate limited",
                severity="warning",
            )
        elif state.status is SyncStatus.OFFLINE:
            screen.notify(
                f"{state.error or 'Cliq cannot be reached.'} Retrying.",
                title="Offline",
                severity="error",
            )
        elif state.status is SyncStatus.ERROR:
            screen.notify(
                state.error or "The refresh failed.", title="Sync error", severity="error"
            )
        else:
            screen.notify("Queue refreshed.", timeout=2)

    _run(screen, flow())


def toggle_pause(screen: MainScreen) -> None:
    """Pause or resume live updates."""
    engine = _engine(screen)
    if engine.paused:
        engine.resume()
        screen.notify("Live updates resumed.", timeout=2)
    else:
        engine.pause()
        screen.notify("Live updates paused: press p to resume, r to refresh once.", timeout=3)
    screen.show_status()


async def _confirm(screen: MainScreen, title: str, body: str, label: str, danger: bool) -> bool:
    from cliq_tui.ui.dialogs import ConfirmDialog

    # The dialog renders markup; chat names and message text are the user's, not markup.
    dialog = ConfirmDialog(escape(title), escape(body), label, danger=danger)
    answer = await screen.app.push_screen_wait(dialog)
    return bool(answer)


async def _batch(
    screen: MainScreen,
    title: str,
    messages: list[ScheduledMessage],
    action: Callable[[ScheduledMessage], Awaitable[Delta]],
    done_label: str,
    log_as: str,
) -> BatchResult:
    """Run ``action`` on each message in a BatchDialog; each one is logged as ``log_as``."""
    from cliq_tui.ui.dialogs import BatchDialog, BatchResult

    async def one(message: ScheduledMessage) -> Delta:
        chat_id = fmt.message_chat_id(message)
        delta = await logged(screen.app, log_as, chat_id, [message.id], lambda: action(message))
        screen.apply_delta(delta)
        return delta

    result = await screen.app.push_screen_wait(
        BatchDialog(title, messages, one, done_label=done_label)
    )
    screen.queue.clear_selection()
    return result if isinstance(result, BatchResult) else BatchResult()


def remember(screen: MainScreen, record: UndoRecord) -> None:
    """Make ``record`` the one undo (u) takes back."""
    screen.app.undo_record = record
    screen.refresh_bindings_if_changed()


def _summary(screen: MainScreen, messages: list[ScheduledMessage]) -> str:
    chats = {fmt.message_chat_id(m) for m in messages}
    if len(chats) == 1:
        return f"in {_chat_name(screen, next(iter(chats)))}"
    return f"across {len(chats)} chats"


def _single_or_batch(
    screen: MainScreen,
    verb: str,
    done: str,
    call: Callable[[SyncEngine, ScheduledMessage], Awaitable[Delta]],
    *,
    danger: bool,
    log_as: str,
) -> None:
    engine = _engine(screen)
    targets = screen.targets()

    async def flow() -> None:
        count = _plural(len(targets))
        title = f"{verb} {count} {_summary(screen, targets)}{' now' if verb == 'Send' else ''}?"
        body = "\n".join(f"• {fmt.one_line(m.preview, 60) or '(empty)'}" for m in targets[:8])
        if len(targets) > 8:
            body += f"\n… and {len(targets) - 8} more"
        if danger:
            body += f"\n\n{undo_note(targets)}"
        if not await _confirm(screen, title, body, verb, danger):
            return
        if len(targets) == 1:
            target = targets[0]
            await logged(
                screen.app,
                log_as,
                fmt.message_chat_id(target),
                [target.id],
                _applying(screen, lambda: call(engine, target)),
            )
            done_ids = [target.id]
            screen.notify(f"{done} 1 message.", timeout=3)
        else:
            result = await _batch(
                screen, f"{verb} {count}", targets, lambda m: call(engine, m), done.lower(), log_as
            )
            done_ids = result.ok
        if danger and done_ids:
            gone = set(done_ids)
            remember(screen, DeletedMessages(tuple(_with_chat(m) for m in targets if m.id in gone)))

    _run(screen, flow())


def send_now(screen: MainScreen) -> None:
    """Send the message (or the selection) now, after confirming with the count."""
    _single_or_batch(
        screen, "Send", "Sent", lambda e, m: e.send_now(m), danger=False, log_as="send now"
    )


def delete(screen: MainScreen) -> None:
    """Delete the message (or the selection), after confirming with the count."""
    _single_or_batch(
        screen, "Delete", "Deleted", lambda e, m: e.delete(m), danger=True, log_as="delete"
    )


def _chat_wide(
    screen: MainScreen,
    verb: str,
    done: str,
    call: Callable[[SyncEngine, str], Awaitable[Delta]],
    *,
    danger: bool,
    log_as: str,
) -> None:
    engine = _engine(screen)
    chat_id, _reason = screen.target_chat()
    assert chat_id is not None
    messages = screen.queue.messages_in_chat(chat_id)
    count = len(messages)

    async def flow() -> None:
        name = _chat_name(screen, chat_id)
        title = f"{verb} {_plural(count)} in {name}{' now' if verb == 'Send' else ''}?"
        body = f"Every pending message in {name} ({_plural(count)})."
        if danger:
            body += f"\n\n{undo_note(messages)}"
        if not await _confirm(screen, title, body, f"{verb} all", danger):
            return
        ids = [m.id for m in messages]
        await logged(
            screen.app, log_as, chat_id, ids, _applying(screen, lambda: call(engine, chat_id))
        )
        if danger:
            remember(screen, DeletedMessages(tuple(_with_chat(m, chat_id) for m in messages)))
        screen.notify(f"{done} every pending message in {name}.", timeout=3)

    _run(screen, flow())


def send_all(screen: MainScreen) -> None:
    """Send everything pending in the chat, after confirming with the count."""
    _chat_wide(screen, "Send", "Sent", lambda e, c: e.send_all(c), danger=False, log_as="send all")


def delete_all(screen: MainScreen) -> None:
    """Delete everything pending in the chat, after confirming with the count."""
    _chat_wide(
        screen, "Delete", "Deleted", lambda e, c: e.delete_all(c), danger=True, log_as="delete all"
    )


def edit(screen: MainScreen) -> None:
    """Edit the message; with a selection, the same change goes to every selected message."""
    from cliq_tui.ui.dialogs import EditDialog

    engine = _engine(screen)
    targets = screen.targets()
    first = targets[0]
    chat_id = fmt.message_chat_id(first)
    chat = _chat_for(screen, chat_id) if chat_id else None
    drafts = screen.app.drafts

    async def flow() -> None:
        if len(targets) == 1:

            async def submit(req: EditRequest) -> Delta:
                delta = await logged(
                    screen.app,
                    "edit",
                    chat_id,
                    [first.id],
                    _applying(screen, lambda: submit_edit(engine, first, req)),
                )
                remember(screen, EditedMessages(((first, req),)))
                return delta

            await screen.app.push_screen_wait(
                EditDialog(first, chat, submit, drafts=drafts, now=screen.app.now)
            )
            return
        # Many: the dialog collects one change (from the first message), then a batch applies it.
        requests: list[EditRequest] = []

        async def capture(req: EditRequest) -> None:
            requests.append(req)

        if (
            not await screen.app.push_screen_wait(
                EditDialog(first, chat, capture, now=screen.app.now)
            )
            or not requests
        ):
            return
        req = requests[-1]
        result = await _batch(
            screen,
            f"Edit {_plural(len(targets))}",
            targets,
            lambda m: submit_edit(engine, m, req),
            "saved",
            "edit",
        )
        saved = set(result.ok)
        if saved:
            remember(screen, EditedMessages(tuple((m, req) for m in targets if m.id in saved)))

    _run(screen, flow())


def _chat_submit(
    screen: MainScreen, action: str, chat_id: str, send: Callable[[Request], Awaitable[Delta]]
) -> Callable[[Request], Awaitable[Delta]]:
    """A chat-wide dialog's submit: ``send`` the request, marked busy and logged."""

    async def submit(req: Request) -> Delta:
        return await logged(
            screen.app, action, chat_id, [], _applying(screen, partial(send, req)), ids_of=delta_ids
        )

    return submit


def create(screen: MainScreen) -> None:
    """Schedule a new text message in the chat."""
    from cliq_tui.ui.dialogs import CreateDialog

    engine = _engine(screen)
    chat_id, _reason = screen.target_chat()
    assert chat_id is not None
    drafts = screen.app.drafts

    submit = _chat_submit(screen, "create", chat_id, partial(submit_create, engine, chat_id))

    def outcome(text: str, take: bool) -> UncertainCreate | None:
        return engine.create_outcome(chat_id, text, take=take)

    async def flow() -> None:
        await screen.app.push_screen_wait(
            CreateDialog(
                _chat_for(screen, chat_id),
                submit,
                drafts=drafts,
                now=screen.app.now,
                outcome=outcome,
                pending=len(engine.messages),
            )
        )

    _run(screen, flow())


def reschedule(screen: MainScreen) -> None:
    """Move every message in the chat due at one time, or with one trigger, to another."""
    from cliq_tui.ui.dialogs import RescheduleDialog

    engine = _engine(screen)
    chat_id, _reason = screen.target_chat()
    assert chat_id is not None
    messages = screen.queue.messages_in_chat(chat_id)

    send = partial(submit_reschedule, engine, chat_id)
    submit = _chat_submit(screen, "reschedule", chat_id, send)

    async def flow() -> None:
        await screen.app.push_screen_wait(
            RescheduleDialog(_chat_for(screen, chat_id), messages, submit, now=screen.app.now)
        )

    _run(screen, flow())
