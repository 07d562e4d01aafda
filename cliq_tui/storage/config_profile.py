"""One account, ``[profiles.NAME]``: where it lives, how it signs in, and the credential file
``auth login`` keeps for it (read when the profile is used, checked like the config itself)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir
from pydantic import BaseModel, ConfigDict, SecretStr, field_validator

from cliq_tui.api.auth import DATA_CENTRES, Auth, OAuthRefresh, StaticToken
from cliq_tui.api.errors import ConfigError
from cliq_tui.api.token_cache import default_token_dir
from cliq_tui.storage.config_checks import check_base_url, check_token
from cliq_tui.storage.config_errors import validated
from cliq_tui.storage.credentials import default_credentials_path, is_profile_name, read_credentials

__all__ = ["DEFAULT_DATA_CENTRE", "Profile", "Section", "with_stored_credentials"]

DEFAULT_DATA_CENTRE = "com"


class Section(BaseModel):
    """A table of the config file: unknown keys are errors, each field's docstring documents it."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class Profile(Section):
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


def with_stored_credentials(profile: Profile, config_path: Path | None) -> Profile:
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
    return validated(Profile, merged, str(file))
