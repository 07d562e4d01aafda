"""Retries: reads retry on 5xx, resets and timeouts; changes never do, and say so."""

from __future__ import annotations

import socket

import httpx
import pytest

from cliq_tui.api import (
    APIConnectionError,
    APITimeoutError,
    CliqClient,
    OutcomeUnknownError,
    ResponseFormatError,
    RetryPolicy,
    ServerError,
    StaticToken,
)
from tests.support.client import Harness
from tests.support.servers import first_chat_with


async def test_a_read_is_retried_after_5xx_until_the_attempts_run_out(harness: Harness) -> None:
    harness.server.state.set_faults(error_rate=1.0)

    with pytest.raises(ServerError):
        await harness.client.list_chats()

    assert harness.served("list_chats") == 3
    assert len(harness.sleeps) == 2
    assert harness.sleeps[1] > harness.sleeps[0]  # exponential backoff


async def test_a_read_is_retried_after_a_connection_reset(harness: Harness) -> None:
    harness.server.state.set_faults(reset_rate=1.0)

    with pytest.raises(APIConnectionError) as caught:
        await harness.client.list_chats()

    assert not isinstance(caught.value, OutcomeUnknownError)
    assert len(harness.transport.sent) == 3


async def test_a_read_succeeds_when_a_retry_does() -> None:
    answers = iter([503, 500, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        status = next(answers)
        return httpx.Response(status, json={"chats": []} if status == 200 else {"message": "x"})

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async with CliqClient(
        "https://cliq.example.com",
        StaticToken("t"),
        transport=httpx.MockTransport(handler),
        sleep=sleep,
    ) as client:
        assert await client.list_chats() == []

    assert len(slept) == 2


async def test_a_read_timeout_is_reported_after_retries() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ReadTimeout("slow", request=request)

    async def sleep(seconds: float) -> None:
        return None

    async with CliqClient(
        "https://cliq.example.com",
        StaticToken("t"),
        transport=httpx.MockTransport(handler),
        sleep=sleep,
        retry=RetryPolicy(attempts=4),
    ) as client:
        with pytest.raises(APITimeoutError):
            await client.get_chat("c1")

    assert calls == 4


async def test_a_reset_during_a_change_is_outcome_unknown_and_not_retried(
    harness: Harness,
) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)
    harness.server.state.set_faults(reset_rate=1.0)

    with pytest.raises(OutcomeUnknownError):
        await harness.client.send_now(chat_id, messages[0]["id"])

    assert len(harness.transport.sent) == 1
    assert harness.sleeps == []


async def test_a_timeout_during_a_change_is_outcome_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with CliqClient(
        "https://cliq.example.com", StaticToken("t"), transport=httpx.MockTransport(handler)
    ) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.delete_message("c1", "m1")

    assert "not repeated" in str(caught.value)


async def test_a_5xx_on_a_change_is_not_retried(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)
    harness.server.state.set_faults(error_rate=1.0)

    with pytest.raises(ServerError):
        await harness.client.delete_message(chat_id, messages[0]["id"])

    assert harness.served("delete_one") == 1


async def test_a_refused_connection_is_a_plain_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    # Nothing listens on the port now: the connection is refused before anything is sent.
    async def sleep(seconds: float) -> None:
        return None

    async with CliqClient(f"http://127.0.0.1:{port}", StaticToken("t"), sleep=sleep) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.delete_all("c1")

    assert not isinstance(caught.value, OutcomeUnknownError)
    assert "nothing was sent" in str(caught.value)


async def test_a_malformed_body_is_a_response_format_error(harness: Harness) -> None:
    harness.server.state.set_faults(malformed_rate=1.0)

    with pytest.raises(ResponseFormatError):
        await harness.client.list_chats()


async def test_retries_never_go_past_the_rate_budget(harness: Harness) -> None:
    for _ in range(29):
        await harness.client.list_chats()
    harness.server.state.set_faults(error_rate=1.0)

    with pytest.raises(ServerError):
        await harness.client.list_chats()

    assert harness.served("list_chats") == 30
    assert harness.throttled() == 0
