"""Editing the text in $EDITOR: the helper on its own and the dialog's ctrl+e."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from cliq_tui.ui.dialogs import EditDialog
from cliq_tui.ui.dialogs.external_editor import EditorError, edit_externally, editor_commands
from tests.support.dialogs import DialogHost, Recorder, fixed_now, make_chat, make_message


def write_editor(directory: Path, body: str) -> Path:
    """A tiny 'editor': a shell script that rewrites the file it is given."""
    script = directory / "fake-editor"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_visual_wins_over_editor_and_vi_comes_last() -> None:
    commands = editor_commands({"VISUAL": "code --wait", "EDITOR": "nano"})
    assert commands == [["code", "--wait"], ["nano"], ["vi"]]


def test_editor_result_replaces_the_text(tmp_path: Path) -> None:
    editor = write_editor(tmp_path, 'printf "rewritten\\n" > "$1"')
    result = edit_externally("original", environ={"EDITOR": str(editor), "PATH": ""})
    assert result == "rewritten"


def test_editor_sees_the_current_text(tmp_path: Path) -> None:
    editor = write_editor(tmp_path, 'tr a-z A-Z < "$1" > "$1.up" && mv "$1.up" "$1"')
    assert edit_externally("shout", environ={"EDITOR": str(editor), "PATH": ""}) == "SHOUT"


def test_failing_editor_raises_and_names_it(tmp_path: Path) -> None:
    editor = write_editor(tmp_path, "exit 3")
    with pytest.raises(EditorError, match="status 3"):
        edit_externally("keep me", environ={"EDITOR": str(editor), "PATH": ""})


def test_no_editor_at_all_says_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(EditorError, match=r"\$VISUAL or \$EDITOR"):
        edit_externally("x", environ={"EDITOR": "no-such-editor-here", "PATH": str(tmp_path)})


def test_temp_file_is_removed_afterwards(tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    editor = write_editor(tmp_path, f'echo "$1" > "{seen}"')
    edit_externally("x", environ={"EDITOR": str(editor), "PATH": ""})
    assert not Path(seen.read_text().strip()).exists()


async def test_ctrl_e_puts_the_edited_text_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = write_editor(tmp_path, 'printf "from the editor" > "$1"')
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), Recorder(), now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert host.dialog is not None
        assert host.dialog.query_one("#text", TextArea).text == "from the editor"


async def test_ctrl_e_shows_controls_from_the_editor_as_symbols(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = write_editor(tmp_path, 'printf "a\\033]0;PWNED\\007b\\nline" > "$1"')
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), Recorder(), now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert host.dialog is not None
        assert host.dialog.query_one("#text", TextArea).text == "a␛]0;PWNED␇b\nline"


async def test_ctrl_e_without_an_editor_explains_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    monkeypatch.setenv("PATH", str(tmp_path))
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), Recorder(), now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert host.dialog is not None
        error = str(host.dialog.query_one("#form-error", Static).render())
        assert "No editor found" in error
        assert host.dialog.query_one("#text", TextArea).text == "Standup notes are in the doc"
