"""What the status bar says, and what it keeps when the terminal is too narrow for all of it.

The bar is a row of parts. Each has a rank: 0 is never left out (the sync state and every rate
lock: a locked endpoint is always on the bar), higher ranks go first when room is short. Before
anything is left out, every part that has a shorter form takes it (least important first); the
result line (``» …``) is flexible: it takes whatever room is left, cut with ``…``. The per-endpoint
budgets live in the sync details view (``i``); the bar names a budget only when it runs low.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.cells import cell_len

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.base.textsafe import cut_cells, visible
from cliq_tui.core.format import countdown, plural
from cliq_tui.sync.cap import MESSAGE_CAP, cap_count
from cliq_tui.sync.types import Resolving, Role, SyncState, SyncStatus, Unreadable

SEPARATOR = " │ "
DETAILS = " (i)"  # "more in the sync details view"
# The result line keeps at least this many cells before a less important part is left out,
# and is itself left out only when fewer than RESULT_FLOOR cells are left for it.
RESULT_MIN = 24
RESULT_FLOOR = 12
# A budget is "low" (named on the bar) when at most this share of its minute is left.
LOW_BUDGET_SHARE = 0.25

# Several windows on one account: which one polls.
ROLE_WORDS = {
    Role.POLLING: "this window polls",
    Role.FOLLOWING: "follows another window",
    Role.ALONE: "polls alone (shared cache not writable)",
}
ROLE_SHORT = {Role.POLLING: "polls", Role.FOLLOWING: "follows", Role.ALONE: "polls alone"}


@dataclass(frozen=True)
class Part:
    """One part of the bar: its words, a shorter form, and how much it matters."""

    text: str
    rank: int = 0  # 0: never left out; a higher rank is left out first
    short: str | None = None
    style: str = ""
    flexible: bool = False  # takes the room that is left, cut with "…" (the result line)
    # A part that is never left out but can grow long (a sync error's words): when the parts
    # that are never left out do not fit together, it is cut to the room they leave it, pointing
    # to the details (i), and never below this form.
    tiny: str | None = None


def ago(seconds: float) -> str:
    """ "4 s ago", "3 min ago", "2 h ago"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def unreadable_text(unreadable: Unreadable) -> str:
    """ "2 messages unreadable (m7: text and 1 more)": how many, and the first one."""
    count = unreadable.count
    who = unreadable.first_id or "no id"
    more = f" and {count - 1} more" if count > 1 else ""
    noun = "message" if count == 1 else "messages"
    return f"{count} {noun} unreadable ({who}: {unreadable.first_field}{more})"


def resolving_text(resolving: Resolving) -> str:
    """ "12 of 40 chats checked"."""
    return f"{resolving.checked} of {resolving.total} chats checked"


def label(budget: BudgetStatus) -> str:
    """The endpoint's name in words ("list all")."""
    return budget.endpoint.spec.label or str(budget.endpoint)


def sync_text(state: SyncState, now: datetime, tz: tzinfo | None) -> str:
    """The freshness of the queue in words: "synced 4 s ago", "offline since 14:02", ..."""
    status = state.status
    if status is SyncStatus.SYNCED and state.last_synced is not None:
        return f"synced {ago((now - state.last_synced).total_seconds())}"
    if status is SyncStatus.PAUSED:
        if state.last_synced is not None:
            return f"paused (synced {ago((now - state.last_synced).total_seconds())})"
        return "paused"
    if status is SyncStatus.OFFLINE:
        since = state.offline_since.astimezone(tz).strftime("%H:%M") if state.offline_since else "?"
        return f"offline since {since}, retrying"
    if status is SyncStatus.LOCKED:
        if state.locked_until is not None:
            left = (state.locked_until - now).total_seconds()
            return f"locked: polling resumes in {countdown(left)}"
        return "locked"
    if status is SyncStatus.ERROR:
        return f"sync error: {visible(state.error or 'unknown')}"
    if status is SyncStatus.SYNCING:
        return "syncing…"
    return "starting…"


