"""Seeds: the demo organisation, empty, and generated queues."""

from __future__ import annotations

from collections import Counter

import pytest

from cliq_tui.fake import FakeConfig, FakeState
from tests.support.clock import START_MS


def demo() -> FakeState:
    return FakeState(FakeConfig(seed="demo", clock="manual", start_time_ms=START_MS))


def test_demo_has_twenty_odd_messages() -> None:
    assert 20 <= len(demo().messages()) <= 25


def test_demo_mixes_text_and_file_messages() -> None:
    kinds = Counter(m["message"]["type"] for m in demo().messages())
    assert kinds["text"] > 0 and kinds["file"] >= 2


def test_demo_uses_all_four_status_triggers() -> None:
    triggers = {m["schedule_status"] for m in demo().messages() if "schedule_status" in m}
    assert triggers == {"check_in", "check_out", "user_available", "call_end"}


def test_demo_never_has_check_in_in_a_dm() -> None:
    state = demo()
    dms = {c["chat_id"] for c in state.chats() if c["chat_type"] == "direct_message"}
    assert not [
        m
        for m in state.messages()
        if m["chat_id"] in dms and m.get("schedule_status") == "check_in"
    ]


def test_demo_uses_several_time_zones() -> None:
    assert len({m["timezone"] for m in demo().messages()}) >= 3


def test_demo_times_are_all_in_the_future() -> None:
    state = demo()
    now = state.now_ms()
    assert all(m.time_ms is None or m.time_ms > now for m in state.store.messages.values())


def test_demo_is_the_same_for_the_same_start_time() -> None:
    assert demo().messages() == demo().messages()


def test_empty_seed_has_nothing() -> None:
    state = FakeState(FakeConfig(seed="empty"))
    assert state.messages() == [] and state.chats() == []


def test_generated_seed_has_the_requested_size() -> None:
    state = FakeState(FakeConfig(seed="generated", messages=5000, chats=500))
    assert len(state.store.messages) == 5000 and len(state.store.chats) == 500


def test_generated_seed_is_deterministic() -> None:
    config = FakeConfig(
        seed="generated", messages=50, chats=7, clock="manual", start_time_ms=10**12
    )
    assert FakeState(config).messages() == FakeState(config).messages()


def test_generated_seed_never_has_check_in_in_a_dm() -> None:
    state = FakeState(FakeConfig(seed="generated", messages=2000, chats=50))
    types = {c.chat_id: c.chat_type for c in state.store.chats.values()}
    assert not [
        m
        for m in state.store.messages.values()
        if m.status == "check_in" and types[m.chat_id] == "direct_message"
    ]


def test_unknown_seed_is_refused() -> None:
    with pytest.raises(ValueError):
        FakeState(FakeConfig(seed="huge"))  # type: ignore[arg-type]
