"""The status bar: freshness, rate locks, the selection, the last action's result, and the DEMO /
READ-ONLY markers; what it keeps at each width is decided in
:mod:`cliq_tui.dashboard.status_line`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import Static

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.dashboard.status_line import SEPARATOR, Part, fit, status_parts
from cliq_tui.sync.types import SyncState


class _Inputs(NamedTuple):
    """What the screen last gave :meth:`StatusBar.show`."""

    state: SyncState
    budgets: list[BudgetStatus]
    now: datetime
    tz: tzinfo | None
    selected: int
    unmapped: int
    pending: int | None


class StatusBar(Static):
    """One line at the bottom; every state in words (never colour alone). What does not fit
    the width is shortened or left out, least important first; a lock never is."""

    def __init__(self, *, demo: bool, read_only: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.demo = demo
        self.read_only = read_only
        self._parts: list[Part] = []
        self._shown: Text | None = None
        # What the last :meth:`show` was given, so a new result line repaints without it.
        self._inputs: _Inputs | None = None
        # What the last action did (or why it failed): stays until the next action's result.
        self.result: str | None = None

    def show(
        self,
        state: SyncState,
        budgets: Iterable[BudgetStatus],
        *,
        now: datetime,
        tz: tzinfo | None,
        selected: int = 0,
        unmapped: int = 0,
        pending: int | None = None,
    ) -> None:
        """Render the bar from the engine's state and the client's budgets."""
        self._inputs = _Inputs(state, list(budgets), now, tz, selected, unmapped, pending)
        self._repaint()

    def set_result(self, text: str) -> None:
        """Show what the last action did (on one line) until the next action's result."""
        self.result = " ".join(text.split())
        self._repaint()

    def _repaint(self) -> None:
        if self._inputs is None:
            return
        given = self._inputs
        self._parts = status_parts(
            given.state,
            given.budgets,
            given.now,
            given.tz,
            selected=given.selected,
            unmapped=given.unmapped,
            pending=given.pending,
            result=self.result,
        )
        self._paint()

    def on_resize(self, _event: events.Resize) -> None:
        """Fit the parts to the new width."""
        self._paint()

    def _paint(self) -> None:
        text = Text()
        if self.demo:
            text.append(" DEMO ", style="bold reverse")
            text.append(" ")
        if self.read_only:
            text.append(" READ-ONLY ", style="bold reverse")
            text.append(" ")
        room = self.content_size.width
        # Before the first layout the width is not known: everything is shown.
        width = max(room - cell_len(text.plain), 1) if room > 0 else None
        for index, (words, part) in enumerate(fit(self._parts, width)):
            if index:
                text.append(SEPARATOR, style="dim")
            text.append(words, style=part.style)
        # Every delta and keystroke asks again: an unchanged line is not laid out and painted.
        if text != self._shown:
            self._shown = text
            self.update(text)
