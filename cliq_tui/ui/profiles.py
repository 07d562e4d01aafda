"""Which profiles the dashboard may switch to, and the switch the user asked for (no Textual:
the factory builds the choice for the app, and the CLI reads the switch back once it has exited)."""

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


@dataclass(frozen=True)
class ProfileSwitch:
    """The dashboard exited because the user asked, from the palette, for profile ``to``."""

    to: str
