"""The fake server starts, serves over loopback HTTP and stops."""

from __future__ import annotations

import httpx

from cliq_tui.fake import FakeConfig, FakeServer


def test_fixture_server_serves_the_demo_queue(api: httpx.Client) -> None:
    response = api.get("/api/v3/scheduledmessages", params={"limit": 100})
    assert response.status_code == 200
    assert len(response.json()["data"]) >= 20


def test_server_binds_loopback_only() -> None:
    with FakeServer(FakeConfig(seed="empty")) as server:
        assert server.base_url.startswith("http://127.0.0.1:")


async def test_async_context_manager_serves_and_stops() -> None:
    async with FakeServer(FakeConfig(seed="empty")) as server:
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            response = await client.get("/_fake/clock")
        url = server.base_url
    assert response.status_code == 200
    try:
        httpx.get(url + "/_fake/clock", timeout=2)
    except httpx.TransportError:
        stopped = True
    else:
        stopped = False
    assert stopped
