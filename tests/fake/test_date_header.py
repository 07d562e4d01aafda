"""The fake sends one ``Date`` header from its own clock, skewed on request."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import httpx

from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.fake.app import create_app
from tests.support.clock import START_MS

AUTH = {"Authorization": "Zoho-oauthtoken demo-token"}


def test_one_date_header_over_http_follows_the_fake_clock_and_its_skew() -> None:
    config = FakeConfig(seed="demo", clock="manual", start_time_ms=START_MS, clock_skew_s=-300)
    with FakeServer(config) as server:
        response = httpx.get(f"{server.base_url}/api/v3/scheduledmessages", headers=AUTH)
        control = httpx.get(f"{server.base_url}/_fake/clock")
    dates = response.headers.get_list("date")
    assert len(dates) == 1
    assert parsedate_to_datetime(dates[0]).timestamp() == START_MS / 1000 - 300
    assert len(control.headers.get_list("date")) == 1


async def test_in_process_answers_carry_the_date_too() -> None:
    app = create_app(FakeConfig(seed="empty", clock="manual", start_time_ms=START_MS))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
        response = await client.get("/api/v3/chats", headers=AUTH)
        app.state.fake.clock_skew_s = 42.0
        skewed = await client.get("/api/v3/chats", headers=AUTH)
    assert parsedate_to_datetime(response.headers["date"]).timestamp() == START_MS / 1000
    assert parsedate_to_datetime(skewed.headers["date"]).timestamp() == START_MS / 1000 + 42
