"""No id can widen an action: every mutating call, driven with hostile chat and message ids,
either reaches exactly its own path or is refused before any request exists.

The transport below stands where the network would be: it sees the final URL of every request
(after httpx has normalised it) and fails the test when a request would go to a wider path
than the call asked for, e.g. the chat-wide ``/scheduledmessages`` for a one-message delete.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from cliq_tui.api import CliqClient, InputError, ScheduleStatus, StaticToken
from cliq_tui.cli.main import main
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from tests.support.app import demo_app, demo_config
from tests.support.pilot import SIZE, demo_server, toasts, wait_for_queue, wait_until

HOSTILE = [
    ".",
    "..",
    "...",
    "%2e",
    "%2E%2e",
    "%2f",
    "/",
    "a/b",
    "../x",
    "?",
    "x?limit=1",
    "#",
    "x#y",
    "",
    " ",
    "\t",
    "a b",
    "\x00",
    "\x1b[2J",
    "a\nb",
    "\u202e1",
    "x" * 201,
    "\\",
    ".\u200b",
]

GOOD_CHAT = "CT_1_2"
GOOD_ID = "1700000000000_42"
FUTURE = datetime.now(UTC) + timedelta(days=2)


class WideningGuard(httpx.AsyncBaseTransport):
    """Answers every request with 200 after checking its final path is exactly the expected one."""

    def __init__(self) -> None:
        self.expected: str | None = None
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        self.sent.append(path)
        if path != self.expected:
            pytest.fail(f"widened or unexpected request: {request.method} {path}")
        return httpx.Response(200, json={"data": {"id": GOOD_ID}})


Call = Callable[[CliqClient, str, str], Awaitable[object]]

ALL = "/api/v3/chats/{chat}/scheduledmessages"
ONE = ALL + "/{mid}"

# Each mutating operation, with the path it must reach for (chat, message).
CALLS: dict[str, tuple[Call, str]] = {
    "send now one": (lambda c, chat, mid: c.send_now(chat, mid), ALL),
    "send all now": (lambda c, chat, mid: c.send_all_now(chat), ALL),
    "reschedule by time": (
        lambda c, chat, mid: c.reschedule_time_based(
            chat, time=FUTURE, new_time=FUTURE + timedelta(hours=1)
        ),
        ALL,
    ),
    "reschedule by status": (
        lambda c, chat, mid: c.reschedule_status_based(
            chat, existing_status=ScheduleStatus.CHECK_OUT, new_status=ScheduleStatus.CALL_END
        ),
        ALL,
    ),
    "edit": (lambda c, chat, mid: c.edit_message(chat, mid, text="hello"), ONE),
    "delete one": (lambda c, chat, mid: c.delete_message(chat, mid), ONE),
    "delete all": (lambda c, chat, mid: c.delete_all(chat), ALL),
    "create (v2)": (
        lambda c, chat, mid: c.create_message(chat, text="hello", schedule_time=FUTURE),
        "/api/v2/chats/{chat}/scheduledmessages",
    ),
}


def _client(guard: WideningGuard) -> CliqClient:
    return CliqClient("http://cliq.invalid", StaticToken("t"), transport=guard)


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_good_ids_reach_exactly_their_own_path(name: str) -> None:
    call, template = CALLS[name]
    guard = WideningGuard()
    guard.expected = template.format(chat=GOOD_CHAT, mid=GOOD_ID)
    async with _client(guard) as client:
        await call(client, GOOD_CHAT, GOOD_ID)
    assert guard.sent == [guard.expected]


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.encode("unicode_escape").decode()[:12])
@pytest.mark.parametrize("where", ["chat", "message"])
async def test_hostile_ids_never_widen_an_action(name: str, hostile: str, where: str) -> None:
    call, template = CALLS[name]
    chat, mid = (hostile, GOOD_ID) if where == "chat" else (GOOD_CHAT, hostile)
    guard = WideningGuard()
    async with _client(guard) as client:
        if where == "message" and "{mid}" not in template and name != "send now one":
            # The call takes no message id: it goes to its chat path, and only there.
            guard.expected = template.format(chat=GOOD_CHAT, mid="")
            await call(client, chat, mid)
            return
        # No exact path exists for these ids: any request at all fails the test.
        guard.expected = None
        with pytest.raises(InputError) as refused:
            await call(client, chat, mid)
    assert guard.sent == []
    assert "\n" not in str(refused.value)
    assert "\x1b" not in str(refused.value)


@pytest.mark.parametrize("hostile", [".", "..", "%2e", "%2E%2e", "/", "?", "#", " "])
def test_cli_delete_with_a_hostile_id_is_a_usage_error_and_sends_nothing(
    hostile: str, capsys: pytest.CaptureFixture[str], cli_env: Path
) -> None:
    # An unreachable base URL: anything that tried to send would fail as "offline", exit 1.
    code = main(
        ["delete", GOOD_CHAT, hostile, "--yes", "--base-url", "http://127.0.0.1:9", "--token", "t"]
    )
    err = capsys.readouterr().err
    assert code == 2, err
    assert "not a valid message id" in err or "message id is missing" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("message_id", [".", "..", "%2e"])
async def test_a_hostile_id_from_the_server_cannot_widen_a_dashboard_delete(
    tmp_path: Path, message_id: str
) -> None:
    app = demo_app(tmp_path, demo_config(seed="hostile"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        chat = server.state.message(message_id)
        assert chat is not None
        in_chat = [m for m in server.state.messages() if m["chat_id"] == chat["chat_id"]]
        await wait_until(pilot, lambda: app.main.queue.move_to(message_id), "the hostile row")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: any("not a valid message id" in m for _, m in toasts(app)),
            "the refusal",
        )
        after = [m for m in server.state.messages() if m["chat_id"] == chat["chat_id"]]
        assert len(after) == len(in_chat)  # nothing deleted, least of all the whole chat
        assert app.main.queue.message(message_id) is not None
        await pilot.press("q")


async def test_a_message_in_a_chat_with_an_unusable_id_says_why_its_actions_are_off(
    tmp_path: Path,
) -> None:
    # As documented, list items carry no chat id: the "." chat's message can never be mapped.
    app = demo_app(tmp_path, demo_config(seed="hostile", include_chat_id=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        dot = next(m for m in server.state.messages() if m["chat_id"] == ".")
        await wait_until(pilot, lambda: app.main.queue.move_to(dot["id"]), "the dot chat's row")
        message = app.main.queue.message(dot["id"])
        assert message is not None

        def said() -> bool:
            reason = app.main.rules.unresolved_reason(message) or ""
            return "cannot be used safely" in reason

        await wait_until(pilot, said, "the reason its actions are off")

        def shown() -> bool:
            svg = app.export_screenshot()
            screen = "".join(html.unescape(re.sub(r"<[^>]+>", "", svg)).split())
            return "Chatactionsunavailable:chatunknown" in screen

        await wait_until(pilot, shown, "the reason in the message pane")
        await pilot.press("d")
        await wait_until(
            pilot,
            lambda: any("cannot be used safely" in m for _, m in toasts(app)),
            "the reason, on pressing delete",
        )
        assert server.state.message(dot["id"]) is not None
        await pilot.press("q")
