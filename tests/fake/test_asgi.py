"""The fake app in-process through httpx.ASGITransport, and its independence from the client."""

from __future__ import annotations

import subprocess
import sys

import httpx

from cliq_tui.fake import FakeConfig, create_app


async def test_app_serves_through_asgi_transport() -> None:
    app = create_app(FakeConfig(seed="demo", clock="manual"))
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": "Zoho-oauthtoken demo-token"}
    async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
        response = await client.get("/api/v3/scheduledmessages", headers=headers)
    assert response.status_code == 200
    assert response.json()["data"]


async def test_state_is_reachable_from_the_app() -> None:
    app = create_app(FakeConfig(seed="empty", clock="manual"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
        await client.post("/_fake/clock/advance", json={"seconds": 5})
    assert app.state.fake.clock.mode == "manual"


def test_fake_imports_neither_the_client_nor_textual() -> None:
    code = (
        "import sys, cliq_tui.fake, cliq_tui.fake.cli;"
        "bad = [m for m in sys.modules if m.startswith(('cliq_tui.api', 'textual'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
