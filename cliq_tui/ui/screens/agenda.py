"""The agenda screen: timelines of the next 24 hours and 7 days, clusters, and every pending
message by day and by trigger. Built from the queue model (:mod:`cliq_tui.dashboard.agenda`),
built again when the queue changes while it is open; Enter jumps to a message in the queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cliq_tui.base.textsafe import cut_cells, pad_cells
from cliq_tui.core import format as fmt
from cliq_tui.core.timeparse import format_in_zone, format_relative
from cliq_tui.dashboard.agenda import Agenda, AgendaEntry, Timeline, build_agenda, chat_slot
from cliq_tui.dashboard.queue_model import QueueModel
from cliq_tui.ui.keymap import AGENDA_BINDINGS, AGENDA_JUMP

# One colour per chat slot (dashboard.agenda.CHAT_SLOTS); the chat's name is always written too.
SLOT_COLOURS = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "bright_blue",
    "red",
    "bright_cyan",
    "bright_magenta",
)
LABEL = 9  # "next 24h " before each timeline
CLUSTERS_SHOWN = 2
# The cell counts a timeline may take, finest first (each divides a day, or a week by 7).
HOUR_CELLS = (144, 120, 96, 72, 48, 24)
WEEK_CELLS = (168, 112, 84, 56, 28)
# Rebuild at most this often while deltas arrive (seconds).
REBUILD_DELAY = 0.3


def fit(choices: tuple[int, ...], width: int) -> int:
    """The finest cell count that fits ``width`` columns (the coarsest when none does)."""
    return next((cells for cells in choices if cells <= width), choices[-1])


def timeline_lines(line: Timeline, label: str) -> list[Text]:
    """The density row (coloured by each cell's busiest chat), the cluster markers, the axis."""
    bar = Text(pad_cells(label, LABEL), style="bold")
    for cell, block in zip(line.cells, line.bar(), strict=True):
        colour = SLOT_COLOURS[chat_slot(cell.top_chat)] if cell.count else "grey37"
        bar.append(block, style=colour)
    bar.append(f" {line.total}", style="dim")
    markers = Text(" " * LABEL)
    markers.append(line.markers(), style="bold yellow")
    axis = Text(" " * LABEL + line.axis(), style="dim")
    return [bar, markers, axis]


class AgendaList(OptionList):
    """The agenda's messages; Enter jumps to the highlighted one in the queue."""

    BINDINGS: ClassVar[list[BindingType]] = [AGENDA_JUMP]


class AgendaScreen(Screen[str | None]):
    """Upcoming deliveries at a glance; esc goes back, Enter jumps to the message in the queue."""

    DEFAULT_CSS = """
    AgendaScreen #agenda-timelines {
        height: auto;
        border: round $accent;
        padding: 0 1;
    }
    AgendaScreen #agenda-list {
        height: 1fr;
        border: round $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [b for b in AGENDA_BINDINGS if b is not AGENDA_JUMP]

    def __init__(
        self, model: QueueModel, *, now: Callable[[], datetime], tz: tzinfo | None
    ) -> None:
        super().__init__()
        self.model = model
        self._now = now
        self._tz = tz
        self.agenda: Agenda | None = None
        self._pending = False

    def compose(self) -> ComposeResult:
        """The timelines and clusters on top, the list of messages below, the keys."""
        yield Static(id="agenda-timelines")
        yield AgendaList(id="agenda-list")
        yield Footer()

    def on_mount(self) -> None:
        """Draw, focus the list, and redraw every 30 s (the timelines start at this hour)."""
        self.query_one("#agenda-timelines").border_title = "Agenda"
        self.query_one("#agenda-list").border_title = "Upcoming"
        self.rebuild()
        self.query_one(OptionList).focus()
        self.set_interval(30.0, self.rebuild)

    def on_resize(self) -> None:
        """Timelines take as many cells as the width allows."""
        self.rebuild()

    def queue_changed(self) -> None:
        """The queue changed: rebuild soon (a burst of deltas costs one rebuild)."""
        if not self._pending:
            self._pending = True
            self.set_timer(REBUILD_DELAY, self._rebuild_pending)

    def _rebuild_pending(self) -> None:
        self._pending = False
        self.rebuild()

    def rebuild(self) -> None:
        """Build the agenda from the queue model now and draw it."""
        now = self._now()
        agenda = build_agenda(
            self.model.message_map().values(),
            now=now,
            tz=self._tz,
            chat_label=self.model.chat_label,
            previous=self.agenda,
        )
        self.agenda = agenda
        self._draw_timelines(agenda)
        self._draw_list(agenda, now)

    # --- drawing ---------------------------------------------------------------------------

    def _draw_timelines(self, agenda: Agenda) -> None:
        panel = self.query_one("#agenda-timelines", Static)
        # The panel's inside, less the label before and the count after each timeline.
        width = self.size.width - 4 - LABEL - 5
        day = agenda.next_hours(fit(HOUR_CELLS, width))
        week = agenda.next_days(fit(WEEK_CELLS, width))
        lines = [*timeline_lines(day, "next 24h"), *timeline_lines(week, "next 7d")]
        clusters = agenda.clusters
        if clusters:
            for cluster in clusters[:CLUSTERS_SHOWN]:
                words = cluster.describe(self._tz, agenda.chat_name)
                lines.append(Text("▲ ", style="bold yellow") + Text(cut_cells(words, width + 4)))
            if len(clusters) > CLUSTERS_SHOWN:
                lines[-1].append(f"  (+{len(clusters) - CLUSTERS_SHOWN} more)", style="dim")
        else:
            lines.append(Text("No clusters: no two in one minute, no 3 to one chat in an hour."))
        panel.update(Text("\n").join(lines))
        timed, triggered = len(agenda.timed), sum(len(g.entries) for g in agenda.triggers)
        panel.border_subtitle = f"{timed} timed · {triggered} on a trigger"

    def _draw_list(self, agenda: Agenda, now: datetime) -> None:
        options = self.query_one(OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        width = self.size.width - 7  # borders, scrollbar, padding
        rows: list[Option] = []
        for group in agenda.days():
            rows.append(self._heading(group.title, group.key))
            rows += [self._entry(e, now, width) for e in group.entries]
        for group in agenda.triggers:
            rows.append(
                self._heading(f"{group.title} · {fmt.plural(len(group.entries))}", group.key)
            )
            rows += [self._entry(e, now, width) for e in group.entries]
        if not rows:
            rows.append(Option(Text("Nothing pending.", style="dim"), disabled=True))
        options.clear_options()
        options.add_options(rows)
        ids = [o.id for o in rows]
        if keep in ids:
            options.highlighted = ids.index(keep)
        else:
            options.highlighted = next((i for i, o in enumerate(rows) if not o.disabled), None)

    def _heading(self, title: str, key: str) -> Option:
        return Option(Text(f"── {title} ", style="bold"), id=f"\0{key}", disabled=True)

    def _entry(self, entry: AgendaEntry, now: datetime, width: int) -> Option:
        colour = SLOT_COLOURS[chat_slot(entry.chat_id)]
        text = Text("  ")
        if entry.due is not None:
            text.append(format_in_zone(entry.due, self._tz, "%H:%M"))
            text.append(f"  {pad_cells(format_relative(entry.due, now), 10)} ", style="dim")
        chat_width = 18 if width >= 70 else 12
        text.append(pad_cells(cut_cells(entry.chat, chat_width), chat_width), style=colour)
        room = max(width - text.cell_len - 1, 8)
        text.append(" " + cut_cells(entry.preview, room))
        return Option(text, id=entry.message_id)

    # --- keys ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#agenda-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.id.startswith("\0"):
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Back to the queue."""
        self.dismiss(None)
