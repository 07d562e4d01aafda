"""``:`` jumps to a chat by name (k9s style): a fuzzy search over the chat pane's chats.

Choosing one does what choosing it in the chat list does: the pane highlights it and the queue
shows its messages; the status bar's result line names it (the pane is hidden on narrow
screens), or says how many of its messages the text filter hides. Esc leaves everything as it
was; when nothing matches, the picker says so in one line and stays open.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from cliq_tui.ui.dialogs.chat_picker import ChatPicker
from cliq_tui.ui.widgets.chat_list import ChatList
from cliq_tui.ui.widgets.queue_table import QueueTable
from cliq_tui.ui.widgets.status_bar import StatusBar


def jump_picker(chats: ChatList) -> ChatPicker:
    """The picker over the chats the pane lists, in the pane's order."""
    return ChatPicker(
        "Jump to chat",
        chats.entries,
        current=chats.scope,
        placeholder="type part of a chat's name (Esc: stay here)",
        keep_order=True,
    )


def jump_result(name: str, pending: int, shown: int) -> str:
    """The result line of a jump; it says when the text filter hides some of the chat's
    messages (an empty queue under "3 pending" reads as a fault)."""
    if shown >= pending:
        return f"Showing {name} ({pending} pending)."
    return f"{name}: filter hides {pending - shown} of {pending}."


def open_chat_jump(screen: Screen[Any]) -> None:
    """Ask for a chat by name over ``screen``; the chosen one becomes the pane's chat."""
    chats = screen.query_one(ChatList)

    def chosen(chat_id: str | None) -> None:
        if chat_id is None:
            return
        names = {entry.id: entry for entry in chats.entries()}
        if chats.show_chat(chat_id) and chat_id in names:
            # The result line says where the queue is now (the chat pane may be hidden).
            entry = names[chat_id]
            # The queue shows the chat now, not after the pane's message: the line can count.
            queue = screen.query_one(QueueTable)
            queue.set_scope(chat_id)
            for bar in screen.query(StatusBar):
                bar.set_result(jump_result(entry.name, entry.pending, queue.row_count))

    screen.app.push_screen(jump_picker(chats), chosen)
