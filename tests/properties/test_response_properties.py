"""Property tests of response parsing: random and mutated API payloads fed to the client through
``httpx.MockTransport`` give a model or ResponseFormatError (an error status: its API error);
never any other exception."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cliq_tui.api.auth import StaticToken, exchange_grant_code
from cliq_tui.api.client import CliqClient
from cliq_tui.api.errors import APIStatusError, ResponseFormatError, ServerError
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList
from cliq_tui.api.retry import NO_RETRY
from tests.support.clock import FakeClock

NOW_MS = 1_780_304_400_000
FUTURE_MS = NOW_MS + 86_400_000

# Payloads as the documented API answers them (and the fake server renders them).
ITEM: dict[str, Any] = {
    "id": "1780000000000_42",
    "timezone": "Asia/Kolkata",
    "created_time": "2026-05-30T12:30:00+05:30",
    "time": "2026-06-02T09:00:00+05:30",
    "message": {
        "sender": {"name": "Priya", "id": "697322516"},
        "type": "text",
        "content": {"text": "Stand-up notes"},
        "is_pinned": False,
    },
    "creator": {"name": "Priya", "id": "697322516"},
}
FILE_ITEM: dict[str, Any] = {
    "id": "1780000000000_43",
    "schedule_status": "check_in",
    "message": {
        "type": "file",
        "content": {"file_name": "a.pdf", "file_size": "1 KB", "comment": "see"},
    },
}
LIST = {
    "url": "/api/v3/scheduledmessages",
    "type": "scheduled_message",
    "sync_token": "abc",
    "data": [ITEM, FILE_ITEM],
}
CHAT = {"chat_id": "CT_1", "name": "Finance", "chat_type": "channel", "participant_count": 4}
VALID: dict[str, Any] = {
    "list": LIST,
    "chats": {"chats": [CHAT]},
    "chat": {"data": CHAT},
    "edit": {"data": ITEM},
    "create": {"type": "scheduledmessage", "data": ITEM},
    "reschedule": {"data": [ITEM]},
}

# Each operation, as the client exposes it.
Call = Callable[[CliqClient], Awaitable[Any]]
CALLS: dict[str, Call] = {
    "list": lambda c: c.list_scheduled_messages(),
    "list-incremental": lambda c: c.list_scheduled_messages(sync_token="abc"),
    "list-chat": lambda c: c.list_chat_scheduled_messages("CT_1"),
    "chats": lambda c: c.list_chats(),
    "chat": lambda c: c.get_chat("CT_1"),
    "edit": lambda c: c.edit_message("CT_1", "m1", text="new text"),
    "create": lambda c: c.create_message("CT_1", text="hi", status="check_out"),
    "reschedule": lambda c: c.reschedule_status_based(
        "CT_1", existing_status="check_in", new_status="check_out"
    ),
    "send-now": lambda c: c.send_now("CT_1", "m1"),
    "delete": lambda c: c.delete_message("CT_1", "m1"),
}
SHAPE = {
    "list": "list",
    "list-incremental": "list",
    "list-chat": "list",
    "chats": "chats",
    "chat": "chat",
    "edit": "edit",
    "create": "create",
    "reschedule": "reschedule",
    "send-now": "list",
    "delete": "list",
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@st.composite
def mutated(draw: st.DrawFn, payload: Any) -> Any:
    """``payload`` with a few random edits: keys dropped, values replaced or retyped."""
    doc = json.loads(json.dumps(payload))
    for _ in range(draw(st.integers(1, 4))):
        node, path = doc, []
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            index = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            path.append((node, index))
            node = node[index]
        if not path:
            doc = draw(json_values) if draw(st.integers(0, 5)) == 0 else doc
            continue
        parent, index = path[-1]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[index]
        else:
            parent[index] = draw(json_values)
    return doc


def run(call: Call, status: int, body: bytes, headers: dict[str, str] | None = None) -> Any:
    """Run one client call whose every response is ``status`` with ``body``."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers or {})

    async def go() -> Any:
        client = CliqClient(
            "https://cliq.example",
            StaticToken("t"),
            transport=httpx.MockTransport(answer),
            clock=FakeClock(NOW_MS / 1000),
            retry=NO_RETRY,
        )
        async with client:
            return await call(client)

    return asyncio.run(go())


