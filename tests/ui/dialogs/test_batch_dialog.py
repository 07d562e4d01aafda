"""The batch dialog: one action per message in turn, progress, and a result line for each."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import ProgressBar, Static

from cliq_tui.api.errors import NotFoundError, OutcomeUnknownError, RateLimitError
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.ui.dialogs import BatchDialog, BatchResult
from tests.support.dialogs import NOW, DialogHost, make_message

MESSAGES = [
    make_message("1", message={"type": "text", "content": {"text": "First"}}),
    make_message("2", message={"type": "text", "content": {"text": "Second"}}),
    make_message("3", message={"type": "text", "content": {"text": "Third"}}),
]


class Action:
    """Records each message it is run for; raises the error mapped to a message id."""

    def __init__(self, errors: dict[str, Exception] | None = None) -> None:
        self.calls: list[str] = []
        self.errors = errors or {}
        self.gate: asyncio.Event | None = None

    async def __call__(self, message: ScheduledMessage) -> None:
        self.calls.append(message.id)
        if self.gate is not None:
            await self.gate.wait()
        if message.id in self.errors:
            raise self.errors[message.id]


def lines(host: DialogHost) -> list[str]:
    assert host.dialog is not None
    return [str(line.render()) for line in host.dialog.query(".result-line").results(Static)]


def batch_host(action: Action) -> DialogHost:
    return DialogHost(lambda: BatchDialog("Send 3 messages", MESSAGES, action, done_label="sent"))


async def wait_until_finished(pilot: Pilot[None], host: DialogHost) -> None:
    assert isinstance(host.dialog, BatchDialog)
    for _ in range(500):
        if host.dialog.finished:
            return
        await pilot.pause()
    raise AssertionError("the batch never finished")


async def test_every_message_gets_a_result_line() -> None:
    action = Action({"2": NotFoundError("That message is gone.", status_code=404)})
    host = batch_host(action)
    async with host.run_test() as pilot:
        await wait_until_finished(pilot, host)
        assert lines(host) == [
            "✓ First — sent",
            "✗ Second — Not found: That message is gone.",
            "✓ Third — sent",
        ]
        assert host.dialog.query_one(ProgressBar).percentage == 1.0
    assert action.calls == ["1", "2", "3"]


async def test_enter_when_done_closes_with_the_result() -> None:
    action = Action({"2": NotFoundError("That message is gone.", status_code=404)})
    host = batch_host(action)
    async with host.run_test() as pilot:
        await wait_until_finished(pilot, host)
        await pilot.press("enter")
    assert host.results == [
        BatchResult(ok=["1", "3"], failed={"2": "Not found: That message is gone."})
    ]


async def test_rate_limit_stops_and_marks_the_rest_not_attempted() -> None:
    action = Action({"2": RateLimitError("Locked for 10 minutes.", locked_until=NOW)})
    host = batch_host(action)
    async with host.run_test() as pilot:
        await wait_until_finished(pilot, host)
        assert lines(host)[1:] == [
            "✗ Second — Rate limited: Locked for 10 minutes.",
            "· Third — not attempted (rate limited)",
        ]
        await pilot.press("escape")
    assert action.calls == ["1", "2"]
    assert host.results[0].not_attempted == ["3"]


async def test_unknown_outcome_is_reported_as_unknown() -> None:
    action = Action({"1": OutcomeUnknownError("No answer came back.")})
    host = batch_host(action)
    async with host.run_test() as pilot:
        await wait_until_finished(pilot, host)
        assert lines(host)[0] == "? First — Outcome unknown: No answer came back."


async def test_escape_while_running_stops_after_the_current_message() -> None:
    action = Action()
    action.gate = asyncio.Event()
    host = batch_host(action)
    async with host.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        action.gate.set()
        await wait_until_finished(pilot, host)
        assert lines(host) == [
            "✓ First — sent",
            "· Second — not attempted (stopped)",
            "· Third — not attempted (stopped)",
        ]
        await pilot.press("escape")
    assert action.calls == ["1"]
    assert host.results == [BatchResult(ok=["1"], not_attempted=["2", "3"])]


async def test_message_text_is_shown_as_typed_never_as_markup() -> None:
    tricky = make_message("9", message={"type": "text", "content": {"text": "[b]bold[/] [/oops"}})
    host = DialogHost(lambda: BatchDialog("Send [1]", [tricky], Action(), done_label="sent"))
    async with host.run_test() as pilot:
        await wait_until_finished(pilot, host)
        assert lines(host) == ["✓ [b]bold[/] [/oops — sent"]
