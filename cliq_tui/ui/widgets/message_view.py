"""The message pane: the selected message in full."""

from __future__ import annotations

from datetime import tzinfo

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.base.textsafe import visible
from cliq_tui.core import format as fmt


def _person(person: object) -> str:
    name = getattr(person, "name", None)
    return name or getattr(person, "id", None) or "—"


def describe(
    message: ScheduledMessage,
    chat: Chat | None,
    *,
    tz: tzinfo | None,
    blocked_reason: str | None = None,
    outcome: str | None = None,
) -> Group:
    """A renderable of every detail of one message (user text is never parsed as markup)."""
    chat_id = fmt.message_chat_id(message)
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    if message.time is not None:
        own = message.time.strftime("%H:%M")
        due = f"{fmt.full_time(message.time, tz)} ({own} in {message.timezone or 'its zone'})"
    else:
        due = f"{fmt.trigger_label(message)} (status-based)"
    rows: list[tuple[str, str]] = [
        ("Due", due),
        ("Time zone", message.timezone or "—"),
        (
            "Chat",
            f"{fmt.chat_label(chat, chat_id)} ({chat.kind})"
            if chat
            else fmt.chat_label(None, chat_id),
        ),
        ("Type", fmt.type_label(message)),
        ("Sender", _person(message.message.sender)),
        ("Creator", _person(message.creator)),
        ("Created", fmt.full_time(message.created_time, tz)),
        ("Id", message.id),
    ]
    content = message.message.content
    if message.is_file:
        rows[4:4] = [
            ("File", content.file_name or "—"),
            ("Size", content.file_size or "—"),
            ("Comment", content.comment or "—"),
        ]
    for label, value in rows:
        facts.add_row(label, Text(visible(value)))
    # The text first: a short pane shows what will be sent, the facts below it.
    parts: list[object] = []
    if not message.is_file:
        parts.extend([Text(visible(content.text or "(no text)", newlines=True)), Text("")])
    parts.append(facts)
    if outcome:
        parts.extend([Text(""), Text(visible(f"? {outcome}"), style="bold")])
    if blocked_reason:
        reason = visible(blocked_reason)
        parts.extend([Text(""), Text(f"⚠ Chat actions unavailable: {reason}", style="bold")])
    return Group(*parts)  # type: ignore[arg-type]


class MessageView(VerticalScroll):
    """Shows one message in full, or a hint when nothing is selected."""

    # The zoom key (+) may give it the whole screen, as it does the other panes.
    ALLOW_MAXIMIZE = True

    def __init__(self, *, tz: tzinfo | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tz = tz
        self._body = Static("No message selected.", id="message-body")
        # What the body shows, so an unchanged message is not laid out and painted again.
        self._shown: tuple[object, ...] | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        """One static body, replaced as the selection moves."""
        yield self._body

    def show(
        self,
        message: ScheduledMessage | None,
        chat: Chat | None,
        blocked_reason: str | None = None,
        outcome: str | None = None,
    ) -> None:
        """Show ``message`` (None: an empty-queue hint), with why its chat actions are off and
        whether an action on it awaits settling."""
        # Every delta and keystroke asks again; most leave the message as it was.
        shown = None if message is None else (message, chat, blocked_reason, outcome)
        if shown == self._shown:
            return
        self._shown = shown
        if message is None:
            self._body.update("No message selected.")
            return
        self._body.update(
            describe(message, chat, tz=self._tz, blocked_reason=blocked_reason, outcome=outcome)
        )
