"""The realistic seed: a real-sized account as the issue describes it."""

from __future__ import annotations

from collections import Counter

from cliq_tui.fake import FakeConfig
from cliq_tui.fake.state import FakeState
from tests.support.clock import START_MS


def test_twenty_five_messages_in_twelve_of_three_hundred_chats_spread_by_recency() -> None:
    state = FakeState(FakeConfig(seed="realistic", clock="manual", start_time_ms=START_MS))
    chats = state.chats()
    messages = state.messages()
    assert len(chats) == 300 and len(messages) == 25
    holding = {m["chat_id"] for m in messages}
    assert len(holding) == 12
    kinds = Counter(c["chat_type"] for c in chats if c["chat_id"] in holding)
    assert kinds == {"direct_message": 5, "group_chat": 4, "channel": 3}
    order = [
        c["chat_id"] for c in sorted(chats, key=lambda c: c["last_modified_time"], reverse=True)
    ]
    ranks = sorted(order.index(cid) for cid in holding)
    # Spread through the recency order: the most recent chat and some of the quietest third.
    assert ranks[0] == 0 and ranks[-1] >= 200 and sum(r >= 100 for r in ranks) >= 4
    assert len({c["name"] for c in chats}) == 300
    assert set(Counter(c["chat_type"] for c in chats)) >= {
        "direct_message",
        "group_chat",
        "channel",
    }


def test_the_seed_is_the_same_for_the_same_random_seed() -> None:
    one = FakeState(FakeConfig(seed="realistic", clock="manual", start_time_ms=START_MS))
    two = FakeState(FakeConfig(seed="realistic", clock="manual", start_time_ms=START_MS))
    assert one.chats() == two.chats() and one.messages() == two.messages()
