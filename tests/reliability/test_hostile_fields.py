"""Huge or odd fields: a 10 MB id skips its item by name, a gzip bomb is capped by what it unpacks
to, and a redirect is said in one sentence."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from cliq_tui.api import (
    APIStatusError,
    CliqClient,
    ResponseFormatError,
    RetryPolicy,
    StaticToken,
)
from cliq_tui.cli.main import _describe

GOOD = {
    "id": "1700000000000_42",
    "time": "2030-01-01T09:00:00Z",
    "message": {"type": "text", "content": {"text": "kept"}},
}


def _answering(body: dict[str, object]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json=body))


@pytest.mark.parametrize("bad_id", ["x" * 10_000_000, "9" * 201], ids=["10 MB", "201"])
async def test_an_item_whose_id_is_no_id_is_skipped_with_its_field_named(bad_id: str) -> None:
    page = {"data": [{**GOOD, "id": bad_id}, GOOD], "deleted": [bad_id[:1000], "1700000000000_7"]}
    async with CliqClient("http://cliq.test", StaticToken("t"), transport=_answering(page)) as c:
        result = await c.list_scheduled_messages()
    assert [m.id for m in result.data] == ["1700000000000_42"]
    assert result.deleted == ["1700000000000_7"]
    [problem] = result.unreadable
    assert problem.field == "id"
    assert problem.id is None  # never echoed: it is the thing that cannot be used
    line = problem.describe()
    assert line.startswith("skipped a message without a usable id: field id could not be read")
    assert len(line) < 200


async def test_an_id_of_200_characters_is_still_an_id() -> None:
    page = {"data": [{**GOOD, "id": "9" * 200}]}
    async with CliqClient("http://cliq.test", StaticToken("t"), transport=_answering(page)) as c:
        result = await c.list_scheduled_messages()
    assert [m.id for m in result.data] == ["9" * 200]
    assert result.unreadable == []


@pytest.mark.parametrize(
    ("location", "host"),
    [
        ("https://cliq.zoho.eu/api/v3/scheduledmessages", "cliq.zoho.eu"),
        ("/somewhere/else", "cliq.test"),
        ("https://ev%1b]0;il/", "an unknown address"),
    ],
)
async def test_a_redirect_is_one_clear_sentence(location: str, host: str) -> None:
    def redirect(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": location})

    transport = httpx.MockTransport(redirect)
    client = CliqClient(
        "http://cliq.test", StaticToken("t"), transport=transport, retry=RetryPolicy(1)
    )
    async with client:
        with pytest.raises(APIStatusError) as caught:
            await client.list_scheduled_messages()
    line = _describe(caught.value)
    assert f"Cliq answered with a redirect to {host}: check the base URL" in line
    assert line.count("302") == 1
    assert "%1b" not in line


async def test_a_compressed_answer_is_capped_by_what_it_unpacks_to() -> None:
    bomb = gzip.compress(b" " * (64 * 1024 * 1024))  # about 64 KB on the wire

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)

    client = CliqClient(
        "http://cliq.test",
        StaticToken("t"),
        transport=httpx.MockTransport(answer),
        retry=RetryPolicy(1),
    )
    async with client:
        with pytest.raises(ResponseFormatError, match="larger than 16 MiB"):
            await client.list_scheduled_messages()


async def test_a_small_compressed_answer_is_read_as_usual() -> None:
    page = gzip.compress(json.dumps({"data": [GOOD]}).encode())

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=page)

    async with CliqClient(
        "http://cliq.test", StaticToken("t"), transport=httpx.MockTransport(answer)
    ) as c:
        result = await c.list_scheduled_messages()
    assert [m.id for m in result.data] == ["1700000000000_42"]
