"""Snapshots of the agenda at 80x24, 120x40 and 160x48: the demo data at a pinned instant (as in
test_snapshots.py), polling stopped once the queue has settled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.screens.agenda import AgendaScreen
from tests.support.pilot import settle, wait_until
from tests.ui.test_snapshots import until_settled

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


async def agenda_open(pilot: Pilot[Any]) -> None:
    await until_settled(pilot)
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AgendaScreen), "the agenda")
    await settle(pilot)


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (160, 48)], ids=["80x24", "120x40", "160x48"]
)
def test_agenda(snap_compare: Any, make_app: Callable[..., CliqApp], size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=agenda_open)
