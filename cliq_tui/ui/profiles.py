"""Which profiles the dashboard may switch to (no Textual: the CLI fills it in before the app
runs, and reads back which profile the user asked for once the app has exited)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ProfileChoice:
    """The configured profiles, the one in use (None: the demo), and the one asked for."""

    names: list[str] = field(default_factory=list)
    current: str | None = None
    requested: str | None = None
    # The profile left by a switch from the palette (the dashboard says where it is now).
    switched_from: str | None = None

    def others(self) -> list[str]:
        """The profiles one can switch to."""
        return [name for name in self.names if name != self.current]


_offered = ProfileChoice()


def offer(choice: ProfileChoice) -> ProfileChoice:
    """Make ``choice`` the one the next dashboard offers; returns it."""
    global _offered
    _offered = choice
    return choice


def offered() -> ProfileChoice:
    """The profiles the CLI offered (none when the app was built some other way)."""
    return _offered
