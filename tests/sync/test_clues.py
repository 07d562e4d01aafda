"""Which chat the resolver lists next: the clues in a message's text, its trigger and recency."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.fake import FakeServer
from cliq_tui.fake.realities import NAMES, REALITIES
from cliq_tui.sync.clues import ClueModel, kind_of, same_word, words
from cliq_tui.sync.engine import SyncEngine

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def chat(chat_id: str, name: str, chat_type: str, minutes_ago: int) -> Chat:
    return Chat(
        chat_id=chat_id,
        name=name,
        chat_type=chat_type,
        last_modified_time=NOW - timedelta(minutes=minutes_ago),
        created_time=NOW - timedelta(days=400),
    )


def message(mid: str, text: str, **extra: Any) -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {
            "id": mid,
            "created_time": (NOW - timedelta(hours=2)).isoformat(),
            "message": {"type": "text", "content": {"text": text}},
            **extra,
        }
    )


CHATS = [
    chat("busy-dm", "Ahmed Costa", "direct_message", 5),
    chat("busy-group", "Atlas Hiring Panel", "group_chat", 10),
    chat("marta", "Marta Kowalski", "direct_message", 600),
    chat("finance", "Finance Team", "channel", 900),
    chat("team", "Sales Team", "channel", 20),
    chat("old", "Company Announcements", "channel", 90_000),
    chat("bot", "Taskbot", "bot", 1),
]


def best(model: ClueModel, messages: list[ScheduledMessage], **kw: Any) -> str:
    scores = model.scores(messages, kw.get("possible", lambda m, c: True), kw.get("mapped", []))
    return max(scores, key=lambda cid: scores[cid])


@pytest.fixture
def model() -> ClueModel:
    m = ClueModel()
    m.set_chats(CHATS)
    return m


def test_words_split_camel_case_and_drop_what_says_nothing() -> None:
    assert {"finance", "team"} <= words("ping @financeTeam please")
    assert "please" not in words("ping @financeTeam please")
    assert same_word("vendor", "vendors") and same_word("escalation", "escalations")
    assert not same_word("team", "teams!") and not same_word("art", "artist")


def test_a_name_in_the_text_beats_recency(model: ClueModel) -> None:
    assert best(model, [message("m", "Marta, can you send me the signed NDA?")]) == "marta"


def test_a_rare_word_beats_a_common_one(model: ClueModel) -> None:
    # "team" is in two chat names, "finance" in one: the channel named by the rarer word wins.
    assert best(model, [message("m", "Claims close Friday, ping @financeTeam")]) == "finance"


def test_a_long_quiet_chat_named_by_the_text_beats_a_busy_one_sharing_a_word() -> None:
    model = ClueModel()
    panels = [chat(f"p{i}", f"{n} Hiring Panel", "group_chat", 30 + i) for i, n in enumerate("ABC")]
    model.set_chats([*CHATS, *panels])
    text = "Announcement: all-hands Friday, hiring plan and a surprise guest."
    assert best(model, [message("m", text)]) == "old"


def test_a_rare_word_beats_a_word_five_busy_chats_share_on_a_real_sized_account() -> None:
    """300 chats: the one channel the text names, quiet for two months, is listed before any
    of the five busy panels that share the text's other word."""
    model = ClueModel()
    filler = [chat(f"f{i}", f"Filler{i} Person{i}", "direct_message", 60 + i) for i in range(293)]
    panels = [
        chat(f"p{i}", f"{n} Hiring Panel", "group_chat", 74 + 40 * i) for i, n in enumerate("ABCDE")
    ]
    model.set_chats([*filler, *panels, chat("old", "Company Announcements", "channel", 90_000)])
    text = "Announcement: all-hands Friday 11 AM ET, roadmap, hiring plan and a surprise guest."
    # Messages that name nobody spread over the busy chats; they must not tip the order.
    vague = ["Updated holiday calendar for the second half.", "Ping me about the redlines."]
    messages = [message("m", text), *(message(f"v{i}", t) for i, t in enumerate(vague))]
    assert best(model, messages) == "old"