def assert_model_or_format_error(call: Call, status: int, body: bytes) -> None:
    try:
        result = run(call, status, body, {"content-type": "application/json"})
    except ResponseFormatError as exc:
        assert exc.message.startswith(("Cliq ", "The Zoho")), exc.message
        assert "Traceback" not in exc.message
        return
    except APIStatusError:
        assert status >= 300  # an error status is an API error, never a crash
        return
    assert status < 300
    assert result is None or isinstance(
        result, ScheduledMessageList | ScheduledMessage | Chat | list
    )
    if isinstance(result, list):
        assert all(isinstance(x, ScheduledMessage | Chat) for x in result)


operations = st.sampled_from(sorted(CALLS))
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(name=operations, data=st.data())
def test_mutated_payloads_give_a_model_or_a_format_error(name: str, data: st.DataObject) -> None:
    payload = data.draw(mutated(VALID[SHAPE[name]]))
    assert_model_or_format_error(CALLS[name], 200, json.dumps(payload).encode())


@quick
@given(name=operations, payload=json_values)
def test_random_json_gives_a_model_or_a_format_error(name: str, payload: Any) -> None:
    assert_model_or_format_error(CALLS[name], 200, json.dumps(payload).encode())


@quick
@given(name=operations, body=st.binary(max_size=60))
@example(name="list", body=b'{"data": [')
@example(name="list", body=b"\xff\xfe{}")
@example(name="chat", body=b"<html><body>502 Bad Gateway</body></html>")
def test_random_bytes_give_a_model_or_a_format_error(name: str, body: bytes) -> None:
    assert_model_or_format_error(CALLS[name], 200, body)


@quick
@given(
    name=operations,
    status=st.sampled_from([400, 401, 403, 404, 405, 409, 429, 500, 502, 503]),
    payload=json_values | mutated({"code": "scheduled_msg_not_found", "message": "gone"}),
)
@example(name="list", status=400, payload={"code": ["x"], "message": {"a": 1}})
def test_error_answers_with_any_body_give_an_api_error(
    name: str, status: int, payload: Any
) -> None:
    assert_model_or_format_error(CALLS[name], status, json.dumps(payload).encode())


@quick
@given(name=operations, body=st.binary(max_size=40))
def test_error_answers_with_unreadable_bodies_give_an_api_error(name: str, body: bytes) -> None:
    assert_model_or_format_error(CALLS[name], 500, body)


def test_a_valid_list_parses_to_its_messages() -> None:
    result = run(CALLS["list"], 200, json.dumps(LIST).encode())
    assert [m.id for m in result.data] == [ITEM["id"], FILE_ITEM["id"]]
    assert result.data[1].is_file and result.data[1].text == "see"


DEEP = {"arrays": b"[" * 100_000, "objects": b'{"a": ' * 50_000}


@pytest.mark.parametrize("nesting", list(DEEP))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_absurdly_nested_json_is_a_format_error_not_a_crash(name: str, nesting: str) -> None:
    assert_model_or_format_error(CALLS[name], 200, DEEP[nesting])


@pytest.mark.parametrize("nesting", list(DEEP))
def test_an_absurdly_nested_error_body_is_still_the_api_error(nesting: str) -> None:
    with pytest.raises(ServerError, match="Cliq had an internal error"):
        run(CALLS["list"], 500, DEEP[nesting])


@pytest.mark.parametrize("nesting", list(DEEP))
def test_an_absurdly_nested_token_answer_is_a_format_error(nesting: str) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=DEEP[nesting]))

    async def exchange() -> Any:
        return await exchange_grant_code(
            "code",
            client_id="id",
            client_secret="secret",
            accounts_url="https://accounts.example",
            transport=transport,
        )

    with pytest.raises(ResponseFormatError, match="unreadable body"):
        asyncio.run(exchange())
