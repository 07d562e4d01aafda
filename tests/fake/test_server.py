"""The fake server starts, serves over loopback HTTP and stops."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

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


def test_restart_comes_back_on_the_same_port_with_the_same_state() -> None:
    server = FakeServer(FakeConfig(seed="demo", clock="manual")).start()
    try:
        url = server.base_url
        server.state.advance(3600)
        delivered = len(server.state.deliveries())
        server.stop()
        with pytest.raises(httpx.TransportError):
            httpx.get(url + "/_fake/clock", timeout=2)
        server.start()
        body = httpx.get(url + "/_fake/deliveries", timeout=5).json()
    finally:
        server.stop()
    assert server.base_url == url
    assert len(body["deliveries"]) == delivered


def test_server_state_is_thread_safe_under_concurrent_clients(fake_server: FakeServer) -> None:
    headers = {"Authorization": f"Zoho-oauthtoken {fake_server.token}"}
    fake_server.state.set_rate_limits(enabled=False)

    def hammer() -> set[int]:
        with httpx.Client(base_url=fake_server.base_url, headers=headers) as client:
            return {client.get("/api/v3/scheduledmessages").status_code for _ in range(25)}

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(hammer) for _ in range(4)]
        for _ in range(20):
            fake_server.state.advance(600)
        statuses = set().union(*(f.result() for f in futures))
    assert statuses == {200}
    assert fake_server.state.stats()["endpoints"]["list_all"]["requests"] == 100
