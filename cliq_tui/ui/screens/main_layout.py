"""How the dashboard fits the terminal and moves between its panes: which panes and columns a
width shows, pane zoom, the keys that change them (chat pane, wide/narrow, zoom), focus,
selection and sort keys."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from cliq_tui.dashboard.queue_sort import QueueSort
from cliq_tui.ui.widgets.chat_list import ChatList
from cliq_tui.ui.widgets.message_view import MessageView
from cliq_tui.ui.widgets.queue_table import QueueTable
from cliq_tui.ui.widgets.status_bar import StatusBar

# Below this width the chat pane is hidden (b shows it), the footer is compact and shows fewer
# keys.
NARROW_BELOW = 100
# Below this width the chat pane (when shown) is narrower, its names cut with "…", so the queue
# keeps its columns; wider terminals get the full chat pane.
MEDIUM_BELOW = 140
# Footer keys a narrow footer leaves out, so the rest fit 80 columns (help lists them all).
NARROW_FOOTER_HIDES = frozenset({"reschedule", "refresh", "pause"})
# The footer's keys with their spacing need this many columns; below it the footer is compact
# (and below FULL_KEYS_FROM it leaves out NARROW_FOOTER_HIDES too), never cut mid-key.
ROOMY_FOOTER_FROM = 120
FULL_KEYS_FROM = 110


def layout_classes(*, narrow: bool, chats_shown: bool, width: int = 0) -> set[str]:
    """The screen's layout classes: ``-narrow``, ``-medium`` (a narrower chat pane) and
    ``-hide-chats``."""
    classes = {"-narrow"} if narrow else set()
    if width < MEDIUM_BELOW:  # also a chat pane shown with b below NARROW_BELOW
        classes.add("-medium")
    if not chats_shown:
        classes.add("-hide-chats")
    return classes


class ResponsiveLayout(Screen[None]):
    """The layout part of the dashboard screen."""

    # None: follow the width; True or False: the user chose narrow or wide (ctrl+w).
    _forced_narrow: bool | None = None
    # None: shown unless narrow; True or False: the user showed or hid the chat pane (b).
    _chats_choice: bool | None = None

    @property
    def narrow(self) -> bool:
        """Whether the narrow layout is in use."""
        if self._forced_narrow is not None:
            return self._forced_narrow
        return self.size.width < NARROW_BELOW

    @property
    def chats_shown(self) -> bool:
        """Whether the chat pane is shown."""
        return not self.narrow if self._chats_choice is None else self._chats_choice

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in force; a narrow footer shows fewer of them (all still work)."""
        active = super().active_bindings
        if not self.narrow and self.size.width >= FULL_KEYS_FROM:
            return active
        return {
            key: active_binding._replace(binding=replace(active_binding.binding, show=False))
            if active_binding.binding.id in NARROW_FOOTER_HIDES
            else active_binding
            for key, active_binding in active.items()
        }

    def on_resize(self, _event: events.Resize) -> None:
        """Fit the panes and the footer to the new size (the status bar fits itself)."""
        self.apply_layout()

    def apply_layout(self) -> None:
        """Set the layout classes for the width and the user's choices."""
        narrow = self.narrow
        wanted = layout_classes(narrow=narrow, chats_shown=self.chats_shown, width=self.size.width)
        for name in ("-narrow", "-medium", "-hide-chats"):
            self.set_class(name in wanted, name)
        chats = self.query_one(ChatList)
        if not self.chats_shown and chats.has_focus:
            self.query_one("#queue").focus()
        self.query_one(Footer).compact = narrow or self.size.width < ROOMY_FOOTER_FROM
        self.refresh_bindings()

    @property
    def queue_view(self) -> QueueTable:
        """The queue pane."""
        return self.query_one("#queue", QueueTable)

    def action_toggle_chats(self) -> None:
        """Show or hide the chat pane."""
        self._chats_choice = not self.chats_shown
        self.apply_layout()

    def action_toggle_width(self) -> None:
        """Switch between the wide and the narrow layout, whatever the terminal's width."""
        self._forced_narrow = not self.narrow
        self._chats_choice = None
        self.apply_layout()

    def action_read_message(self) -> None:
        """Focus the message pane (Enter in the queue): read, scroll, zoom it."""
        self.query_one("#message").focus()

    def action_zoom(self) -> None:
        """The focused pane takes the whole screen; again to restore."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused, container=False)

    # --- navigation and live updates -----------------------------------------------------

    def _panes(self) -> list[Widget]:
        chats: list[Widget] = [self.query_one(ChatList)] if self.chats_shown else []
        return [*chats, self.queue_view, self.query_one(MessageView)]

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else (1 if step < 0 else -1)
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        """Focus the next pane."""
        self._cycle(1)

    def action_previous_pane(self) -> None:
        """Focus the previous pane."""
        self._cycle(-1)

    def action_filter(self) -> None:
        """Type a filter (text, chat or trigger). Focus moves now, not after the keys already
        waiting: with the priority binding, `/abc` typed in one go puts all of `abc` in it."""
        self.set_focus(self.query_one("#filter", Input))

    def action_leave_filter(self) -> None:
        """Leave the filter (clearing it if focus was already in the queue)."""
        filter_input = self.query_one("#filter", Input)
        if self.focused is filter_input:
            self.queue_view.focus()
        elif self.queue_view.range_anchor is not None:
            self.queue_view.end_range()
        elif filter_input.value:
            filter_input.value = ""
        elif self.queue_view.selected:
            self.queue_view.clear_selection()

    def action_toggle_select(self) -> None:
        """Select or unselect the message under the cursor, then move down."""
        self.queue_view.toggle_selected()
        self.queue_view.action_cursor_down()

    def action_select_all(self) -> None:
        """Select every message shown (again: unselect them)."""
        self.queue_view.select_all_visible()

    def action_sort(self) -> None:
        """Sort the queue by the next column: due, chat, zone, trigger, then due again."""
        self._say_sorted(self.queue_view.cycle_sort())

    def action_sort_reverse(self) -> None:
        """Sort the queue by the same column the other way round."""
        self._say_sorted(self.queue_view.reverse_sort())

    def _say_sorted(self, sort: QueueSort) -> None:
        """ "Sorted by chat ▲" in the status bar's result line."""
        self.query_one(StatusBar).set_result(sort.label)
