"""Snapshots of the chat picker at 80x24 and 120x40: the list as it opens, a search with its
matched letters, and the one line that says why some chats are missing; and the create dialog
with its button to change the chat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.pilot import Pilot

from cliq_tui.dashboard.chat_choice import ChatEntry, ChatTarget
from cliq_tui.sync.directory import DirectoryState
from cliq_tui.ui.dialogs.chat_picker import ChatPicker
from cliq_tui.ui.dialogs.create import ChatChange, CreateDialog
from tests.support.dialogs import DialogHost, Recorder, fixed_now, make_chat

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
CHATS = [
    ("CT_1", "Support Escalations", "channel", 3),
    ("CT_2", "Alan Walker", "DM", 2),
    ("CT_3", "Finance Team", "channel", 3),
    ("CT_4", "Q2 Product Review - Design, Engineering & QA", "group", 3),
    ("CT_5", "Taskbot", "bot", 0),
    ("CT_6", "Office Planning 2026", "group", 0),
    ("CT_7", "Refinance Working Group", "group", 0),
    ("CT_8", "Priya Raman", "DM", 0),
    ("CT_9", "Mobile Launch War Room", "group", 2),
    ("CT_10", "Zylker Announcements", "channel", 0),
    ("CT_11", "Kenji Tanaka", "DM", 0),
    ("CT_12", "Finland Sales [b]not markup[/b]", "channel", 0),
]


def entries() -> list[ChatEntry]:
    return [
        ChatEntry(cid, name, kind, pending, NOW - timedelta(hours=index))
        for index, (cid, name, kind, pending) in enumerate(CHATS)
    ]


class StoppedDirectory:
    """A directory whose listing the chat-list lock stopped."""

    complete = False
    state = DirectoryState(note="Cliq's chat list is locked for 9:41: showing the 12 chats known.")

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        return lambda: None

    async def load(self) -> DirectoryState:
        return self.state


def picker(directory: StoppedDirectory | None = None) -> DialogHost:
    return DialogHost(
        lambda: ChatPicker("Schedule in which chat?", entries, current="CT_1", directory=directory)
    )


async def typed_fin(pilot: Pilot[Any]) -> None:
    await pilot.press(*"fin")
    await pilot.pause()


def test_chat_picker_120x40(snap_compare: Any) -> None:
    assert snap_compare(picker(), terminal_size=(120, 40))


def test_chat_picker_80x24(snap_compare: Any) -> None:
    assert snap_compare(picker(), terminal_size=(80, 24))


def test_chat_picker_search_120x40(snap_compare: Any) -> None:
    assert snap_compare(picker(), terminal_size=(120, 40), run_before=typed_fin)


def test_chat_picker_search_with_listing_stopped_80x24(snap_compare: Any) -> None:
    host = picker(StoppedDirectory())
    assert snap_compare(host, terminal_size=(80, 24), run_before=typed_fin)


def create_with_chat_change() -> DialogHost:
    chat = make_chat()
    change = ChatChange(
        ChatTarget(chat.chat_id),
        lambda current: ChatPicker("Schedule in which chat?", entries, current=current),
        lambda chat_id: None,
    )
    return DialogHost(lambda: CreateDialog(chat, Recorder(), now=fixed_now, change=change))


def test_create_dialog_with_its_chat_button_80x24(snap_compare: Any) -> None:
    assert snap_compare(create_with_chat_change(), terminal_size=(80, 24))


def test_create_dialog_with_its_chat_button_120x40(snap_compare: Any) -> None:
    assert snap_compare(create_with_chat_change(), terminal_size=(120, 40))
