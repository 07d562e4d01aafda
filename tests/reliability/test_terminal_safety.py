"""Terminal-safe by construction: no control or escape sequence from the server or a file
reaches the terminal (CLI table, JSON, errors, the dashboard), and Rich markup in a chat name
shows literally. The hostile seed of the fake server supplies the data."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.base.textsafe import cut_cells, dumps_json, visible
from cliq_tui.cli.commands import format_table
from cliq_tui.cli.main import main
from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.app import demo_app, demo_config
from tests.support.pilot import SIZE, toasts, wait_for_queue, wait_until

# What must never be written raw: C0 (but line feeds), DEL, C1, bidi controls, lone surrogates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

HOSTILE_TEXTS = [
    "\x1b]0;PWNED\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\u202etxt.exe",
    "bell\x07 del\x7f nul\x00",
    "\ud800 lone surrogate",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_visible_shows_every_control_and_lets_none_through(text: str) -> None:
    shown = visible(text)
    assert RAW.search(shown) is None
    assert "\n" not in shown
    assert shown != text  # shown differently, not dropped silently
    assert len(shown) >= len(text.strip("\x00"))


def test_visible_symbols_are_readable() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("\x07") == "␇"
    assert visible("\x9b") == "\\x9b"
    assert visible("\u202e") == "\\u202e"
    assert visible("line\nnext", newlines=True) == "line\nnext"
    assert visible("line\nnext") == "line␊next"
    plain = "plain text, 漢字 🎉"
    assert visible(plain) is plain


def test_zero_width_characters_are_shown_on_one_line_and_kept_in_multi_line_text() -> None:
    family = "Trip plans \U0001f468\u200d\U0001f469\u200d\U0001f467"
    # A name or a cell: a joiner would throw the columns out by a cell, so it is shown.
    assert visible(family) == "Trip plans \U0001f468\\u200d\U0001f469\\u200d\U0001f467"
    # Message text, an editor's file, a draft: the emoji comes back as it was typed.
    assert visible(family + "\nsee you", newlines=True) == family + "\nsee you"


@given(st.text())
def test_visible_never_lets_a_control_through(text: str) -> None:
    assert RAW.search(visible(text)) is None
    # Multi-line panes keep tabs (laid out as spaces by the widget), nothing else.
    assert RAW.search(visible(text, newlines=True).replace("\t", " ")) is None


@given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=3)))
def test_json_output_escapes_controls_and_reads_back_the_same(data: object) -> None:
    text = dumps_json(data)
    assert RAW.search(text.replace("\n", "")) is None
    assert json.loads(text) == data


def test_cut_cells_counts_terminal_cells() -> None:
    assert cell_len(cut_cells("設計レビュー", 7)) <= 7
    assert cut_cells("設計レビュー", 7).endswith("…")
    assert cut_cells("abc", 3) == "abc"
    assert cell_len(cut_cells("🎉🎉🎉🎉", 5)) <= 5


def _message(mid: str, text: str, chat: str) -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {
            "id": mid,
            "time": "2026-06-02T09:00:00+00:00",
            "chat_id": chat,
            "message": {"type": "text", "content": {"text": text}},
        }
    )


def test_the_cli_table_keeps_its_columns_with_wide_and_zero_width_characters() -> None:
    messages = [
        _message("id-1", "plain", "CT_1"),
        _message("id-2", "設計レビュー 🚀🚀 ｗｉｄｅ", "CT_2"),  # noqa: RUF001
        _message("id-3", "zero\u200bwidth\u200d join\x1b[2J", "CT_3"),
    ]
    lines = format_table(messages, width=100).splitlines()
    starts = set()
    for line in lines:
        head, _, _ = line.rpartition("  ")
        starts.add(cell_len(head))
        assert RAW.search(line) is None
    assert len(starts) == 1, lines  # the id column starts at the same cell in every line


@pytest.fixture
def hostile_server(cli_env: Path) -> Iterator[FakeServer]:
    server = FakeServer(FakeConfig(seed="hostile", rate_limits=False)).start()
    yield server
    server.stop()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_list_on_hostile_data_writes_no_control_and_reports_the_odd_items(
    hostile_server: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    account = ["--base-url", hostile_server.base_url, "--token", hostile_server.token]
    code, out, err = _run(capsys, "list", *account)
    assert code == 0, err
    assert RAW.search(out.replace("\n", "")) is None
    assert RAW.search(err.replace("\n", "")) is None
    assert "␛]0;PWNED␇" in out  # shown, not obeyed
    assert "[bold red]markup[/]" in out  # markup shown literally
    assert "due in year 9999" in out and "due in year 1" in out
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 2
    assert any("field time" in w for w in warnings)
    assert any("field message.content.text" in w for w in warnings)

    code, out, err = _run(capsys, "list", "--json", *account)
    assert code == 0, err
    assert RAW.search(out.replace("\n", "")) is None
    items = json.loads(out)
    texts = [i["message"]["content"].get("text") for i in items]
    assert any(t and "\x9b" in t for t in texts)  # escaped in the output, intact in the data


def test_an_error_line_from_the_server_is_made_safe(capsys: pytest.CaptureFixture[str]) -> None:
    from cliq_tui.cli.main import _fail

    _fail("Cliq said: \x1b]0;PWNED\x07 no", 1)
    err = capsys.readouterr().err
    assert RAW.search(err.replace("\n", "")) is None
    assert "␛]0;PWNED␇" in err


async def test_the_dashboard_shows_hostile_data_visibly_and_obeys_none_of_it(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path, demo_config(seed="hostile"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        # Every readable message is in the queue; the two unreadable ones are reported.
        await wait_until(pilot, lambda: app.main.queue.row_count == 16, "16 rows")
        await wait_until(
            pilot, lambda: app.sync_state.unreadable is not None, "the unreadable report"
        )
        await wait_until(pilot, lambda: len(app.engine.chats) >= 5, "the chats' names")
        expected = ("Ops␛]0;PWNED␇", "[red]x[/]", "Clear␛[2J", "Mallory␛]0;PWNED␇")

        def painted() -> str:
            # The screen's text, all whitespace removed (the SVG splits lines into styled runs).
            svg = app.export_screenshot()
            assert RAW.search(svg.replace("\n", "")) is None
            return "".join(html.unescape(re.sub(r"<[^>]+>", "", svg)).split())

        # The names reach the engine before the screen repaints them: wait for the paint.
        await wait_until(
            pilot, lambda: all(shown in painted() for shown in expected), "the names painted"
        )
        screen = painted()
        for shown in expected:
            assert shown in screen, shown
        assert any("could not be read" in message for _, message in toasts(app))
        logged = [e for e in app.activity.session if "could not be read" in e.detail]
        assert len(logged) == 2 and all(len(e.message_ids) == 1 for e in logged)
        await pilot.press("q")