def sync_short(state: SyncState, full: str) -> str | None:
    """A shorter form of :func:`sync_text` for a narrow bar (None: it is short already)."""
    status = state.status
    if status is SyncStatus.PAUSED:
        return "paused"
    if status is SyncStatus.OFFLINE:
        return full.removesuffix(", retrying")
    if status is SyncStatus.LOCKED:
        # The lock part beside it names what is locked and for how long.
        return "locked"
    if status is SyncStatus.ERROR:
        return cut_cells(full, 40) + DETAILS if cell_len(full) > 40 else None
    return None


def sync_tiny(state: SyncState) -> str | None:
    """The last resort of a sync state that can grow long (None: it never does)."""
    return "sync error" + DETAILS if state.status is SyncStatus.ERROR else None


def active_locks(budgets: Iterable[BudgetStatus], now: datetime) -> list[BudgetStatus]:
    """The endpoints locked now."""
    return [b for b in budgets if b.locked_until is not None and b.locked_until > now]


def lock_left(budget: BudgetStatus, now: datetime) -> str:
    """How long the endpoint's lock has left ("9:41"; "" when not locked)."""
    if budget.locked_until is None or budget.locked_until <= now:
        return ""
    return countdown((budget.locked_until - now).total_seconds())


def is_low(budget: BudgetStatus) -> bool:
    """An endpoint in use with at most a quarter of its minute left (and not locked)."""
    return (
        budget.locked_until is None
        and budget.used > 0
        and budget.remaining <= budget.limit * LOW_BUDGET_SHARE
    )


def lock_part(locks: Sequence[BudgetStatus], now: datetime) -> Part | None:
    """Every locked endpoint with its countdown; short: the first and how many more."""
    if not locks:
        return None
    words = [f"{label(b)} {lock_left(b, now)}" for b in locks]
    text = "locked: " + ", ".join(words)
    short = f"locked: {words[0]} +{len(words) - 1} more (i)" if len(words) > 1 else None
    return Part(text, 0, short, style="bold")


def budget_text(budgets: Iterable[BudgetStatus], now: datetime) -> list[str]:
    """ "locked: edit 9:41" for each lock, "list all 3/20 left" for each low budget."""
    budgets = list(budgets)
    locked = [f"locked: {label(b)} {lock_left(b, now)}" for b in active_locks(budgets, now)]
    low = [f"{label(b)} {b.remaining}/{b.limit} left" for b in budgets if is_low(b)]
    return locked + low


def status_parts(
    state: SyncState,
    budgets: Iterable[BudgetStatus],
    now: datetime,
    tz: tzinfo | None = None,
    *,
    selected: int = 0,
    unmapped: int = 0,
    pending: int | None = None,
    result: str | None = None,
) -> list[Part]:
    """The bar's parts in the order shown: the sync state, the locks, the selection, the result
    line, unreadable items, low budgets, the cap, the role, chat resolution."""
    budgets = list(budgets)
    synced = sync_text(state, now, tz)
    parts = [Part(synced, 0, sync_short(state, synced), tiny=sync_tiny(state))]
    locks = lock_part(active_locks(budgets, now), now)
    if locks is not None:
        parts.append(locks)
    if selected:
        parts.append(Part(f"{selected} selected", 1))
    if result:
        parts.append(Part(f"» {visible(' '.join(result.split()))}", 2, style="bold", flexible=True))
    if state.unreadable is not None:
        count = state.unreadable.count
        words = f"⚠ {visible(unreadable_text(state.unreadable))}"
        parts.append(Part(words, 3, f"⚠ {count} unreadable (i)"))
    low = [f"{label(b)} {b.remaining}/{b.limit}" for b in budgets if is_low(b)]
    if low:
        more = f" +{len(low) - 1}" if len(low) > 1 else ""
        parts.append(Part(f"budget low: {', '.join(low)}", 4, f"budget low: {low[0]}{more}"))
    if pending is not None:  # the queue against Cliq's cap of 25 per user
        # At or near the cap it matters as much as an unreadable item: a create may be refused.
        rank = 3 if pending >= MESSAGE_CAP - 1 else 5
        parts.append(Part(cap_count(pending), rank, f"{pending}/{MESSAGE_CAP}"))
    if state.role is not None:  # several windows on one account: which one polls
        parts.append(Part(ROLE_WORDS[state.role], 6, ROLE_SHORT[state.role]))
    if unmapped:
        progress = state.resolving
        where = f": {resolving_text(progress)}" if progress else ""
        short = f"resolving {progress.checked}/{progress.total}" if progress else "resolving"
        words = f"resolving chats{where} ({plural(unmapped)} not yet mapped)"
        parts.append(Part(words, 7, short))
    return parts


