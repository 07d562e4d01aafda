"""The history: changes the engine observed join this app's actions in the activity log, are
kept on disk (without message text, per profile), filtered and exported."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cliq_tui.dashboard.history import (
    HistoryFilter,
    HistoryRecorder,
    kind_of,
    render_history_csv,
    render_history_json,
)
from cliq_tui.fake import FakeServer
from cliq_tui.storage.activity import ActivityEntry, ActivityLog
from tests.support.engines import Rig, resolve_all, rig_on
from tests.support.servers import by_due, started_servers

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with started_servers() as make:
        yield make()


@pytest.fixture
async def rig(server: FakeServer) -> AsyncIterator[Rig]:
    rig = rig_on(server, settle_after=0.0)
    try:
        yield rig
    finally:
        await rig.client.aclose()


async def test_observed_changes_are_kept_on_disk_without_text_and_read_back(
    rig: Rig, server: FakeServer, tmp_path: Path
) -> None:
    path = tmp_path / "activity.jsonl"
    log = ActivityLog(path)
    recorder = HistoryRecorder(
        log, now=rig.clock.now, chat=rig.engine.chats.get, profile="work", tz=UTC
    )
    recorder.attach(rig.engine)
    await rig.engine.refresh(full=True)
    await resolve_all(rig.engine)
    assert log.timeline == []  # the queue as first found is no news
    timed = by_due(server)
    early, late = str(timed[0]["id"]), str(timed[-1]["id"])
    texts = [str(m["message"]["content"].get("text") or "") for m in timed]
    server.state.delete_message(late)
    due = rig.engine.messages[early].time
    assert due is not None
    rig.clock.set(due + timedelta(seconds=1))
    await rig.engine.refresh()
    got = {e.message_ids[0]: e for e in log.timeline}
    assert (got[early].action, got[early].source) == ("delivered", "observed")
    assert (got[late].action, got[late].source) == ("deleted", "elsewhere")
    assert got[early].chat_name and got[early].profile == "work"
    assert "delivered (observed)" in got[early].detail
    assert log.session == []  # these were not this app's actions
    on_disk = path.read_text()
    assert all(text not in on_disk for text in texts if len(text) > 8)
    again = ActivityLog(path)
    assert {(e.action, e.source) for e in again.earlier()} == {
        ("delivered", "observed"),
        ("deleted", "elsewhere"),
    }


async def test_our_own_actions_are_not_recorded_twice(
    rig: Rig, server: FakeServer, tmp_path: Path
) -> None:
    log = ActivityLog(None)
    HistoryRecorder(log, now=rig.clock.now).attach(rig.engine)
    await rig.engine.refresh(full=True)
    mid = str(by_due(server)[0]["id"])
    chat_id = str(server.state.message(mid)["chat_id"])  # type: ignore[index]
    await rig.engine.delete(rig.engine.messages[mid].model_copy(update={"chat_id": chat_id}))
    rig.clock.advance(5)
    await rig.engine.refresh()
    assert log.timeline == []  # the flows log the action itself


def entry(action: str, **kw: Any) -> ActivityEntry:
    return ActivityEntry(at=kw.pop("at", AT), action=action, result=kw.pop("result", "ok"), **kw)


ENTRIES = [
    entry("send now", chat_id="C1", chat_name="Finance", message_ids=("m1",), profile="work"),
    entry("delete", result="error", code="scheduled_msg_not_found", message_ids=("m2",)),
    entry(
        "delivered",
        source="observed",
        chat_id="C2",
        chat_name="Ops",
        message_ids=("m3",),
        detail="left the queue between 09:00:01 and 09:00:05: delivered (observed)",
        profile="home",
    ),
    entry("deleted", source="elsewhere", chat_id="C1", message_ids=("m4",), profile="work"),
]


def test_kinds_put_actions_and_observations_side_by_side() -> None:
    assert [kind_of(e) for e in ENTRIES] == ["delivered", "deleted", "delivered", "deleted"]


@pytest.mark.parametrize(
    ("history_filter", "expected"),
    [
        (HistoryFilter(kind="delivered"), ["m1", "m3"]),
        (HistoryFilter(kind="action"), ["m1", "m2"]),
        (HistoryFilter(kind="error"), ["m2"]),
        (HistoryFilter(chat="finance"), ["m1"]),
        (HistoryFilter(chat="C1"), ["m1", "m4"]),
        (HistoryFilter(message_id="m4"), ["m4"]),
        (HistoryFilter(text="ELSEWHERE"), ["m4"]),
        (HistoryFilter(text="09:00:05"), ["m3"]),
        (HistoryFilter(profile="work"), ["m1", "m2", "m4"]),
        (HistoryFilter(), ["m1", "m2", "m3", "m4"]),
    ],
)
def test_the_history_filters_by_kind_chat_message_text_and_profile(
    history_filter: HistoryFilter, expected: list[str]
) -> None:
    assert [e.message_ids[0] for e in history_filter.apply(ENTRIES)] == expected


def test_exports_have_iso_times_in_the_viewers_zone_and_its_iana_name() -> None:
    zone = ZoneInfo("Asia/Kolkata")
    rows = list(csv.DictReader(io.StringIO(render_history_csv(ENTRIES, zone))))
    assert rows[2]["When"] == "2026-06-01T14:30:00+05:30" and rows[2]["Zone"] == "Asia/Kolkata"
    assert (rows[2]["Kind"], rows[2]["Source"]) == ("delivered", "observed")
    assert rows[0]["Source"] == "this-app"
    items = json.loads(render_history_json(ENTRIES, zone))
    assert items[3]["at"] == "2026-06-01T14:30:00+05:30" and items[3]["zone"] == "Asia/Kolkata"
    assert (items[3]["kind"], items[3]["source"]) == ("deleted", "elsewhere")
    assert items[1]["code"] == "scheduled_msg_not_found"


def test_a_csv_cell_that_would_be_a_formula_is_quoted() -> None:
    hostile = entry("deleted", source="elsewhere", chat_name="=HYPERLINK(1)", message_ids=("m",))
    rows = list(csv.DictReader(io.StringIO(render_history_csv([hostile], UTC))))
    assert rows[0]["Chat"] == "'=HYPERLINK(1)"


def test_an_unknown_source_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    good = entry("deleted", source="elsewhere", message_ids=("m",)).to_json()
    bad = {**good, "source": "\x1b[31mme"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    log = ActivityLog(path)
    assert [e.source for e in log.earlier()] == ["elsewhere"]
    assert log.warning and "1 of 2 lines" in log.warning


def test_a_change_another_window_logged_is_this_apps(tmp_path: Path) -> None:
    from cliq_tui.dashboard.history import attribute
    from cliq_tui.sync.events import EventKind, QueueEvent, Source

    path = tmp_path / "activity.jsonl"
    ActivityLog(path).record("delete", "ok", at=AT, chat_id="C1", message_ids=["m1"])
    ActivityLog(path).record("edit", "error", at=AT, chat_id="C1", message_ids=["m2"])
    mine = ActivityLog(path)  # this window: the file was written by another one
    seen = QueueEvent(
        EventKind.DELETED,
        Source.ELSEWHERE,
        "m1",
        "C1",
        AT + timedelta(seconds=3),
        seen_before=AT - timedelta(seconds=2),
    )
    assert (attribute(seen, mine).source, attribute(seen, mine).action) == (
        Source.THIS_APP,
        "delete",
    )
    # Another kind, a failed action, an action before the last listing: not ours.
    edited = dataclasses.replace(seen, kind=EventKind.EDITED)
    assert attribute(edited, mine) == edited
    failed = dataclasses.replace(seen, kind=EventKind.EDITED, message_id="m2")
    assert attribute(failed, mine) == failed
    later = dataclasses.replace(seen, seen_before=AT + timedelta(seconds=5))
    assert attribute(later, mine) == later
