"""Which of the dashboard's keys may act now, and why not: the footer, the palette and the keys
of the main screen ask this one place."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.dashboard.availability import (
    CONNECTING_REASON,
    MUTATING_ACTIONS,
    READ_ONLY_REASON,
    ActionRules,
)
from cliq_tui.dashboard.heads_up import NO_ANNOUNCEMENT
from cliq_tui.ui.keymap import SCREEN_BINDINGS

# Hidden from the footer and the palette in read-only mode: they change data on the server.
READ_ONLY_HIDDEN = MUTATING_ACTIONS | {"heads_up_edit"}


class BlockedKey(NamedTuple):
    """A key pressed for an action that cannot run: the action's description and why."""

    description: str
    reason: str


class ActionGuard:
    """Answers for the main screen: may ``action`` run, should the footer show it, and what
    to say when its key is pressed anyway."""

    def __init__(
        self,
        rules: ActionRules,
        *,
        connected: Callable[[], bool],
        announced: Callable[[], ScheduledMessage | None],
        keymap: Mapping[str, str],
    ) -> None:
        self._rules = rules
        self._connected = connected
        self._announced = announced
        self._keymap = keymap

    def blocked_reason(self, action: str) -> str | None:
        """Why ``action`` cannot run now, or None when it can."""
        if action == "heads_up_edit":
            return self._heads_up_blocked()
        return self._rules.blocked_reason(action)

    def _heads_up_blocked(self) -> str | None:
        if self._rules.read_only:
            return READ_ONLY_REASON
        if not self._connected():
            return CONNECTING_REASON
        announced = self._announced()
        if announced is None:
            return NO_ANNOUNCEMENT
        return self._rules.unresolved_reason(announced)

    def check(self, action: str) -> bool | None:
        """Textual's ``check_action`` answer: hidden (False) for a changing action in read-only
        mode, disabled (None) while blocked, shown (True) otherwise."""
        if self._rules.read_only and action in READ_ONLY_HIDDEN:
            return False
        return None if self.blocked_reason(action) else True

    def blocked_key(self, bound: tuple[str, str] | None, key: str) -> BlockedKey | None:
        """What to say for a press of ``key``: ``bound`` is the (action, description) of the
        disabled binding the screen found for it, or None when the footer has none (then a
        read-only-hidden binding of the key is looked up). None when the key may act."""
        action_description = bound or self._hidden_binding(key)
        if action_description is None:
            return None
        action, description = action_description
        reason = self.blocked_reason(action)
        return BlockedKey(description, reason) if reason else None

    def _hidden_binding(self, key: str) -> tuple[str, str] | None:
        """The action and description of a read-only-hidden binding of ``key`` (after the
        config's keymap), or None."""
        if not self._rules.read_only:
            return None
        for binding in SCREEN_BINDINGS:
            if binding.action not in READ_ONLY_HIDDEN or not binding.id:
                continue
            keys = self._keymap.get(binding.id, binding.key)
            if key in (k.strip() for k in keys.split(",")):
                return binding.action, binding.description
        return None
