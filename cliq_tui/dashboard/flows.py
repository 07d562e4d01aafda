"""The action flows: what each key of the dashboard does, without Textual.

Each action is a method of :class:`ActionFlows` that decides at once what it applies to (the
targets, the chat, the undo record it takes) and returns the rest as a :data:`Flow` to run in the
background (dialogs are awaited there), or None when nothing is left to do. The flows reach the
world only through their ports (:mod:`cliq_tui.dashboard.ports`); they never apply a delta: the
engine tells its listeners of every change before an action returns, and that is the one path
from a change to the screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import TypeVar

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.core.batch_edit import replan
from cliq_tui.core.error_words import report_for
from cliq_tui.core.format import plural
from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
from cliq_tui.core.timeparse import format_in_zone
from cliq_tui.dashboard import flows_copy, flows_undo
from cliq_tui.dashboard.activity import delta_ids
from cliq_tui.dashboard.chat_choice import ChatTarget, usable
from cliq_tui.dashboard.flows_context import FlowContext
from cliq_tui.dashboard.ports import (
    Flow,
    Notifier,
)
from cliq_tui.dashboard.submit import submit_create, submit_edit, submit_reschedule
from cliq_tui.dashboard.undo import DeletedMessages, EditedMessages, undo_note
from cliq_tui.sync.types import Delta, SyncStatus
from cliq_tui.sync.uncertain import UncertainCreate

Request = TypeVar("Request")
# How many messages a confirmation lists before "… and N more".
LISTED = 8
# Each listed preview is cut to this many cells: with its "• " it fills one line of the
# confirmation (59 cells inside it), so no preview wraps.
CONFIRM_PREVIEW = 57


def with_chat(message: ScheduledMessage, chat_id: str | None = None) -> ScheduledMessage:
    """The message with its chat id set (undo re-creates it in that chat)."""
    chat = chat_id or fmt.message_chat_id(message)
    return message if message.chat_id == chat else message.model_copy(update={"chat_id": chat})


async def report_errors(flow: Awaitable[None], notifier: Notifier) -> None:
    """Run ``flow``; an error becomes one line (its title and sentence, never a traceback)."""
    try:
        await flow
    except Exception as error:
        report = report_for(error)
        notifier.notify(report.message, title=report.title, severity=report.severity, timeout=8)


class ActionFlows(FlowContext):
    """The dashboard's actions: each decides at once and returns the rest as a flow."""

    # --- sync -----------------------------------------------------------------------------

    def refresh(self) -> Flow:
        """Sync now (allowed while paused); a refresh that could not run says why."""
        return self._refresh()

    async def _refresh(self) -> None:
        await self.engine.refresh()
        state = self.engine.state
        notify = self.notifier.notify
        if state.status is SyncStatus.LOCKED:
            until = state.locked_until
            left = (until - self.now()).total_seconds() if until else 0
            notify(
                f"Cliq locked the list endpoint; syncing resumes in {fmt.countdown(left)}.",
                title="Rate limited",
                severity="warning",
            )
        elif state.status is SyncStatus.OFFLINE:
            notify(
                f"{state.error or 'Cliq cannot be reached.'} Retrying.",
                title="Offline",
                severity="error",
            )
        elif state.status is SyncStatus.ERROR:
            notify(state.error or "The refresh failed.", title="Sync error", severity="error")
        else:
            # The result line, not a toast: a held-down r replaces one line, never stacks.
            self.notifier.result(
                f"Queue refreshed at {format_in_zone(self.now(), self.tz, '%H:%M:%S')}."
            )

    def toggle_pause(self) -> None:
        """Pause or resume live updates."""
        if self.engine.paused:
            self.engine.resume()
            self.notify("Live updates resumed.", timeout=2)
        else:
            self.engine.pause()
            self.notify("Live updates paused: press p to resume, r to refresh once.", timeout=3)

    # --- the messages under the cursor or selected ----------------------------------------

    def send_now(self, targets: Sequence[ScheduledMessage]) -> Flow:
        """Send the message (or the selection) now, after confirming with the count."""
        return self._one_or_many(
            targets, "Send", "Sent", self.engine.send_now, danger=False, log_as="send now"
        )

    def delete(self, targets: Sequence[ScheduledMessage]) -> Flow:
        """Delete the message (or the selection), after confirming with the count."""
        return self._one_or_many(
            targets, "Delete", "Deleted", self.engine.delete, danger=True, log_as="delete"
        )

    def _summary(self, messages: Sequence[ScheduledMessage]) -> str:
        chats = {fmt.message_chat_id(m) for m in messages}
        if len(chats) == 1:
            return f"in {self.chat_name(next(iter(chats)))}"
        return f"across {len(chats)} chats"

    async def _one_or_many(
        self,
        targets: Sequence[ScheduledMessage],
        verb: str,
        done: str,
        call: Callable[[ScheduledMessage], Awaitable[Delta]],
        *,
        danger: bool,
        log_as: str,
    ) -> None:
        targets = list(targets)
        count = plural(len(targets))
        title = f"{verb} {count} {self._summary(targets)}{' now' if verb == 'Send' else ''}?"
        body = "\n".join(
            f"• {fmt.one_line(m.preview, CONFIRM_PREVIEW) or '(empty)'}" for m in targets[:LISTED]
        )
        if len(targets) > LISTED:
            body += f"\n… and {len(targets) - LISTED} more"
        if danger:
            body += f"\n\n{undo_note(targets)}"
        if not await self.dialogs.confirm(title, body, verb, danger=danger):
            return
        if len(targets) == 1:
            target = targets[0]
            chat_id = fmt.message_chat_id(target)
            await self.activity.logged(log_as, chat_id, [target.id], partial(call, target))
            done_ids = [target.id]
            self.notify(f"{done} 1 message.", timeout=3)
        else:
            result = await self.batch(f"{verb} {count}", targets, call, done.lower(), log_as)
            done_ids = result.ok
        if danger and done_ids:
            gone = set(done_ids)
            self.remember(DeletedMessages(tuple(with_chat(m) for m in targets if m.id in gone)))

    def edit(self, targets: Sequence[ScheduledMessage]) -> Flow:
        """Edit the message; with a selection, what the user sets goes to every selected message
        (the batch edit dialog shows what changes for each), each sent only what changes for it."""
        return self._edit(list(targets))

    async def _edit(self, targets: list[ScheduledMessage]) -> None:
        first = targets[0]
        chat_id = fmt.message_chat_id(first)
        chat = self.chat_for(chat_id) if chat_id else None
        if len(targets) == 1:
            sent: list[EditRequest] = []

            async def submit(req: EditRequest) -> Delta:
                delta = await self.activity.logged(
                    "edit", chat_id, [first.id], lambda: submit_edit(self.engine, first, req)
                )
                self.remember(EditedMessages(((first, req),)))
                sent.append(req)
                return delta

            if await self.dialogs.edit(first, chat, submit) and sent:
                self.notifier.result(self._edited(sent[-1], chat_id))
            return
        # Many: the dialog plans the change per message; the batch sends each its own request.
        names = {m.id: self.chat_name(fmt.message_chat_id(m)) for m in targets}
        plan = await self.dialogs.batch_edit(targets, names)
        if plan is None:
            return
        # Another window may have changed or removed some while the dialog was open: the
        # choice is applied to each message as it is now, never to the copy the dialog showed.
        now_held = [self.engine.messages.get(m.id) for m in targets]
        if now_held != list(targets):
            targets = [m for m in now_held if m is not None]
            gone = len(now_held) - len(targets)
            plan = replan(plan, targets, self.now())
            if plan.refusal and (plan.error or plan.problems or not targets):
                why = plan.refusal if targets else "every message is gone from the queue."
                self.notifier.notify(
                    f"Changed elsewhere while the dialog was open; {why}",
                    title="Nothing was sent",
                    severity="error",
                )
                return
            if gone:
                self.notifier.notify(
                    f"{plural(gone)} left the queue while the dialog was open: not edited.",
                    severity="warning",
                )
        requests = {item.message.id: item.request for item in plan.to_send if item.request}
        sending = [m for m in targets if m.id in requests]
        skipped = len(targets) - len(sending)
        if not sending:
            self.notifier.result(f"Nothing to change: {plural(len(targets))} already as set.")
            return
        title = f"Edit {plural(len(sending))}"
        if skipped:
            title += f" ({skipped} skipped: nothing to change)"
        result = await self.batch(
            title,
            sending,
            lambda m: submit_edit(self.engine, m, requests[m.id]),
            "saved",
            "edit",
        )
        saved = set(result.ok)
        if saved:
            edits = tuple((m, requests[m.id]) for m in sending if m.id in saved)
            self.remember(EditedMessages(edits))
        line = f"Edited {plural(len(saved))} {self._summary(sending)}"
        missed = [f"{len(result.failed)} failed"] if result.failed else []
        if result.not_attempted:
            missed.append(f"{len(result.not_attempted)} not attempted")
        line += f" ({', '.join(missed)})." if missed else "."
        if skipped:
            line += f" {plural(skipped)} skipped: nothing to change."
        self.notifier.result(line)

    def _edited(self, req: EditRequest, chat_id: str | None) -> str:
        """The result line of one message's edit: what changed, in which chat."""
        done = "Removed the file from" if req.remove_file else "Edited"
        where = f" in {self.chat_name(chat_id)}" if chat_id else ""
        return f"{done} {plural(1)}{where}."

    # --- a whole chat ---------------------------------------------------------------------

    def send_all(self, chat_id: str) -> Flow:
        """Send everything pending in the chat, after confirming with the count."""
        return self._chat_wide(
            chat_id, "Send", "Sent", self.engine.send_all, danger=False, log_as="send all"
        )

    def delete_all(self, chat_id: str) -> Flow:
        """Delete everything pending in the chat, after confirming with the count."""
        return self._chat_wide(
            chat_id, "Delete", "Deleted", self.engine.delete_all, danger=True, log_as="delete all"
        )

    def _chat_wide(
        self,
        chat_id: str,
        verb: str,
        done: str,
        call: Callable[[str], Awaitable[Delta]],
        *,
        danger: bool,
        log_as: str,
    ) -> Flow:
        # The messages as they are now: the confirmation counts them and undo brings them back.
        messages = self.queue.messages_in_chat(chat_id)

        async def flow() -> None:
            name = self.chat_name(chat_id)
            count = plural(len(messages))
            title = f"{verb} {count} in {name}{' now' if verb == 'Send' else ''}?"
            body = f"Every pending message in {name} ({count})."
            if danger:
                body += f"\n\n{undo_note(messages)}"
            if not await self.dialogs.confirm(title, body, f"{verb} all", danger=danger):
                return
            ids = [m.id for m in messages]
            await self.activity.logged(log_as, chat_id, ids, partial(call, chat_id))
            if danger:
                self.remember(DeletedMessages(tuple(with_chat(m, chat_id) for m in messages)))
            self.notify(f"{done} every pending message in {name}.", timeout=3)

        return flow()

    def _chat_submit(
        self, action: str, chat_id: str, send: Callable[[Request], Awaitable[Delta]]
    ) -> Callable[[Request], Awaitable[Delta]]:
        """A chat-wide dialog's submit: ``send`` the request, logged."""

        async def submit(req: Request) -> Delta:
            return await self.activity.logged(
                action, chat_id, [], partial(send, req), ids_of=delta_ids
            )

        return submit

    def create(self, chat_id: str | None) -> Flow:
        """Schedule a new text message: in the chat given (the user may pick another in the
        dialog), or in one the user picks first."""
        return self._create(chat_id)

    async def _create(self, chat_id: str | None) -> None:
        engine = self.engine
        # A chat no request can name (an id such as "..") could never take the message: the
        # user picks one first rather than finding out after writing it.
        if chat_id is None or not usable(chat_id):
            chat_id = await self.dialogs.pick_chat(None)
            if chat_id is None:
                return
        # The dialog may change the chat: the request goes wherever the target points at Save.
        target = ChatTarget(chat_id)
        sent_to: list[str] = []

        async def submit(req: CreateRequest) -> Delta:
            where = target.chat_id
            delta = await self.activity.logged(
                "create",
                where,
                [],
                partial(submit_create, engine, where, req),
                ids_of=delta_ids,
            )
            sent_to.append(where)
            return delta

        def outcome(text: str, take: bool) -> UncertainCreate | None:
            return engine.create_outcome(target.chat_id, text, take=take)

        created = await self.dialogs.create(
            self.chat_for(chat_id),
            submit,
            outcome=outcome,
            pending=len(engine.messages),
            target=target,
        )
        if created:
            where = sent_to[-1] if sent_to else target.chat_id
            self.notifier.result(f"Scheduled 1 message in {self.chat_name(where)}.")

    def reschedule(self, chat_id: str) -> Flow:
        """Move every message in the chat due at one time, or with one trigger, to another."""
        messages = self.queue.messages_in_chat(chat_id)
        send = partial(submit_reschedule, self.engine, chat_id)
        logged = self._chat_submit("reschedule", chat_id, send)
        moved: list[tuple[RescheduleRequest, int]] = []

        async def submit(req: RescheduleRequest) -> Delta:
            delta = await logged(req)
            moved.append((req, len(delta_ids(delta))))
            return delta

        async def flow() -> None:
            if await self.dialogs.reschedule(self.chat_for(chat_id), messages, submit) and moved:
                req, count = moved[-1]
                if req.mode == "time" and req.new_time is not None:
                    to = format_in_zone(req.new_time, self.tz, "%a %d %b %H:%M")
                elif req.new_status is not None:
                    to = f"trigger {req.new_status.label}"
                else:
                    to = "a trigger"
                name = self.chat_name(chat_id)
                self.notifier.result(f"Moved {plural(count)} in {name} to {to}.")

        return flow()

    # --- undo, copy, export ---------------------------------------------------------------

    def undo(self) -> Flow | None:
        """Take back the last delete or edit of this session, saying what was undone."""
        return flows_undo.undo(self)

    def copy_text(self, message: ScheduledMessage | None) -> None:
        """Copy the message's text (a file message: its comment, else its file name)."""
        flows_copy.copy_text(self, message)

    def copy_id(self, message: ScheduledMessage | None) -> None:
        """Copy the message's id."""
        flows_copy.copy_id(self, message)

    def export(self, messages: Sequence[ScheduledMessage]) -> Flow | None:
        """Export the messages shown (after the filter and the chat chosen) as CSV or JSON."""
        return flows_copy.export(self, list(messages))
