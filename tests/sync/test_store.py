"""The queue store: deltas by value, the message-to-chat mapping, full versus incremental lists."""

from __future__ import annotations

from cliq_tui.api.models import ScheduledMessage, ScheduledMessageList
from cliq_tui.sync.store import QueueStore


def _msg(mid: str, text: str = "hello", **extra: object) -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {"id": mid, "schedule_status": "call_end", "message": {"content": {"text": text}}, **extra}
    )


def _listing(
    *items: ScheduledMessage, deleted: tuple[str, ...] = (), token: str = "t"
) -> ScheduledMessageList:
    return ScheduledMessageList(data=list(items), deleted=list(deleted), sync_token=token)


def test_a_full_listing_adds_every_item_and_keeps_the_sync_token() -> None:
    store = QueueStore()
    delta = store.apply_listing(_listing(_msg("a"), _msg("b"), token="T1"), full=True)
    assert [m.id for m in delta.added] == ["a", "b"]
    assert store.sync_token == "T1"


def test_an_unchanged_item_is_not_reported_as_changed() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a")), full=True)
    delta = store.apply_listing(_listing(_msg("a"), token="T2"), full=False)
    assert not delta


def test_an_item_with_new_text_is_reported_as_changed() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a")), full=True)
    delta = store.apply_listing(_listing(_msg("a", "edited")), full=False)
    assert [m.text for m in delta.changed] == ["edited"]


def test_a_full_listing_removes_what_it_lacks() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a"), _msg("b")), full=True)
    delta = store.apply_listing(_listing(_msg("a")), full=True)
    assert delta.removed == ("b",)
    assert set(store.messages) == {"a"}


def test_an_incremental_listing_removes_only_its_deleted_ids() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a"), _msg("b")), full=True)
    delta = store.apply_listing(_listing(deleted=("b", "unknown")), full=False)
    assert delta.removed == ("b",)
    assert set(store.messages) == {"a"}


def test_a_remembered_chat_is_set_on_later_copies_of_the_message() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a")), full=True)
    store.apply_chat_listing("C1", _listing(_msg("a")))
    store.apply_listing(_listing(_msg("a", "edited")), full=False)
    assert store.messages["a"].chat_id == "C1"


def test_an_item_carrying_its_chat_is_mapped_at_once() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a", chat_id="C9")), full=True)
    assert store.chat_of["a"] == "C9"
    assert store.unresolved_ids() == []


def test_a_chat_listing_removes_that_chats_messages_it_lacks() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a", chat_id="C1"), _msg("b", chat_id="C2")), full=True)
    delta = store.apply_chat_listing("C1", _listing())
    assert delta.removed == ("a",)
    assert "b" in store.messages


def test_skipped_ids_keep_what_an_action_applied() -> None:
    store = QueueStore()
    store.apply_listing(_listing(_msg("a"), _msg("b")), full=True)
    store.remove(["b"])
    delta = store.apply_listing(_listing(_msg("a"), _msg("b")), full=True, skip={"b"})
    assert not delta.added
    assert "b" not in store.messages
