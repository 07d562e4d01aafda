"""Plain-httpx clients for the fake server (never cliq_tui.api: drift must show)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cliq_tui.fake import FakeServer


@pytest.fixture
def api(fake_server: FakeServer) -> Iterator[httpx.Client]:
    """An httpx client sending the fake's static token."""
    headers = {"Authorization": f"Zoho-oauthtoken {fake_server.token}"}
    with httpx.Client(base_url=fake_server.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def control(fake_server: FakeServer) -> Iterator[httpx.Client]:
    """An httpx client for the ``/_fake/`` control endpoints."""
    with httpx.Client(base_url=fake_server.base_url + "/_fake", timeout=10) as client:
        yield client
