"""The heads-up notice: a line above the status bar announcing messages about to go out.

What to announce is decided by :class:`cliq_tui.dashboard.heads_up.HeadsUpPlanner`; this widget
checks it every second against the queue model's messages due within the longest lead time
(its due order: not the whole queue), shows each notice until it is dismissed (H) or
its message leaves the queue or moves, and optionally rings the bell and sends a desktop
notification. h opens the edit dialog on the first message announced: that is how it is held
(its time moved, its text changed, or deleted from the queue afterwards).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo

from rich.text import Text
from textual.widgets import Static

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.base.textsafe import cut_cells, visible
from cliq_tui.dashboard.due_order import DueQueueModel
from cliq_tui.dashboard.heads_up import HeadsUp, HeadsUpPlanner, describe, lead_words

# How many notices are listed at once; the rest are counted.
SHOWN = 3
KEYS_HINT = "h hold / edit it · H dismiss"


def desktop_sequence(title: str, body: str, environ: Mapping[str, str] = os.environ) -> str:
    """The escape sequence that asks the terminal for a desktop notification: OSC 777 on
    terminals known for it (VTE, foot, urxvt), else OSC 9 (iTerm2, WezTerm, kitty, Windows
    Terminal, ...). The words are made safe: no control can end the sequence early."""
    title = cut_cells(visible(title).replace(";", ","), 60)
    body = cut_cells(visible(body), 200)
    term = environ.get("TERM", "")
    if environ.get("VTE_VERSION") or term.startswith(("foot", "rxvt")):
        return f"\x1b]777;notify;{title};{body}\x1b\\"
    return f"\x1b]9;{title}: {body}\x1b\\"


def write_to_terminal(data: str) -> None:
    """Write ``data`` to the controlling terminal (nothing happens without one)."""
    try:
        fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return
    try:
        os.write(fd, data.encode("utf-8", "replace"))
    except OSError:
        pass
    finally:
        os.close(fd)


class HeadsUpBar(Static):
    """Announces messages about to go out; hidden while there is nothing to announce."""

    DEFAULT_CSS = """
    HeadsUpBar {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $warning 25%;
        display: none;
    }
    HeadsUpBar.-shown {
        display: block;
    }
    """

    def __init__(
        self,
        planner: HeadsUpPlanner,
        *,
        model: DueQueueModel,
        now: Callable[[], datetime],
        tz: tzinfo | None,
        bell: Callable[[], None] | None = None,
        desktop: Callable[[str], None] | None = None,
        on_announce: Callable[[], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.planner = planner
        self.model = model
        self._now = now
        self._tz = tz
        self._bell = bell
        self._desktop = desktop
        self._on_announce = on_announce
        self.notices: list[HeadsUp] = []

    def on_mount(self) -> None:
        """Check every second (the heads-up is at most a second late)."""
        if self.planner.enabled:
            self.set_interval(1.0, self.check)

    def check(self) -> None:
        """Drop notices whose message left or moved, add the new ones, redraw (nothing to draw
        while there is nothing to announce)."""
        messages = self.model.message_map()
        now = self._now()
        before = len(self.notices)
        self.notices = [n for n in self.notices if n.still_due(messages)]
        fresh = self.planner.check_queue(self.model, now)
        if fresh:
            # A shorter lead time reached replaces the message's earlier notice.
            renewed = {n.message_id for n in fresh}
            kept = [n for n in self.notices if n.message_id not in renewed]
            self.notices = sorted([*kept, *fresh], key=lambda n: (n.due, n.message_id))
            self._alert(fresh, messages, now)
            if self._on_announce is not None:
                self._on_announce()
        if self.notices or before:
            self._paint(messages, now)
        if fresh or len(self.notices) != before:
            self.screen.refresh_bindings()  # h is available only while a notice is shown

    def message(self) -> ScheduledMessage | None:
        """The first message announced (what h edits), while it is still pending."""
        messages = self.model.message_map()
        for notice in self.notices:
            if notice.still_due(messages):
                return messages[notice.message_id]
        return None

    def dismiss(self) -> None:
        """Hide every notice (each is announced again only at its next lead time)."""
        self.notices = []
        self._paint(self.model.message_map(), self._now())
        self.screen.refresh_bindings()

    def _line(
        self, notice: HeadsUp, messages: Mapping[str, ScheduledMessage], now: datetime
    ) -> str:
        message = messages[notice.message_id]
        return describe(notice, message, self.model.chat_label(message), now, self._tz)

    def _paint(self, messages: Mapping[str, ScheduledMessage], now: datetime) -> None:
        self.set_class(bool(self.notices), "-shown")
        if not self.notices:
            self.update("")
            return
        # One line a notice, cut to the width (a narrow terminal loses the preview's end).
        width = max(self.size.width - 2, 20) if self.size.width else 200
        lines: list[Text] = []
        for notice in self.notices[:SHOWN]:
            head = f"⏰ {lead_words(notice)}: "
            line = Text(head, style="bold")
            line.append(cut_cells(self._line(notice, messages, now), width - len(head)))
            lines.append(line)
        more = len(self.notices) - SHOWN
        if more > 0:
            lines.append(Text(f"   and {more} more"))
        hint = f"   {KEYS_HINT}"
        if lines[-1].cell_len + len(hint) > width:
            lines.append(Text(""))
        lines[-1].append(hint, style="dim")
        self.update(Text("\n").join(lines))

    def _alert(
        self, fresh: list[HeadsUp], messages: Mapping[str, ScheduledMessage], now: datetime
    ) -> None:
        if self._bell is not None:
            self._bell()
        if self._desktop is not None:
            for notice in fresh:
                self._desktop(self._line(notice, messages, now))