def _width(words: dict[int, str], parts: Sequence[Part], flexible: int = RESULT_MIN) -> int:
    """Cells needed for ``words`` (a flexible part counted at most at ``flexible`` cells)."""
    cells = 0
    for index, text in words.items():
        size = cell_len(text)
        cells += min(size, flexible) if parts[index].flexible else size
    return cells + cell_len(SEPARATOR) * max(0, len(words) - 1)


_WHOLE = 1 << 30  # a flexible part counted at its full width


def _flexible_rank(parts: Sequence[Part]) -> int:
    return min((part.rank for part in parts if part.flexible), default=0)


def fit(parts: Sequence[Part], width: int | None) -> list[tuple[str, Part]]:
    """The parts the bar shows in ``width`` cells (None: all), each with the words it shows.

    First every part with a shorter form takes it, least important first, until the line fits
    (a part less important than the result line does so while the result line would be cut);
    then parts are left out, least important first, never one of rank 0. The flexible part
    takes the room that is left (cut with "…").
    """
    words = {index: part.text for index, part in enumerate(parts)}
    if width is not None:
        order = sorted(range(len(parts)), key=lambda i: -parts[i].rank)
        flexible_rank = _flexible_rank(parts)
        for index in order:
            # A part less important than the result line takes its short form while the
            # result line is cut at all; a more important one only to keep it RESULT_MIN.
            room = _WHOLE if parts[index].rank > flexible_rank else RESULT_MIN
            if _width(words, parts, room) <= width:
                break
            if parts[index].short is not None:
                words[index] = parts[index].short or ""
        for index in order:
            part = parts[index]
            # Down to the flexible part, it keeps RESULT_MIN cells; then it yields to RESULT_FLOOR.
            floor = RESULT_FLOOR if part.rank <= _flexible_rank(parts) else RESULT_MIN
            if _width(words, parts, floor) <= width:
                break
            if part.rank > 0:
                del words[index]
        _cut_to_fit(words, parts, width)
        fixed = sum(
            cell_len(text) + cell_len(SEPARATOR)
            for index, text in words.items()
            if not parts[index].flexible
        )
        for index in words:
            if parts[index].flexible:
                words[index] = cut_cells(words[index], max(width - fixed, 1))
    return [(words[index], parts[index]) for index in sorted(words)]


def _cut_to_fit(words: dict[int, str], parts: Sequence[Part], width: int) -> None:
    """When what is left still does not fit, a part with a tiny form is cut to the room the
    others leave it (the others are never left out: a lock's countdown must stay whole)."""
    for index, part in enumerate(parts):
        if part.tiny is None or index not in words or _width(words, parts, 0) <= width:
            continue
        room = width - (_width(words, parts, 0) - cell_len(words[index]))
        keep = room - cell_len(DETAILS)
        if keep > cell_len(part.tiny):
            words[index] = cut_cells(part.text, keep) + DETAILS
        else:
            words[index] = part.tiny
