"""Every key binding of the dashboard, each with an id the config's keymap can remap."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding

APP_BINDINGS: list[Binding] = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("ctrl+l", "redraw", "Redraw the screen", id="redraw", show=False),
    Binding(
        "ctrl+p", "command_palette", "Commands", id="command_palette", priority=True, show=False
    ),
]

SCREEN_BINDINGS: list[Binding] = [
    Binding("e", "edit", "Edit", id="edit"),
    Binding("R", "reschedule", "Reschedule", id="reschedule"),
    Binding("s", "send_now", "Send now", id="send_now"),
    Binding("S", "send_all", "Send all in chat", id="send_all", show=False),
    Binding("d", "delete", "Delete", id="delete"),
    Binding("D", "delete_all", "Delete all in chat", id="delete_all", show=False),
    Binding("n", "create", "New", id="create"),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("c", "copy_text", "Copy text", id="copy_text", show=False),
    Binding("C,y", "copy_id", "Copy id", id="copy_id", show=False),
    Binding("x", "export", "Export shown", id="export", show=False),
    Binding("L", "activity", "Activity log", id="activity", show=False),
    Binding("space", "toggle_select", "Select", id="select", show=False),
    Binding("ctrl+a", "select_all", "Select all visible", id="select_all", show=False),
    Binding("o", "sort", "Sort by the next column", id="sort", show=False),
    Binding("O", "sort_reverse", "Reverse the sort", id="sort_reverse", show=False),
    Binding("slash", "filter", "Filter", id="filter", priority=True),
    Binding("colon", "jump_chat", "Jump to chat", id="jump_chat", show=False),
    Binding("r", "refresh", "Refresh", id="refresh"),
    Binding("p", "toggle_pause", "Pause", id="pause"),
    Binding("tab", "next_pane", "Next pane", id="next_pane", show=False),
    Binding("shift+tab", "previous_pane", "Previous pane", id="previous_pane", show=False),
    Binding("escape", "leave_filter", "Back to queue", id="leave_filter", show=False),
    Binding("b", "toggle_chats", "Show / hide the chat pane", id="toggle_chats", show=False),
    Binding("ctrl+w", "toggle_width", "Wide / narrow layout", id="toggle_width", show=False),
    Binding("plus", "zoom", "Zoom the focused pane", id="zoom", show=False),
    Binding("a", "agenda", "Agenda", id="agenda", show=False),
    Binding("i", "sync_details", "Sync details", id="sync_details", show=False),
    Binding("h", "heads_up_edit", "Hold / edit heads-up", id="heads_up_edit", show=False),
    Binding("H", "heads_up_dismiss", "Dismiss heads-up", id="heads_up_dismiss", show=False),
]

# The agenda screen's keys (its list takes enter; the screen the rest).
AGENDA_JUMP = Binding("enter", "select", "Jump to message", id="agenda.jump")
AGENDA_BINDINGS: list[Binding] = [
    Binding("escape,q", "close", "Back to queue", id="agenda.close"),
    AGENDA_JUMP,
]

# The sync details view's keys.
SYNC_DETAILS_BINDINGS: list[Binding] = [
    Binding("escape,q", "close", "Back to queue", id="details.close"),
]


@dataclass(frozen=True)
class BindingInfo:
    """One binding as the help screen and the command palette show it."""

    id: str
    action: str
    description: str
    keys: str


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """Every remappable binding, grouped by where it works."""
    from cliq_tui.ui.dialogs.confirm import ConfirmDialog
    from cliq_tui.ui.dialogs.create import CreateDialog
    from cliq_tui.ui.dialogs.message_form import MessageFormDialog
    from cliq_tui.ui.widgets.chat_list import ChatList
    from cliq_tui.ui.widgets.queue_table import QueueTable

    def own(bindings: Iterable[object]) -> list[Binding]:
        return [b for b in bindings if isinstance(b, Binding)]

    return [
        ("everywhere", APP_BINDINGS),
        ("dashboard", SCREEN_BINDINGS),
        ("queue", own(QueueTable.BINDINGS)),
        ("chat list", own(ChatList.BINDINGS)),
        ("agenda", AGENDA_BINDINGS),
        ("sync details", SYNC_DETAILS_BINDINGS),
        ("edit / new", own([*MessageFormDialog.BINDINGS, *CreateDialog.BINDINGS])),
        ("confirm", own(ConfirmDialog.BINDINGS)),
    ]


def all_bindings() -> list[Binding]:
    """Every remappable binding of the app, its screens and its panes."""
    return [binding for _, bindings in binding_groups() for binding in bindings]


def known_ids() -> set[str]:
    """Binding ids a keymap may name."""
    return {b.id for b in all_bindings() if b.id}


def check_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a config keymap, and one warning per entry that was dropped."""
    known = known_ids()
    usable: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, keys in keymap.items():
        cleaned = ",".join(k.strip() for k in str(keys).split(",") if k.strip())
        if binding_id not in known:
            warnings.append(
                f"keymap: unknown binding id {binding_id!r} (known: {', '.join(sorted(known))})"
            )
        elif not cleaned:
            warnings.append(f"keymap: no keys given for {binding_id!r}")
        else:
            usable[binding_id] = cleaned
    return usable, warnings


# Groups whose bindings are active at the same time (a modal dialog's keys are alone); a group
# not named here is active only with itself.
ACTIVE_TOGETHER: list[tuple[str, ...]] = [
    ("everywhere", "dashboard", "queue"),
    ("everywhere", "dashboard", "chat list"),
    ("everywhere", "agenda"),
]


def keymap_conflicts(keymap: Mapping[str, str]) -> list[str]:
    """One line per key that two bindings active on the same screen would share after
    ``keymap``, naming the key and both actions (the same key on two screens is fine, and so
    are the defaults' own overlaps)."""
    groups = dict(binding_groups())
    together = [*ACTIVE_TOGETHER]
    named = {name for names in together for name in names}
    together += [(name,) for name in groups if name not in named]
    conflicts: list[str] = []
    seen: set[tuple[str, str, str]] = set()

    def remapped(binding: Binding) -> bool:
        return bool(binding.id) and binding.id in keymap

    for names in together:
        owner: dict[str, Binding] = {}
        for binding in (b for name in names for b in groups.get(name, [])):
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            for key in sorted({k.strip() for k in keys.split(",") if k.strip()}):
                first = owner.setdefault(key, binding)
                if first is binding or first.action == binding.action:
                    continue
                # The defaults' own overlaps are deliberate (a screen's "q" closes it).
                if not (remapped(first) or remapped(binding)):
                    continue
                one, other = sorted((first.id or first.action, binding.id or binding.action))
                pair = (key, one, other)
                if pair not in seen:
                    seen.add(pair)
                    conflicts.append(
                        f"ui.keymap: key {key_display(key)!r} is bound to both "
                        f"{first.id or first.action!r} ({first.description}) and "
                        f"{binding.id or binding.action!r} ({binding.description})"
                    )
    return conflicts


def key_display(keys: str) -> str:
    """Keys as a user reads them: "question_mark" -> "?", "slash" -> "/"."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "space": "space",
        "escape": "esc",
        "plus": "+",
        "colon": ":",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def describe(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> list[BindingInfo]:
    """Each binding with the keys it has now (the keymap wins over the defaults)."""
    infos = []
    for binding in bindings:
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        infos.append(
            BindingInfo(
                binding.id or binding.action, binding.action, binding.description, key_display(keys)
            )
        )
    return infos
