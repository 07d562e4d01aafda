"""Heads-up before delivery, decided without Textual at pinned times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core.leadtime import lead_label, parse_lead
from cliq_tui.dashboard.due_order import DueQueueModel
from cliq_tui.dashboard.heads_up import HeadsUp, HeadsUpPlanner, describe, lead_words
from cliq_tui.sync.types import Delta
from tests.support.messages import NOW, message

FIVE = timedelta(minutes=5)
ONE = timedelta(minutes=1)


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def ids(found: list[HeadsUp]) -> list[str]:
    return [h.message_id for h in found]


def test_a_message_is_announced_once_when_it_comes_within_the_lead_time() -> None:
    planner = HeadsUpPlanner([FIVE])
    queue = [message(10), message(30)]  # due at 09:10 and 09:30
    assert planner.check(queue, NOW + timedelta(minutes=4, seconds=59)) == []
    found = planner.check(queue, NOW + timedelta(minutes=5))
    assert ids(found) == ["m0010"] and found[0].lead == FIVE
    assert found[0].due == NOW + timedelta(minutes=10) and found[0].chat_id == "c1"
    assert planner.check(queue, NOW + timedelta(minutes=6)) == []
    assert planner.check(queue, NOW + timedelta(minutes=9, seconds=59)) == []


def test_each_lead_time_announces_once_and_a_late_start_gives_only_the_shortest() -> None:
    planner = HeadsUpPlanner([ONE, FIVE])
    queue = [message(10), message(2)]
    # At 09:01:30 message 2 is 30 s away (both lead times passed): one heads-up, for 1 min.
    first = planner.check(queue, NOW + timedelta(minutes=1, seconds=30))
    assert [(h.message_id, h.lead) for h in first] == [("m0002", ONE)]
    assert planner.check(queue, NOW + timedelta(minutes=1, seconds=45)) == []
    # Message 10 gets its 5-minute heads-up, then its 1-minute one.
    assert [(h.message_id, h.lead) for h in planner.check(queue, at(5))] == [("m0010", FIVE)]
    assert planner.check(queue, at(8)) == []
    assert [(h.message_id, h.lead) for h in planner.check(queue, at(9))] == [("m0010", ONE)]
    assert planner.check(queue, at(9.5)) == []


def test_messages_gone_due_or_status_based_are_never_announced() -> None:
    planner = HeadsUpPlanner([FIVE])
    queue = [message(-1), message(0), message(3, status="check_in")]
    assert planner.check(queue, NOW) == []  # one is past, one due this instant, one on trigger
    # A message that left the queue (delivered, deleted) is simply not there to announce.
    assert planner.check([], at(1)) == []


def test_a_rescheduled_message_is_announced_again_for_its_new_time() -> None:
    planner = HeadsUpPlanner([FIVE])
    assert ids(planner.check([message(4)], NOW)) == ["m0004"]
    moved = message(4, minutes=20)
    assert planner.check([moved], at(1)) == []
    assert ids(planner.check([moved], at(15))) == ["m0004"]


def test_a_notice_is_withdrawn_when_its_message_leaves_or_moves() -> None:
    planner = HeadsUpPlanner([FIVE])
    (notice,) = planner.check([message(3)], NOW)
    assert notice.still_due({"m0003": message(3)})
    assert not notice.still_due({})  # delivered or deleted
    assert not notice.still_due({"m0003": message(3, minutes=30)})  # moved


def test_what_was_announced_carries_over_a_restart_within_the_window() -> None:
    before = HeadsUpPlanner([FIVE])
    assert ids(before.check([message(4)], NOW)) == ["m0004"]
    after = HeadsUpPlanner([FIVE], before.announced())
    assert after.check([message(4)], at(1)) == []
    # Once due, the record is dropped: the set stays as small as the window.
    after.check([], at(5))
    assert after.announced() == set()


def test_several_messages_come_soonest_first_and_no_lead_time_means_off() -> None:
    planner = HeadsUpPlanner([FIVE])
    found = planner.check([message(5, chat_id="c2"), message(2), message(4)], NOW)
    assert ids(found) == ["m0002", "m0004", "m0005"]
    off = HeadsUpPlanner([])
    assert not off.enabled and off.check([message(1)], NOW) == []


class Reading:
    """The queue as the planner sees it, counting the messages it hands over."""

    def __init__(self, model: DueQueueModel) -> None:
        self.model = model
        self.read = 0

    def due_between(self, after_ms: int, until_ms: int) -> list[ScheduledMessage]:
        found = self.model.due_between(after_ms, until_ms)
        self.read += len(found)
        return found


def test_each_check_reads_only_the_messages_due_within_the_longest_lead_time() -> None:
    model = DueQueueModel()
    model.rebuild([message(i) for i in range(5000)])  # one a minute, from 09:00 on
    queue = Reading(model)
    planner = HeadsUpPlanner([ONE, FIVE])
    found = planner.check_queue(queue, at(100))  # due after 10:40 up to 10:45: five
    assert ids(found) == ["m0101", "m0102", "m0103", "m0104", "m0105"]
    assert queue.read == 5
    assert planner.check_queue(queue, at(100.5)) == [] and queue.read == 10
    assert ids(planner.check_queue(queue, at(101))) == ["m0102", "m0106"]  # 1 min, 5 min
    assert HeadsUpPlanner([]).check_queue(queue, at(101)) == [] and queue.read == 15


def test_the_due_order_follows_every_delta_whatever_the_filter() -> None:
    model = DueQueueModel()
    model.rebuild(
        [message(3), message(4, text="hidden"), message(8), message(2, status="check_in")]
    )
    model.set_filter("number")  # a message the filter hides is still announced
    model.apply_delta(
        Delta(
            added=(message(5), message(6, status="check_in")),
            changed=(message(8, minutes=1), message(3, status="check_in")),
            removed=("m0004",),
        )
    )
    model.apply_delta(Delta(changed=(message(9, text="hidden"),), removed=("m0404",)))
    window = [m.id for m in model.due_between(*HeadsUpPlanner([FIVE]).window(NOW))]
    assert window == ["m0008", "m0005"]
    assert [m.id for m in model.due_between(*HeadsUpPlanner([FIVE]).window(at(4)))] == [
        "m0005",
        "m0009",
    ]
    everything = model.message_map().values()
    assert {m.id for m in everything if m.time is not None} == {"m0005", "m0008", "m0009"}


def test_the_notice_says_what_to_which_chat_and_when_without_controls() -> None:
    sneaky = message(4, text="Launch \x1b]0;owned\x07 post\nsecond line")
    (notice,) = HeadsUpPlanner([FIVE]).check([sneaky], NOW)
    line = describe(notice, sneaky, "Marketing", NOW + timedelta(seconds=20), UTC)
    assert line.startswith("in 3:40 (09:04) to Marketing: “Launch ␛]0;owned␇ post second line")
    assert "\x1b" not in line and "\n" not in line
    assert describe(notice, sneaky, "M", NOW + timedelta(minutes=5), UTC).startswith("due now")
    assert lead_words(notice) == "5 min heads-up"


@pytest.mark.parametrize(
    ("text", "seconds"), [("5m", 300), ("1m", 60), ("90s", 90), ("1h30m", 5400), (" 2 M ", 120)]
)
def test_lead_times_read_as_written(text: str, seconds: int) -> None:
    assert parse_lead(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "5", "five", "0m", "25h", "5x", "-5m"])
def test_wrong_lead_times_are_refused_saying_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r'is not a lead time such as "5m"'):
        parse_lead(text)


def test_lead_times_are_written_for_people() -> None:
    assert [lead_label(timedelta(seconds=s)) for s in (300, 90, 5400)] == [
        "5 min",
        "1 min 30 s",
        "1 h 30 min",
    ]
