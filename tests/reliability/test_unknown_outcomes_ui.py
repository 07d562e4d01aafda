"""Unknown outcomes as the user meets them: in the dashboard and on the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cliq_tui.cli import main
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.ui.dialogs import ConfirmDialog

from .app_support import (
    SIZE,
    make_app,
    press_refresh,
    server_of,
    toasts,
    wait_for_queue,
    wait_until,
)


def posts(server: FakeServer) -> int:
    return sum(1 for r in server.state.requests() if r["method"] == "POST")


async def test_app_reports_a_send_now_without_answer_as_unknown_and_the_sync_settles_it(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = server_of(app)
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
        await press_refresh(pilot)
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
