"""Any time renders or is refused in words: years 1 to 9999, any offset, any local time zone,
wherever a time is written (dashboard cells and pane, CLI table, export, edit dialog). A time
typed more than a year ahead asks first (CLI: --far-future-ok; dialog: a confirmation)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.cli.commands import format_table
from cliq_tui.cli.main import main
from cliq_tui.core import format as fmt
from cliq_tui.core.export import render_csv, render_json
from cliq_tui.core.timeparse import format_in_zone
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.ui.dialogs.edit import _initial_fields
from cliq_tui.ui.widgets.message_view import describe

ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns", "UTC", "Asia/Kolkata"]
EXTREMES = [
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-12:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59.999999+00:00",
]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _message(when: str, zone: str = "Etc/GMT+12") -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {
            "id": "m1",
            "timezone": zone,
            "time": when,
            "created_time": when,
            "chat_id": "CT_1",
            "message": {"type": "text", "content": {"text": "edge"}},
        }
    )


@pytest.fixture
def local_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run with the process's local time zone (TZ) set, as a user's machine would be."""
    import os

    zone = request.param
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    yield zone
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize("local_zone", ZONES, indirect=True)
@pytest.mark.parametrize("when", EXTREMES)
def test_extreme_times_render_everywhere_in_every_zone(local_zone: str, when: str) -> None:
    message = _message(when)
    viewer = ZoneInfo(local_zone)
    for tz in (viewer, None):
        assert fmt.local_when(message, tz)
        assert fmt.full_time(message.time, tz)
        describe(message, None, tz=tz)
        render_csv([message], chat_name=lambda c: "chat", now=NOW, tz=tz)
    assert fmt.relative_when(message, NOW)
    assert fmt.sort_key(message)
    assert "edge" in format_table([message], width=120)
    assert render_json([message])
    assert _initial_fields(message)[0]


def test_a_time_that_cannot_be_shown_in_the_zone_is_shown_as_sent() -> None:
    value = datetime.fromisoformat("9999-12-31T23:59:00-12:00")
    assert format_in_zone(value, ZoneInfo("Pacific/Kiritimati"), "%Y") == "9999-12-31T23:59-12:00"
    assert format_in_zone(value, ZoneInfo("Etc/GMT+12"), "%Y-%m-%d") == "9999-12-31"


@pytest.fixture
def server(cli_env: Path) -> Iterator[FakeServer]:
    started = FakeServer(FakeConfig(seed="demo", include_chat_id=True)).start()
    yield started
    started.stop()


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns"])
def test_cli_list_with_a_message_at_the_end_of_time_in_any_zone(
    server: FakeServer, capsys: pytest.CaptureFixture[str], zone: str
) -> None:
    account = ["--base-url", server.base_url, "--token", server.token]
    chat = server.state.chats()[0]["chat_id"]
    code = main(
        ["create", chat, "--text", "end of time", "--time", "9999-12-31 23:00",
         "--timezone", zone, "--far-future-ok", *account]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    code = main(["list", *account])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "end of time" in out
    assert "Traceback" not in err and "internal error" not in err


def test_cli_refuses_a_time_more_than_a_year_ahead_unless_told(
    server: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    account = ["--base-url", server.base_url, "--token", server.token]
    chat = server.state.chats()[0]["chat_id"]
    far = (datetime.now(UTC) + timedelta(days=800)).strftime("%Y-%m-%d 09:00")
    before = len(server.state.messages())
    code = main(["create", chat, "--text", "typo?", "--time", far, "--timezone", "UTC", *account])
    err = capsys.readouterr().err
    assert code == 2
    assert "more than a year ahead" in err and "--far-future-ok" in err
    assert len(err.strip().splitlines()) == 1
    assert len(server.state.messages()) == before  # nothing sent
    code = main(
        ["create", chat, "--text", "planned", "--time", far, "--timezone", "UTC",
         "--far-future-ok", *account]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert len(server.state.messages()) == before + 1
