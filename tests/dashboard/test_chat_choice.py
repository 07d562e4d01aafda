"""Choosing the chat of a new message: the create flow with a picker, and the picker's order.

The flows run on a real engine against the fake server over HTTP; the dialogs are scripted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cliq_tui.api.models import Chat
from cliq_tui.core import format as fmt
from cliq_tui.core.requests import CreateRequest
from cliq_tui.dashboard.availability import ActionRules
from cliq_tui.dashboard.chat_choice import ChatEntry, chat_entries, ordered, rank
from cliq_tui.dashboard.queue_model import QueueModel
from tests.support.flows import Rig, texts

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def quiet_chat(rig: Rig) -> str:
    """A chat of the user with nothing pending."""
    busy = {m["chat_id"] for m in rig.server.state.messages()}
    return next(c["chat_id"] for c in rig.server.state.chats() if c["chat_id"] not in busy)


def made(rig: Rig, text: str) -> list[dict[str, object]]:
    return [m for m in rig.server.state.messages() if m["message"]["content"].get("text") == text]


def request(rig: Rig, text: str) -> CreateRequest:
    when = rig.flows.now() + timedelta(hours=3)
    return CreateRequest(text, schedule_time=when, timezone="UTC")


async def test_with_no_chat_under_the_cursor_the_picker_comes_first(rig: Rig) -> None:
    rig.queue.rebuild([])
    assert rig.rules.blocked_reason("create") is None, "no chat shown is no reason to refuse"
    target = quiet_chat(rig)
    rig.dialogs.picks = [target]
    rig.dialogs.creates = [request(rig, "Into a quiet chat")]
    await rig.run(rig.rules.start("create", rig.flows))
    assert rig.dialogs.asked[:2] == [("pick chat", ""), ("create", "")]
    created = made(rig, "Into a quiet chat")
    assert len(created) == 1 and created[0]["chat_id"] == target
    assert rig.lines.results == [f"Scheduled 1 message in {rig.flows.chat_name(target)}."]
    assert rig.activity.session[-1].chat_id == target


async def test_a_cancelled_picker_opens_no_dialog_and_sends_nothing(rig: Rig) -> None:
    before = rig.server.state.messages()
    rig.dialogs.picks = [None]
    await rig.run(rig.flows.create(None))
    assert rig.dialogs.asked == [("pick chat", "")]
    assert rig.server.state.messages() == before


async def test_the_message_goes_to_the_chat_picked_in_the_dialog_only(rig: Rig) -> None:
    start = fmt.message_chat_id(texts(rig)[0])
    assert start is not None
    target = quiet_chat(rig)
    rig.dialogs.moves = [target]
    rig.dialogs.creates = [request(rig, "Moved before saving")]
    await rig.run(rig.flows.create(start))
    created = made(rig, "Moved before saving")
    assert [m["chat_id"] for m in created] == [target]
    assert rig.lines.results == [f"Scheduled 1 message in {rig.flows.chat_name(target)}."]


def test_a_message_whose_chat_is_unknown_opens_the_picker_instead_of_refusing() -> None:
    queue = QueueModel()
    rules = ActionRules(queue, engine=lambda: object(), undo_record=lambda: None)  # type: ignore[arg-type,return-value]
    assert rules.blocked_reason("create") is None
    assert rules.target_chat()[0] is None


def entry(chat_id: str, name: str, pending: int = 0, hours_ago: int | None = None) -> ChatEntry:
    active = NOW - timedelta(hours=hours_ago) if hours_ago is not None else None
    return ChatEntry(chat_id, name, "group", pending, active)


def test_with_nothing_typed_the_current_chat_comes_first_then_pending_then_recent() -> None:
    entries = [
        entry("old", "Old chat", hours_ago=90),
        entry("new", "New chat", hours_ago=1),
        entry("b", "Beta", pending=2),
        entry("a", "Alpha", pending=1),
        entry("cur", "Zulu current", hours_ago=300),
        entry("never", "Never active"),
    ]
    assert [e.id for e in ordered(entries, "cur")] == ["cur", "a", "b", "new", "old", "never"]


def test_typing_ranks_by_match_and_breaks_ties_in_that_order() -> None:
    entries = [entry("x", "Finance Team", hours_ago=5), entry("y", "Finance Team", pending=1)]
    assert [e.id for e, _ in rank(entries, "fin")] == ["y", "x"]
    assert [e.id for e, _ in rank(entries, "zz")] == []
    assert [e.id for e, _ in rank(entries, "fin", keep_order=True)] == ["x", "y"]


def test_names_from_the_server_are_made_terminal_safe_once() -> None:
    chats = {
        "c1": Chat(chat_id="c1", name="Evil\x1b]0;pwned\x07 [b]chat[/b]\nnext", chat_type="channel")
    }
    [made_entry] = chat_entries(chats, {"c1": 2})
    assert "\x1b" not in made_entry.name and "\x07" not in made_entry.name
    assert "\n" not in made_entry.name
    assert made_entry.pending == 2 and made_entry.kind == "channel"


def test_a_chat_no_request_can_name_is_not_offered() -> None:
    chats = {cid: Chat(chat_id=cid, name=f"Chat {cid}") for cid in ("CT_1", "..", "a/b")}
    assert [e.id for e in chat_entries(chats, {})] == ["CT_1"]
