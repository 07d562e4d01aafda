"""Settings: a TOML file in the user's config dir, overridden by ``CLIQ_*`` variables and options.

A wrong setting raises :class:`ConfigError` naming the file, the key and what is expected, one
line per problem. ``Settings.profile()`` is None when no account is configured: the app then runs
the demo on the fake server.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_cache_dir, user_config_dir
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
)

from cliq_tui.api.auth import DATA_CENTRES, Auth, OAuthRefresh, StaticToken
from cliq_tui.api.errors import ConfigError
from cliq_tui.api.token_cache import default_token_dir
from cliq_tui.base.files import NotARegularFile, read_regular
from cliq_tui.storage.config_checks import check_base_url, check_token
from cliq_tui.storage.credentials import (
    PROFILE_NAME_RULE,
    check_profile_name,
    credentials_dir,
    default_credentials_path,
    is_profile_name,
    read_credentials,
)

__all__ = [
    "ENV_PREFIX",
    "ConfigError",
    "Profile",
    "Settings",
    "UiSettings",
    "check_base_url",
    "check_token",
    "default_config_path",
    "load_settings",
]

ENV_PREFIX = "CLIQ_"
DEFAULT_DATA_CENTRE = "com"
# No config file is larger: anything bigger is not one (and is not read into memory).
MAX_CONFIG_BYTES = 1024 * 1024

# Environment variables that fill in (or replace) fields of the selected profile.
_PROFILE_ENV = {
    "BASE_URL": "base_url",
    "ACCESS_TOKEN": "access_token",
    "DATA_CENTRE": "data_centre",
    "ACCOUNTS_URL": "accounts_url",
    "CLIENT_ID": "client_id",
    "CLIENT_SECRET": "client_secret",
    "REFRESH_TOKEN": "refresh_token",
    "CREDENTIALS_FILE": "credentials_file",
}
_UI_ENV = {"THEME": "theme", "POLL_INTERVAL": "poll_interval", "READ_ONLY": "read_only"}


def default_config_path() -> Path:
    """``$CLIQ_TUI_CONFIG``, else ``config.toml`` in the platform's user config dir."""
    env = os.environ.get("CLIQ_TUI_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(user_config_dir("cliq-tui")) / "config.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class UiSettings(_Section):
    """The ``[ui]`` table."""

    theme: str = "textual-dark"
    """A Textual theme name (textual-dark, nord, gruvbox, dracula, tokyo-night, ...)."""

    poll_interval: float | None = Field(default=None, ge=1.0, le=3600.0, allow_inf_nan=False)
    """Seconds between live refreshes; default: derived from the list budget."""

    keymap: dict[str, str] = Field(default_factory=dict)
    """Key overrides: binding id -> comma-separated keys, e.g. ``edit = "e,f2"``."""

    read_only: bool = False
    """Disable every action that changes messages."""

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        try:
            from textual.theme import BUILTIN_THEMES  # lazily: the CLI need not load Textual
        except ImportError:  # pragma: no cover - Textual is a dependency
            return value
        if value not in BUILTIN_THEMES:
            raise ValueError(f"expected one of {', '.join(sorted(BUILTIN_THEMES))}")
        return value

    @field_validator("keymap")
    @classmethod
    def _keys_present(cls, value: dict[str, str]) -> dict[str, str]:
        for binding, keys in value.items():
            if not [k for k in keys.split(",") if k.strip()]:
                raise ValueError(f'{binding!r} needs at least one key, e.g. "e,f2"')
        return value


class Profile(_Section):
    """One account: ``[profiles.NAME]``. Where it lives, and how it signs in."""

    name: str = "default"
    """The profile's name (the TOML table name)."""

    data_centre: str | None = None
    """Zoho data centre: com, eu, in, com.au, jp, com.cn, sa, uk or ca (sets both URLs)."""

    base_url: str | None = None
    """The Cliq server root, e.g. https://cliq.zoho.eu (overrides the data centre's)."""

    accounts_url: str | None = None
    """The Zoho accounts server for OAuth (overrides the data centre's)."""

    access_token: SecretStr | None = None
    """A static access token (expires within an hour; prefer the OAuth fields)."""

    client_id: str | None = None
    """OAuth self-client id."""

    client_secret: SecretStr | None = None
    """OAuth self-client secret."""

    refresh_token: SecretStr | None = None
    """OAuth refresh token (from ``cliq-tui auth login``)."""

    credentials_file: Path | None = None
    """A 0600 JSON file with client_id, client_secret and refresh_token (``auth login``)."""

    @field_validator("data_centre")
    @classmethod
    def _known_dc(cls, value: str | None) -> str | None:
        if value is not None and value not in DATA_CENTRES:
            raise ValueError(f"expected one of {', '.join(DATA_CENTRES)}")
        return value

    @field_validator("base_url", "accounts_url")
    @classmethod
    def _safe_url(cls, value: str | None) -> str | None:
        return check_base_url(value) if value is not None else None

    @field_validator("access_token")
    @classmethod
    def _plain_token(cls, value: SecretStr | None) -> SecretStr | None:
        return SecretStr(check_token(value.get_secret_value())) if value is not None else None

    @property
    def cliq_url(self) -> str:
        """The server root the client talks to."""
        if self.base_url:
            return self.base_url
        return DATA_CENTRES[self.data_centre or DEFAULT_DATA_CENTRE].base_url

    @property
    def oauth_url(self) -> str:
        """The accounts server that issues access tokens."""
        if self.accounts_url:
            return self.accounts_url
        return DATA_CENTRES[self.data_centre or DEFAULT_DATA_CENTRE].accounts_url

    @property
    def has_oauth(self) -> bool:
        """True when the refresh-token flow is fully configured."""
        return bool(self.client_id and self.client_secret and self.refresh_token)

    @property
    def has_credentials(self) -> bool:
        """True when the profile can sign in one way or another."""
        return self.access_token is not None or self.has_oauth

    @property
    def token_kind(self) -> str:
        """How the profile signs in, in words (never the secret itself)."""
        if self.access_token is not None:
            return "access token"
        return "OAuth refresh token" if self.has_oauth else "none"

    def budget_path(self, directory: Path | None = None) -> Path:
        """This account's shared rate budget (times only, no secrets; a hash names it).

        Budgets are per user per minute, and every process of the account (dashboards, CLI
        runs) counts in this one file (``cliq_tui.api.budget_store``). Older versions kept a
        JSON file of the same name ending ``.json``; it is read once and removed.
        ``directory`` replaces the user cache folder (tests, the benchmark).
        """
        parts = [self.cliq_url, self.name, self.token_kind, self.client_id or ""]
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
        root = directory if directory is not None else Path(user_cache_dir("cliq-tui"))
        return root / "budgets" / f"{digest}.sqlite3"

    def make_auth(
        self,
        *,
        clock: Callable[[], float] = time.time,
        token_dir: Path | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> Auth:
        """The client auth for this profile (a static token wins over OAuth).

        OAuth access tokens are shared by every process through a cache in ``token_dir``
        (default: the platform's cache folder), so runs do not each spend one of Zoho's ten
        tokens per ten minutes; ``on_warning`` gets its one warning line (default: the log).
        """
        if self.access_token is not None:
            return StaticToken(self.access_token)
        if self.has_oauth:
            assert self.client_id and self.client_secret and self.refresh_token
            return OAuthRefresh(
                self.client_id,
                self.client_secret,
                self.refresh_token,
                self.oauth_url,
                clock=clock,
                token_dir=token_dir if token_dir is not None else default_token_dir(),
                on_warning=on_warning,
            )
        raise ConfigError(
            f"profiles.{self.name}: no credentials: set access_token, or client_id + "
            "client_secret + refresh_token, or run `cliq-tui auth login`.",
            key=f"profiles.{self.name}",
        )


class Settings(_Section):
    """Everything in config.toml, plus the overrides from the environment and the command line."""

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
        return _with_stored_credentials(base, self._path)


def _with_stored_credentials(profile: Profile, config_path: Path | None) -> Profile:
    """Fill the OAuth fields from the profile's credential file (explicit or conventional)."""
    file = profile.credentials_file
    if file is None and not profile.has_credentials and is_profile_name(profile.name):
        conventional = default_credentials_path(profile.name, config_path)
        file = conventional if conventional.exists() else None
    if file is None or profile.access_token is not None:
        if not profile.has_credentials:
            where = str(config_path) if config_path else "the configuration"
            key = f"profiles.{profile.name}"
            raise ConfigError(
                f"{where}: {key}: no credentials: set access_token (or --token), or "
                "client_id + client_secret + refresh_token, or run `cliq-tui auth login`.",
                path=str(config_path) if config_path else None,
                key=key,
            )
        return profile
    file = file.expanduser()
    stored = read_credentials(file)
    update: dict[str, Any] = {
        "client_id": profile.client_id or stored.client_id,
        "client_secret": profile.client_secret or stored.client_secret,
        "refresh_token": profile.refresh_token or stored.refresh_token,
        "data_centre": profile.data_centre or stored.data_centre,
        "base_url": profile.base_url or stored.base_url,
        "accounts_url": profile.accounts_url or stored.accounts_url,
    }
    # Validated like the config itself: a credentials file must not bring in a plain-http server
    # (the token would travel in clear) or an unknown data centre.
    merged = {**dict(profile), **{k: v for k, v in update.items() if v is not None}}
    return _validate(Profile, merged, str(file))


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
    data = _read_toml(path, must_exist=explicit)
    from_env = {
        key: environ[f"{ENV_PREFIX}{suffix}"]
        for suffix, key in _UI_ENV.items()
        if f"{ENV_PREFIX}{suffix}" in environ
    }
    if from_env:
        # Checked on their own first, so a bad value is blamed on its variable, not the file.
        _validate_env(UiSettings, from_env, {key: f"{ENV_PREFIX}{s}" for s, key in _UI_ENV.items()})
        data.setdefault("ui", {})
        if isinstance(data["ui"], dict):
            data["ui"].update(from_env)
    profiles = data.get("profiles")
    if isinstance(profiles, dict):
        for profile_name, section in profiles.items():
            if isinstance(section, dict):
                section.setdefault("name", profile_name)
    settings = _validate(Settings, data, str(path))
    settings._path = path
    selected = profile or environ.get(f"{ENV_PREFIX}PROFILE") or None
    if selected is not None:
        check_profile_name(selected, where="--profile" if profile else f"{ENV_PREFIX}PROFILE")
    settings._selected = selected
    overrides: dict[str, Any] = {}
    for suffix, key in _PROFILE_ENV.items():
        value = environ.get(f"{ENV_PREFIX}{suffix}")
        if value:
            overrides[key] = value
    if base_url:
        overrides["base_url"] = base_url
    if access_token is not None:
        try:
            check_token(access_token)
        except ValueError as exc:
            raise ConfigError(f"--token: the access token {exc}.", key="--token") from None
        overrides["access_token"] = access_token
    if overrides:
        checked = _validate(Profile, overrides, "the environment / command line")
        settings._overrides = {k: getattr(checked, k) for k in overrides}
    return settings


def _read_toml(path: Path, *, must_exist: bool) -> dict[str, Any]:
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)  # never blocks on a FIFO
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(
                f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB: not a config file.",
                path=str(path),
            )
        return tomllib.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply).", path=str(path)) from None
    except NotARegularFile as exc:
        what = "a directory" if exc.errno == errno.EISDIR else "a pipe, a socket or a device"
        raise ConfigError(
            f"{path}: not a config file: it is {what}, not a regular file.", path=str(path)
        ) from None
    except FileNotFoundError:
        if must_exist:
            raise ConfigError(f"{path}: the config file does not exist.", path=str(path)) from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML (TOML files are UTF-8 text; byte {exc.start} is not).",
            path=str(path),
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the file ({exc.strerror}).", path=str(path)
        ) from None


_M = TypeVar("_M", bound=BaseModel)


def _validate(model: type[_M], data: dict[str, Any], where: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        first_key = None
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"]) or "(top level)"
            first_key = first_key or key
            lines.append(f"{where}: {key}: {_explain(error)}")
        raise ConfigError("\n".join(lines), path=where, key=first_key) from None


def _validate_env(model: type[BaseModel], values: dict[str, str], names: dict[str, str]) -> None:
    """Validate settings taken from environment variables, naming the variable on failure."""
    try:
        model.model_validate(values)
    except ValidationError as exc:
        lines = []
        first_key = None
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            variable = names.get(field, field)
            first_key = first_key or variable
            lines.append(f"the environment: {variable}: {_explain(error)}")
        raise ConfigError("\n".join(lines), path="the environment", key=first_key) from None


def _explain(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "is not a known setting (see config.example.toml)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a table (a [section] or { key = value, ... })"
    message = str(error.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if message.startswith("Input should be "):
        return f"expected {message.removeprefix('Input should be ').rstrip('.')}"
    return message
