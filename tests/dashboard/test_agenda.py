"""The agenda without Textual: days, triggers, timelines and clusters at a pinned instant."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.agenda import Agenda, build_agenda, chat_slot, density
from tests.support.messages import NOW, message

NAMES = {"c1": "Marketing", "c2": "Ops"}


def label(m: ScheduledMessage) -> str:
    chat_id = fmt.message_chat_id(m)
    return NAMES.get(chat_id or "", "?")


def agenda_of(*messages: ScheduledMessage, tz: timezone = UTC) -> Agenda:
    return build_agenda(messages, now=NOW, tz=tz, chat_label=label)


def test_deliveries_are_grouped_by_the_viewers_day_in_order() -> None:
    day = 24 * 60
    agenda = agenda_of(message(3, minutes=day + 5), message(1), message(2, minutes=3 * day))
    groups = agenda.days()
    assert [g.title for g in groups] == [
        "Today · Mon 01 Jun · 1 message",
        "Tomorrow · Tue 02 Jun · 1 message",
        "Thu 04 Jun · 1 message",
    ]
    assert [[e.message_id for e in g.entries] for g in groups] == [["m0001"], ["m0003"], ["m0002"]]


def test_the_day_is_the_viewers_not_utcs() -> None:
    # 09:00Z + 16 h = 01:00Z on Tuesday, still Monday evening in New York (UTC-4 in June).
    eastern = timezone(timedelta(hours=-4))
    agenda = agenda_of(message(1, minutes=16 * 60), tz=eastern)
    assert [g.title for g in agenda.days()] == ["Today · Mon 01 Jun · 1 message"]


def test_status_triggered_messages_are_grouped_by_trigger() -> None:
    agenda = agenda_of(
        message(1, status="check_out"),
        message(2, status="check_in"),
        message(3, status="check_in"),
        message(4),
    )
    assert [(g.title, [e.message_id for e in g.entries]) for g in agenda.triggers] == [
        ("on check-in", ["m0002", "m0003"]),
        ("on check-out", ["m0001"]),
    ]
    assert [e.message_id for e in agenda.timed] == ["m0004"]


def test_the_next_24_hours_bucket_by_hour_from_the_start_of_this_hour() -> None:
    agenda = agenda_of(
        message(1, minutes=10),
        message(2, minutes=20),
        message(3, minutes=60 * 5 + 1),
        message(4, minutes=60 * 30),  # beyond 24 h
    )
    line = agenda.next_hours(24)
    assert line.start == NOW and line.step == timedelta(hours=1) and len(line.cells) == 24
    assert [c.count for c in line.cells[:6]] == [2, 0, 0, 0, 0, 1] and line.total == 3
    assert line.bar().startswith("▃····▂·")
    assert line.axis().startswith("09 12 15 18")
    half = agenda.next_hours(48)
    assert half.step == timedelta(minutes=30) and [c.count for c in half.cells[:2]] == [2, 0]
    assert half.axis().startswith("09" + " " * 4 + "12")


def test_the_next_7_days_start_today_and_tick_each_day() -> None:
    agenda = agenda_of(message(1), message(2, minutes=24 * 60), message(3, minutes=24 * 60 + 1))
    week = agenda.next_days(56)
    assert week.start == NOW.replace(hour=0) and week.step == timedelta(hours=3)
    # 09:01 today is in cell 3 (09:00-12:00); tomorrow's two in cell 8 + 3.
    assert [i for i, c in enumerate(week.cells) if c.count] == [3, 11]
    assert week.axis().startswith("Mon 01  Tue 02")


def test_several_in_one_minute_and_a_burst_to_one_chat_are_clusters() -> None:
    agenda = agenda_of(
        message(1, minutes=5, chat_id="c1"),
        message(2, minutes=5, chat_id="c2"),
        message(3, minutes=62, chat_id="c2"),
        message(4, minutes=75, chat_id="c2"),
        message(5, minutes=99, chat_id="c2"),
        message(6, minutes=300, chat_id="c1"),
    )
    described = [c.describe(UTC, agenda.chat_name) for c in agenda.clusters]
    assert described == ["2 at Mon 09:05 (Marketing, Ops)", "3 to Ops Mon 10:02-10:39"]
    line = agenda.next_hours(24)
    assert line.markers().startswith("▲▲   ")
    assert line.cells[1].top_chat == "c2" and line.cells[1].chats == (("c2", 3),)
    assert not line.cells[5].cluster


def test_a_lone_message_is_no_cluster_and_density_grows_to_a_full_block() -> None:
    agenda = agenda_of(message(1), message(2, minutes=70), message(3, minutes=130))
    assert agenda.clusters == ()  # three to one chat, but one an hour: no burst
    assert [density(n) for n in (0, 1, 2, 7, 8, 50)] == ["·", "▂", "▃", "█", "█", "█"]


def test_chat_colours_are_stable_and_spread() -> None:
    slots = {chat_slot(f"chat{i}") for i in range(40)}
    assert chat_slot("c1") == chat_slot("c1") and len(slots) == 8


def test_previews_and_chat_labels_are_terminal_safe() -> None:
    agenda = agenda_of(message(1, text="hi \x1b[2J there\u202e"))
    (entry,) = agenda.timed
    assert entry.preview == "hi ␛[2J there\\u202e" and entry.chat == "Marketing"


def test_a_burst_is_any_hour_not_a_clock_hour() -> None:
    agenda = agenda_of(
        message(1, minutes=100, chat_id="c2"),  # 10:40
        message(2, minutes=110, chat_id="c2"),  # 10:50
        message(3, minutes=140, chat_id="c2"),  # 11:20
        message(4, minutes=161, chat_id="c2"),  # 11:41: more than an hour after 10:40
    )
    assert [c.describe(UTC, agenda.chat_name) for c in agenda.clusters] == [
        "3 to Ops Mon 10:40-11:20"
    ]


def test_a_rebuild_reuses_the_entries_of_messages_that_did_not_change() -> None:
    kept, edited = message(1), message(2)
    first = agenda_of(kept, edited)
    again = build_agenda(
        [kept, message(2, text="new words")], now=NOW, tz=UTC, chat_label=label, previous=first
    )
    assert again.timed[0] is first.timed[0]
    assert again.timed[1] is not first.timed[1] and again.timed[1].preview == "new words"
