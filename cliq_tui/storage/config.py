"""Settings: a TOML file in the user's config dir, overridden by ``CLIQ_*`` variables and options.

A wrong setting raises :class:`ConfigError` naming the file, the key and what is expected, one
line per problem. ``Settings.profile()`` is None when no account is configured: the app then runs
the demo on the fake server.

The layers are pydantic-settings sources, highest first: the command line, the environment, the
file, the defaults. The model is in ``config_model`` (one account in ``config_profile``), the
sources in ``config_sources``, the wording of errors in ``config_errors``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_config_dir
from pydantic import ValidationError
from pydantic_settings import InitSettingsSource

from cliq_tui.api.errors import ConfigError
from cliq_tui.storage.config_checks import check_base_url, check_token
from cliq_tui.storage.config_errors import refuse, validated
from cliq_tui.storage.config_model import ENV_PREFIX, UI_VARIABLES, Overrides, Settings, UiSettings
from cliq_tui.storage.config_profile import Profile
from cliq_tui.storage.config_sources import MAX_CONFIG_BYTES, EnvSource, TomlFileSource
from cliq_tui.storage.credentials import check_profile_name

__all__ = [
    "ENV_PREFIX",
    "ENV_VARIABLES",
    "MAX_CONFIG_BYTES",
    "ConfigError",
    "Profile",
    "Settings",
    "UiSettings",
    "check_base_url",
    "check_token",
    "default_config_path",
    "load_settings",
]

# The variables of the profile (and its choice): CLIQ_PROFILE, CLIQ_BASE_URL, ...
_OVERRIDE_VARIABLES = {name.upper(): (name,) for name in Overrides.model_fields}
# Every variable a run reads besides CLIQ_TUI_CONFIG, as config.example.toml lists them.
ENV_VARIABLES = tuple(f"{ENV_PREFIX}{name}" for name in (*_OVERRIDE_VARIABLES, *UI_VARIABLES))


def default_config_path() -> Path:
    """``$CLIQ_TUI_CONFIG``, else ``config.toml`` in the platform's user config dir."""
    env = os.environ.get("CLIQ_TUI_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(user_config_dir("cliq-tui")) / "config.toml"


def load_settings(
    config_path: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    profile: str | None = None,
    base_url: str | None = None,
    access_token: str | None = None,
) -> Settings:
    """Read config.toml (missing is fine unless named explicitly), then apply overrides.

    Precedence: command-line arguments > ``CLIQ_*`` environment variables > the file.
    """
    environ = os.environ if env is None else env
    explicit = config_path is not None
    if config_path is None and environ.get("CLIQ_TUI_CONFIG"):
        config_path = environ["CLIQ_TUI_CONFIG"]
    path = Path(config_path).expanduser() if config_path is not None else default_config_path()
    # Read first: a missing, unreadable or non-TOML file is the first thing to fix.
    file = TomlFileSource(Settings, path, must_exist=explicit)
    variables = EnvSource(Settings, environ, UI_VARIABLES)
    try:
        settings = Settings.from_sources(variables, file)
    except ValidationError as exc:  # each source checked its own values: only a mix is left
        refuse(exc, f"{path} with the environment")
    options = {"profile": profile or None, "base_url": base_url or None}
    options["access_token"] = access_token  # an empty --token is refused below, not ignored
    chosen = Overrides.from_sources(
        InitSettingsSource(Overrides, {k: v for k, v in options.items() if v is not None}),
        EnvSource(Overrides, environ, _OVERRIDE_VARIABLES),
    )
    if chosen.profile is not None:
        check_profile_name(chosen.profile, where="--profile" if profile else f"{ENV_PREFIX}PROFILE")
    if access_token is not None:
        try:
            check_token(access_token)
        except ValueError as exc:
            raise ConfigError(f"--token: the access token {exc}.", key="--token") from None
    overrides = chosen.for_profile()
    if overrides:
        checked = validated(Profile, overrides, "the environment / command line")
        overrides = {k: getattr(checked, k) for k in overrides}
    settings.remember(path, chosen.profile, overrides)
    return settings
