"""The command palette (ctrl+p): every dashboard action, with its keys and whether it can run,
and one "Switch profile: NAME" command per other configured profile."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cliq_tui.ui.keymap import SCREEN_BINDINGS, describe

# Palette actions that restart the dashboard on another profile: PROFILE_ACTION + name.
PROFILE_ACTION = "profile:"


class DashboardCommands(Provider):
    """Offers each action of the dashboard screen; a blocked one explains itself when run."""

    def _commands(self) -> list[tuple[str, str, str]]:
        from cliq_tui.ui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        keymap = getattr(self.app, "keymap", {})
        commands = []
        for info in describe(SCREEN_BINDINGS, keymap):
            if info.action == "leave_filter":
                continue
            reason = screen.blocked_reason(info.action)
            help_text = f"keys: {info.keys}" + (f" — unavailable: {reason}" if reason else "")
            commands.append((info.description, help_text, info.action))
        commands.append(("Help: list every key", "keys: ?", "app.help"))
        profiles = getattr(self.app, "profiles", None)
        if profiles is not None:
            current = profiles.current or "the demo"
            for name in profiles.others():
                help_text = f"restarts the dashboard on profile {name} (now: {current})"
                commands.append((f"Switch profile: {name}", help_text, PROFILE_ACTION + name))
        return commands

    def _run(self, action: str) -> None:
        from cliq_tui.ui.screens.main import MainScreen

        screen = self.screen
        if action.startswith(PROFILE_ACTION):
            switch = getattr(self.app, "switch_profile", None)
            if switch is not None:
                self.app.call_later(switch, action.removeprefix(PROFILE_ACTION))
            return
        if action.startswith("app."):
            self.app.call_later(self.app.run_action, action)
            return
        if isinstance(screen, MainScreen):
            reason = screen.blocked_reason(action)
            if reason:
                screen.notify(reason, title="Not available", severity="warning")
                return
            self.app.call_later(screen.run_action, action)

    async def discover(self) -> Hits:
        """Every action, shown when the palette opens."""
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Actions whose name matches what was typed."""
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )
