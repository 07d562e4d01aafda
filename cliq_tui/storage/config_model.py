"""The settings model: what config.toml holds (profiles, ``[ui]``), and what the command line and
the ``CLIQ_*`` environment choose for one run. Both are pydantic-settings models; the sources that
fill them, in their order, are assembled by :func:`cliq_tui.storage.config.load_settings`.

A ``Settings`` made in code holds exactly what it is given (the environment is not read), so a
test or the demo gets the same settings on every machine.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Self

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from cliq_tui.api.errors import ConfigError
from cliq_tui.core.leadtime import parse_lead
from cliq_tui.storage.config_errors import Loc
from cliq_tui.storage.config_profile import Profile, Section, with_stored_credentials
from cliq_tui.storage.credentials import PROFILE_NAME_RULE, credentials_dir, is_profile_name

__all__ = ["ENV_PREFIX", "THEMES", "UI_VARIABLES", "Overrides", "Settings", "UiSettings"]

ENV_PREFIX = "CLIQ_"

# The variables that set a ``[ui]`` setting: name without the prefix -> the setting.
UI_VARIABLES: dict[str, Loc] = {
    "THEME": ("ui", "theme"),
    "POLL_INTERVAL": ("ui", "poll_interval"),
    "READ_ONLY": ("ui", "read_only"),
    "HEADS_UP": ("ui", "heads_up"),
}


# Textual's built-in themes (textual.theme.BUILTIN_THEMES), written out so that reading the
# settings never loads Textual (storage is below the UI; the CLI starts faster without it). A test
# compares them with the installed Textual's.
THEMES = frozenset(
    {
        "ansi-dark",
        "ansi-light",
        "atom-one-dark",
        "atom-one-light",
        "catppuccin-frappe",
        "catppuccin-latte",
        "catppuccin-macchiato",
        "catppuccin-mocha",
        "dracula",
        "flexoki",
        "gruvbox",
        "monokai",
        "nord",
        "rose-pine",
        "rose-pine-dawn",
        "rose-pine-moon",
        "solarized-dark",
        "solarized-light",
        "textual-dark",
        "textual-light",
        "tokyo-night",
    }
)


class _Layered(BaseSettings):
    """A pydantic-settings model whose sources :func:`load_settings` assembles. Made in code, it
    holds what it is given: no environment, no file."""

    model_config = SettingsConfigDict(
        extra="forbid",
        case_sensitive=True,  # a key is spelled as documented: ``UI`` is not ``ui``
        env_prefix=ENV_PREFIX,
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)

    @classmethod
    def from_sources(cls, *sources: PydanticBaseSettingsSource) -> Self:
        """The model filled by ``sources``, the first winning (pydantic-settings merges them,
        table by table, then validates the result)."""
        # A keyword of BaseSettings.__init__ that mypy sees only with pydantic's plugin.
        return cls(_build_sources=(sources, {}))  # type: ignore[call-arg]


class UiSettings(Section):
    """The ``[ui]`` table."""

    theme: str = "textual-dark"
    """A Textual theme name (textual-dark, nord, gruvbox, dracula, tokyo-night, ...)."""

    poll_interval: float | None = Field(default=None, ge=1.0, le=3600.0, allow_inf_nan=False)
    """Seconds between live refreshes; default: derived from the list budget."""

    keymap: dict[str, str] = Field(default_factory=dict)
    """Key overrides: binding id -> comma-separated keys, e.g. ``edit = "e,f2"``."""

    read_only: bool = False
    """Disable every action that changes messages."""

    heads_up: list[str] = Field(default_factory=lambda: ["5m"])
    """Lead times at which the dashboard announces a message about to go out, e.g.
    ``["5m", "1m"]``; ``[]`` turns the heads-up off."""

    heads_up_bell: bool = False
    """Ring the terminal bell with each heads-up."""

    heads_up_desktop: bool = False
    """Send each heads-up as a desktop notification too (OSC 9 / OSC 777 escape sequences,
    shown by terminals that support them)."""

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        if value not in THEMES:
            raise ValueError(f"expected one of {', '.join(sorted(THEMES))}")
        return value

    @field_validator("heads_up", mode="before")
    @classmethod
    def _lead_times(cls, value: object) -> object:
        if isinstance(value, str):  # CLIQ_HEADS_UP="5m,1m" (empty: off)
            value = [part for part in value.split(",") if part.strip()]
        if not isinstance(value, list):
            raise ValueError('expected a list of lead times, e.g. ["5m", "1m"]')
        for item in value:
            if not isinstance(item, str):
                raise ValueError(f'expected lead times in quotes, e.g. ["5m", "1m"], not {item!r}')
            parse_lead(item)
        return [item.strip() for item in value]

    @property
    def heads_up_leads(self) -> tuple[timedelta, ...]:
        """The heads-up lead times."""
        return tuple(parse_lead(item) for item in self.heads_up)

    @field_validator("keymap")
    @classmethod
    def _keys_present(cls, value: dict[str, str]) -> dict[str, str]:
        for binding, keys in value.items():
            if not [k for k in keys.split(",") if k.strip()]:
                raise ValueError(f'{binding!r} needs at least one key, e.g. "e,f2"')
        return value


class Settings(_Layered):
    """Everything in config.toml, plus the overrides from the environment and the command line."""

    model_config = SettingsConfigDict(
        use_attribute_docstrings=True,
        validate_default=False,  # as a plain pydantic model: defaults are right as written
        env_ignore_empty=False,  # CLIQ_THEME= is a wrong theme, not an unset one
    )

    default_profile: str | None = None
    """The profile used when none is named with --profile or CLIQ_PROFILE."""

    profiles: dict[str, Profile] = Field(default_factory=dict)
    """Accounts by name: ``[profiles.work]``, ``[profiles.eu]``, ..."""

    ui: UiSettings = Field(default_factory=UiSettings)
    """The ``[ui]`` table."""

    @field_validator("profiles")
    @classmethod
    def _safe_names(cls, value: dict[str, Profile]) -> dict[str, Profile]:
        bad = [name for name in value if not is_profile_name(name)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a profile name: use {PROFILE_NAME_RULE}")
        return value

    @field_validator("default_profile")
    @classmethod
    def _safe_default(cls, value: str | None) -> str | None:
        if value is not None and not is_profile_name(value):
            raise ValueError(f"{value!r} is not a profile name: use {PROFILE_NAME_RULE}")
        return value

    _path: Path | None = PrivateAttr(default=None)
    _selected: str | None = PrivateAttr(default=None)
    _overrides: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def path(self) -> Path | None:
        """The config file these settings were read from (it may not exist)."""
        return self._path

    @property
    def selected_profile(self) -> str | None:
        """The profile named on the command line or in CLIQ_PROFILE, if any."""
        return self._selected

    def profile_names(self) -> list[str]:
        """Configured profiles plus those found as credential files from ``auth login``."""
        names = dict.fromkeys(self.profiles)
        folder = credentials_dir(self._path)
        if folder.is_dir():
            for file in sorted(folder.glob("*.json")):
                if is_profile_name(file.stem):
                    names.setdefault(file.stem, None)
        return list(names)

    def profile(self, name: str | None = None) -> Profile | None:
        """The account to use, overrides applied; None when none is configured (the demo)."""
        where = str(self._path) if self._path else "the configuration"
        wanted = name or self._selected or self.default_profile
        names = self.profile_names()
        base: Profile | None
        if wanted:
            if wanted in self.profiles:
                base = self.profiles[wanted]
            elif wanted in names:
                base = Profile(name=wanted)
            else:
                known = ", ".join(names) or "none"
                if wanted == self.default_profile and not (name or self._selected):
                    key, source = "default_profile", f"{where}: default_profile"
                else:
                    key, source = "profile", f"{where}: profile (from --profile or CLIQ_PROFILE)"
                raise ConfigError(
                    f"{source}: no profile named {wanted!r} (known profiles: {known}).",
                    path=str(self._path) if self._path else None,
                    key=key,
                )
        elif len(names) == 1:
            base = self.profiles.get(names[0]) or Profile(name=names[0])
        elif names and not self._overrides:
            raise ConfigError(
                f"{where}: several profiles ({', '.join(names)}) and no default_profile; "
                "name one with --profile or set default_profile.",
                path=str(self._path) if self._path else None,
                key="default_profile",
            )
        else:
            base = None
        if self._overrides:
            base = (base or Profile(name="command line")).model_copy(update=self._overrides)
        if base is None:
            return None
        return with_stored_credentials(base, self._path)

    def remember(self, path: Path, selected: str | None, overrides: dict[str, Any]) -> None:
        """Record where these settings were read and what the run chose (load_settings)."""
        self._path = path
        self._selected = selected
        self._overrides = overrides


class Overrides(_Layered):
    """What one run chooses on the command line or in ``CLIQ_*`` variables (options win): the
    profile, and values that fill in (or replace) that profile's. An empty variable is unset."""

    model_config = SettingsConfigDict(env_ignore_empty=True)

    profile: str | None = None
    base_url: str | None = None
    access_token: str | None = None
    data_centre: str | None = None
    accounts_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    refresh_token: str | None = None
    credentials_file: str | None = None

    def for_profile(self) -> dict[str, Any]:
        """The values that replace the selected profile's, unchecked."""
        return self.model_dump(exclude={"profile"}, exclude_none=True)