def test_without_clues_recency_decides_and_bots_come_last(model: ClueModel) -> None:
    scores = model.scores([message("m", "See you at four.")], lambda m, c: True, [])
    order = sorted(scores, key=lambda cid: -scores[cid])
    assert order[0] == "busy-dm"
    assert order[-1] in ("bot", "old")
    assert scores["bot"] < scores["busy-group"]


def test_wording_fits_chat_kinds(model: ClueModel) -> None:
    assert best(model, [message("m", "Can we push our 1:1 to Thursday?")]) == "busy-dm"
    assert best(model, [message("m", "Hi all, drinks at six?")]) == "busy-group"


def test_a_trigger_goes_where_this_account_puts_that_trigger(model: ClueModel) -> None:
    checkin = {"schedule_status": "check_in"}
    mapped = [(message(f"x{i}", "x", **checkin), "team") for i in range(6)]
    mapped += [(message(f"y{i}", "y"), "busy-dm") for i in range(6)]
    # Check-ins were never seen in a DM here: the most recent chat, a DM, is not the first guess.
    assert best(model, [message("m", "Morning!", **checkin)], mapped=mapped) != "busy-dm"
    assert best(model, [message("m", "Morning!")], mapped=mapped) == "busy-dm"


def test_chats_ruled_out_are_not_scored(model: ClueModel) -> None:
    m = message("m", "Marta, can you send me the signed NDA?")
    scores = model.scores([m], lambda mid, cid: cid != "marta", [])
    assert "marta" not in scores and scores


def test_a_chat_created_after_the_message_cannot_hold_it() -> None:
    model = ClueModel()
    young = chat("young", "Marta Kowalski", "direct_message", 1)
    young.created_time = NOW
    model.set_chats([*CHATS[:2], young])
    m = message("m", "Marta, can you send me the signed NDA?")
    m.created_time = NOW - timedelta(days=3)
    assert "young" not in model.scores([m], lambda mid, cid: True, [])


def test_kinds_of_v3_and_v2_spellings() -> None:
    assert [kind_of(t) for t in ("direct_message", "dm", "chat", "group_chat", "channel")] == [
        "dm",
        "dm",
        "group",
        "group",
        "channel",
    ]
    assert kind_of("bot") == kind_of("entity_chat") == kind_of(None) == "other"


@pytest.mark.parametrize("reality", NAMES)
async def test_the_realistic_account_lists_each_named_chat_before_any_guess(
    reality: str,
    make_server: Callable[..., FakeServer],
    make_engine: Callable[..., SyncEngine],
) -> None:
    """25 messages in 12 of 300 chats: every chat a text names is listed without a miss first,
    whether GET /chats pages with a cursor, by time, newest or oldest first."""
    switches = {k: v for k, v in REALITIES[reality].items()}
    server = make_server(seed="realistic", rate_limits=False, reality=reality, **switches)
    engine = make_engine(server, budget_scale=10)
    await engine.refresh(full=True)
    for _ in range(20):
        if all(engine.chat_of(mid) for mid in engine.messages):
            break
        await engine.resolve()

    assert len(engine.messages) == 25
    assert all(engine.chat_of(mid) for mid in engine.messages)
    assert len(engine.chats) == 300
    listed = [
        r["path"].split("/")[4] for r in server.state.requests() if r["endpoint"] == "list_chat"
    ]
    holding = {m["chat_id"] for m in server.state.messages()}
    # Ten chats are named by their messages: the first ten listings hit, the tenth a channel
    # quiet for two months against five busy groups sharing another word of its message.
    assert all(cid in holding for cid in listed[:10])
    # Far from listing 300 chats: the 12 it must list, and the guesses no text can spare
    # (a first name six DMs share, and the DM no text names: the 8th most recent DM).
    assert len(listed) <= 19
