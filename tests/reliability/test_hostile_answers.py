"""An answer that never ends, or drips, is cut off: by a size cap and by an overall deadline.

Before, an endless 200 body was read (and kept in memory) for as long as it came; httpx's read
timeout is per chunk, so a body dripping a byte at a time never timed out either. The server
here is a real HTTP server on 127.0.0.1; the assertions are on the bytes the client read and on
the error it ends with, never on how long it took.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cliq_tui.api import (
    APITimeoutError,
    CliqClient,
    Endpoint,
    OutcomeUnknownError,
    ResponseFormatError,
    RetryPolicy,
    StaticToken,
)
from cliq_tui.api.auth import exchange_grant_code
from cliq_tui.api.bounded import MAX_TOKEN_BODY_BYTES
from cliq_tui.api.errors import APIConnectionError
from tests.support.hostile_http import CountingTransport, HostileServer

CAP = 64 * 1024
# httpcore reads the socket in chunks of at most 64 KiB: reading stops within one chunk of the cap.
SLACK = 64 * 1024


async def _no_sleep(_: float) -> None:
    return None


def _client(server: HostileServer, transport: CountingTransport, **kwargs: object) -> CliqClient:
    options: dict[str, object] = {"max_body": CAP, "sleep": _no_sleep, "max_wait": 60.0}
    options.update(kwargs)
    return CliqClient(server.url, StaticToken("t"), transport=transport, **options)  # type: ignore[arg-type]


async def test_an_endless_list_answer_stops_at_the_cap_and_is_retried_as_reads_are() -> None:
    transport = CountingTransport()
    async with HostileServer("endless") as server:
        async with _client(server, transport, retry=RetryPolicy(attempts=3)) as client:
            with pytest.raises(ResponseFormatError) as caught:
                await client.list_scheduled_messages()
        await asyncio.wait_for(server.all_dropped.wait(), 60)
    assert str(caught.value) == (
        "Cliq's answer to list all was larger than 64 KiB; nothing was applied."
    )
    assert transport.requests == 3 == server.requests
    assert transport.read <= 3 * (CAP + SLACK)
    assert server.dropped == 3  # every connection was closed, not left reading


async def test_the_default_cap_is_16_mib() -> None:
    transport = CountingTransport()
    async with HostileServer("endless") as server:
        client = _client(server, transport, max_body=16 * 1024 * 1024, retry=RetryPolicy(1))
        async with client:
            with pytest.raises(ResponseFormatError, match="larger than 16 MiB"):
                await client.list_scheduled_messages()
    assert transport.read <= 16 * 1024 * 1024 + SLACK


async def test_an_endless_answer_to_a_change_is_an_unknown_outcome_never_repeated() -> None:
    transport = CountingTransport()
    server = HostileServer("endless")
    async with server, _client(server, transport) as client:
        with pytest.raises(OutcomeUnknownError, match="larger than 64 KiB") as caught:
            await client.delete_message("CT_1_2", "1700000000000_42")
        with pytest.raises(OutcomeUnknownError):
            await client.create_message(
                "CT_1_2", text="hello", schedule_time=datetime.now(UTC) + timedelta(days=2)
            )
    assert "it was not repeated" in str(caught.value)
    assert transport.requests == 2 == server.requests
    assert transport.read <= 2 * (CAP + SLACK)


async def test_doctor_raw_reads_are_capped_too() -> None:
    transport = CountingTransport()
    server = HostileServer("endless")
    async with server, _client(server, transport, retry=RetryPolicy(1)) as client:
        with pytest.raises(ResponseFormatError, match="larger than 64 KiB"):
            await client.read_raw(Endpoint.LIST_ALL, params={"limit": 1})
    assert transport.read <= CAP + SLACK


async def test_a_dripping_answer_ends_with_the_deadline_error() -> None:
    # The per-read timeout (30 s) is never reached: a byte comes every 0.1 s, for ever. Only
    # the overall deadline can end this, whatever the speed of the machine.
    transport = CountingTransport()
    async with HostileServer("drip") as server:
        client = _client(server, transport, timeout=30.0, deadline=1.0, retry=RetryPolicy(3))
        async with client:
            with pytest.raises(APITimeoutError) as caught:
                await client.list_scheduled_messages()
    assert str(caught.value) == (
        "Cliq did not answer the list all request within 1 s; nothing was applied."
    )
    assert transport.requests == 1  # a whole deadline passed: not tried again


async def test_a_dripping_answer_to_a_change_is_an_unknown_outcome() -> None:
    transport = CountingTransport()
    server = HostileServer("drip")
    async with server, _client(server, transport, timeout=30.0, deadline=1.0) as client:
        with pytest.raises(OutcomeUnknownError, match="did not come within 1 s"):
            await client.delete_all("CT_1_2")
    assert transport.requests == 1


def test_the_deadline_defaults_to_a_few_times_the_timeout() -> None:
    client = CliqClient("http://127.0.0.1:9", StaticToken("t"), timeout=10.0)
    assert client.deadline == 40.0


# Secrets distinctive enough that finding them in an error's text means they leaked.
SECRET = "s3cret-client-secret"
GRANT = "g7ant-one-time-code"


async def _exchange(server: HostileServer, transport: CountingTransport, **kwargs: Any) -> None:
    """Exchange a grant code with ``server`` as the accounts server."""
    await exchange_grant_code(
        GRANT,
        client_id="id",
        client_secret=SECRET,
        accounts_url=server.url,
        transport=transport,
        **kwargs,
    )


async def test_an_endless_token_answer_stops_at_its_cap() -> None:
    transport = CountingTransport()
    async with HostileServer("endless") as server:
        with pytest.raises(ResponseFormatError) as caught:
            await _exchange(server, transport)
    assert str(caught.value) == (
        "The Zoho accounts server's answer was larger than 1 MiB; no token was read."
    )
    assert transport.read <= MAX_TOKEN_BODY_BYTES + SLACK


async def test_a_dripping_token_answer_ends_in_time() -> None:
    # A byte every 0.1 s against a 1 s read timeout: the overall deadline (4 s) ends it (a
    # read timeout on a very loaded machine would end it with the same words).
    transport = CountingTransport()
    async with HostileServer("drip") as server:
        with pytest.raises(APIConnectionError) as caught:
            await _exchange(server, transport, timeout=1.0)
    assert str(caught.value) == "The Zoho accounts server did not answer in time."
    assert SECRET not in repr(caught.value) and GRANT not in repr(caught.value)
