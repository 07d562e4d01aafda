"""The dialogs of test_dialog_snapshots.py at the small and middle terminal sizes: each must fit,
with its title, its fields and its buttons in view (a form scrolls inside the dialog)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.dialogs import DialogHost
from tests.ui.dialogs.test_dialog_snapshots import (
    RunBefore,
    batch_case,
    confirm_case,
    create_draft_case,
    edit_case,
    edit_errors_case,
    edit_file_case,
    edit_server_error_case,
    reschedule_case,
)

SMALLER = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def shoot(snap_compare: Any, case: Callable[[], tuple[DialogHost, RunBefore]], size: Any) -> bool:
    host, run_before = case()
    return bool(snap_compare(host, terminal_size=size, run_before=run_before))


@SMALLER
def test_reschedule_dialog_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, reschedule_case, size)


@SMALLER
def test_confirm_dialog_danger_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, confirm_case, size)


@SMALLER
def test_batch_dialog_finished_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, batch_case, size)


@SMALLER
def test_edit_dialog_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, edit_case, size)


@SMALLER
def test_edit_dialog_file_message_in_a_dm_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, edit_file_case, size)


@SMALLER
def test_edit_dialog_with_inline_errors_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, edit_errors_case, size)


@SMALLER
def test_edit_dialog_after_a_server_error_at(snap_compare: Any, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, edit_server_error_case, size)


@SMALLER
def test_create_dialog_with_a_restored_draft_at(
    snap_compare: Any, size: tuple[int, int], tmp_path: Path
) -> None:
    assert shoot(snap_compare, lambda: create_draft_case(tmp_path), size)
