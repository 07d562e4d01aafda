"""Unknown outcomes as the user meets them: in the dashboard and on the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from cliq_tui.cli.main import main
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import ConfirmDialog, CreateDialog
from tests.support.app import demo_app, refresh
from tests.support.pilot import SIZE, demo_server, settle, toasts, wait_for_queue, wait_until

# The engine lists the chat of an unknown outcome this long after it (its default).
SETTLE_SECONDS = 25.0


def posts(server: FakeServer) -> int:
    return sum(1 for r in server.state.requests() if r["method"] == "POST")


async def test_app_reports_a_send_now_without_answer_as_unknown_and_the_sync_settles_it(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        message = app.main.queue.visible_messages()[0]
        assert app.main.queue.move_to(message.id)
        server.state.set_faults(truncate_rate=1.0)  # the change happens, the answer is cut

        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        await pilot.press("y")
        await wait_until(
            pilot, lambda: any(t == "Outcome unknown" for t, _ in toasts(app)), "the toast"
        )

        said = next(m for t, m in toasts(app) if t == "Outcome unknown")
        assert "it may or may not have happened" in said
        assert said.lower().count("not repeated") == 1  # said once, not twice
        server.state.clear_faults()
        await refresh(pilot)
        await wait_until(pilot, lambda: app.main.queue.message(message.id) is None, "settled")
        assert [d["id"] for d in server.state.deliveries()] == [message.id]
        assert posts(server) == 1


@pytest.fixture
def server(cli_env: Path) -> Iterator[FakeServer]:
    server = FakeServer(FakeConfig(seed="demo")).start()
    yield server
    server.stop()


def test_cli_reports_a_send_now_without_answer_as_unknown_and_does_not_repeat_it(
    server: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    message = server.state.messages()[0]
    server.state.set_faults(truncate_rate=1.0)

    on = ["--base-url", server.base_url, "--token", server.token]
    code = main(["send-now", message["chat_id"], "--id", message["id"], *on])

    err = capsys.readouterr().err
    assert code == 1
    assert "outcome unknown: The connection broke after the send now request was sent" in err
    assert "it was not repeated" in err
    assert [d["id"] for d in server.state.deliveries()] == [message["id"]]
    assert posts(server) == 1


# --- a create whose answer never came ----------------------------------------------------------

CREATE_TEXT = "Retro notes are in the wiki"


def creates(server: FakeServer) -> int:
    return sum(1 for r in server.state.requests() if r["path"].startswith("/api/v2/"))


def made(server: FakeServer) -> list[str]:
    return [
        m["id"]
        for m in server.state.messages()
        if m["message"]["content"].get("text") == CREATE_TEXT
    ]


def form_error(dialog: CreateDialog) -> str:
    error = dialog.query_one("#form-error", Static)
    return str(error.render()) if error.display else ""


async def create_with_lost_answer(pilot: Pilot[Any], app: CliqApp, fault: str) -> CreateDialog:
    """Open the create dialog, type, and save while the fake loses the answer (``fault``)."""
    await wait_for_queue(pilot)
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
    dialog = app.screen
    assert isinstance(dialog, CreateDialog)
    await pilot.press(*CREATE_TEXT)
    dialog.query_one("#when", Input).value = "+3h"
    await settle(pilot)
    demo_server(app).state.set_faults(**{fault: 1.0})
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: "Outcome unknown" in form_error(dialog), "unknown outcome")
    demo_server(app).state.clear_faults()
    return dialog


async def test_a_second_save_after_an_unknown_create_sends_nothing_and_the_sync_settles_it(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await create_with_lost_answer(pilot, app, "truncate_rate")
        server = demo_server(app)
        assert "not repeated" in form_error(dialog)
        assert dialog.query_one("#save", Button).disabled

        await pilot.press("ctrl+s")  # a second Save: refused in the dialog, nothing sent
        await pilot.click("#save")
        await settle(pilot)
        assert creates(server) == 1 and len(made(server)) == 1
        assert dialog.is_current
        assert "not repeated; Save stays off until the next sync" in form_error(dialog)

        app.clock.advance(SETTLE_SECONDS)
        await pilot.press("r")
        await wait_until(pilot, lambda: not dialog.is_attached, "the dialog to close")

        assert any("created after all" in m for _, m in toasts(app))
        [created] = made(server)
        await wait_until(pilot, lambda: app.main.queue.message(created) is not None, "the row")
        assert creates(server) == 1
        assert DraftStore(tmp_path / "drafts").keys() == []


async def test_a_create_the_sync_did_not_find_is_offered_again_explicitly(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await create_with_lost_answer(pilot, app, "reset_rate")
        server = demo_server(app)
        assert made(server) == []
        sent = creates(server)
        assert sent <= 1  # the request may not even have reached the server

        app.clock.advance(SETTLE_SECONDS)
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: (
                "Not found after the next sync: press ctrl+s to create it again"
                in form_error(dialog)
            ),
            "the offer to create it again",
        )
        assert not dialog.query_one("#save", Button).disabled
        assert creates(server) == sent

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not dialog.is_attached, "the dialog to close")
        assert len(made(server)) == 1
        assert creates(server) == sent + 1


def test_cli_reports_a_create_without_answer_and_how_to_check(
    server: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    chat_id = server.state.messages()[0]["chat_id"]
    server.state.set_faults(truncate_rate=1.0)

    on = ["--base-url", server.base_url, "--token", server.token]
    code = main(["create", chat_id, "--text", CREATE_TEXT, "--status", "check_out", *on])

    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "it was not repeated" in err
    assert f"cliq-tui list --chat {chat_id}" in err
    assert creates(server) == 1
    assert len(made(server)) == 1
