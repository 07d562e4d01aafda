"""Copy a message's text or id, and export the messages shown."""

from __future__ import annotations

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core.export import ExportFormat, render_csv, render_json
from cliq_tui.core.format import plural, quoted
from cliq_tui.dashboard.flows_context import FlowContext
from cliq_tui.dashboard.ports import Flow

NO_MESSAGE = "No message selected."


def copy_text(flows: FlowContext, message: ScheduledMessage | None) -> None:
    """Copy the message's text (a file message: its comment, else its file name)."""
    if message is None:
        flows.notifier.notify(NO_MESSAGE, title="Copy", severity="warning")
        return
    text = message.text or (message.message.content.file_name or "" if message.is_file else "")
    if not text:
        flows.notifier.notify("This message has no text to copy.", title="Copy", severity="warning")
        return
    flows.clipboard.copy_to_clipboard(text)
    flows.notify(
        f"Copied the text ({plural(len(text), 'character')}): {quoted(text)}",
        title="Copied",
        timeout=3,
    )


def copy_id(flows: FlowContext, message: ScheduledMessage | None) -> None:
    """Copy the message's id."""
    if message is None:
        flows.notifier.notify(NO_MESSAGE, title="Copy", severity="warning")
        return
    flows.clipboard.copy_to_clipboard(message.id)
    flows.notify(f"Copied the message id {message.id}.", title="Copied", timeout=3)


def export(flows: FlowContext, messages: list[ScheduledMessage]) -> Flow | None:
    """Export ``messages`` (the ones shown) as CSV or JSON, to a file the user picks."""
    if not messages:
        flows.notify("Nothing to export: no messages are shown.", title="Export")
        return None
    now = flows.now()

    def render(kind: ExportFormat) -> str:
        if kind == "json":
            return render_json(messages)
        return render_csv(messages, chat_name=flows.chat_name, now=now, tz=flows.tz)

    async def flow() -> None:
        path = await flows.dialogs.export(len(messages), render, now.astimezone(flows.tz))
        if path is None:
            return
        flows.activity.record(
            "export",
            chat_id=None,
            message_ids=[m.id for m in messages],
            detail=f"{plural(len(messages))} to {path}",
        )
        flows.notify(f"Exported {plural(len(messages))} to {path}", title="Exported")

    return flow()
