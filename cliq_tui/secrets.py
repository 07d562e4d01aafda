"""Credential files: OAuth client credentials and refresh tokens, stored 0600 and nowhere else.

A file that other users can read is refused (with the chmod that fixes it), the way ssh refuses a
private key with loose permissions: a leaked refresh token is a standing login.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir
from pydantic import SecretStr

from cliq_tui.api.errors import ConfigError

__all__ = [
    "StoredCredentials",
    "credentials_dir",
    "default_credentials_path",
    "read_credentials",
    "write_credentials",
]


@dataclass(frozen=True)
class StoredCredentials:
    """What ``auth login`` stores for one profile (secrets as SecretStr)."""

    client_id: str
    client_secret: SecretStr
    refresh_token: SecretStr
    data_centre: str | None = None
    base_url: str | None = None
    accounts_url: str | None = None


def credentials_dir(config_path: Path | None = None) -> Path:
    """Where credential files live: a ``credentials`` folder next to the config file."""
    base = config_path.parent if config_path is not None else Path(user_config_dir("cliq-tui"))
    return base / "credentials"


def default_credentials_path(profile: str, config_path: Path | None = None) -> Path:
    """The conventional credential file of a profile (found without any config entry)."""
    return credentials_dir(config_path) / f"{profile}.json"


def _check_private(path: Path) -> None:
    if sys.platform == "win32":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: the credentials file is readable by other users; "
            f"run `chmod 600 {path}` and try again.",
            path=str(path),
        )


def read_credentials(path: Path) -> StoredCredentials:
    """Load a credential file, refusing it when group- or world-readable."""
    try:
        _check_private(path)
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: the credentials file does not exist.", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the credentials file ({exc.strerror}).", path=str(path)
        ) from None
    try:
        data = json.loads(raw)
    except ValueError:
        raise ConfigError(
            f"{path}: the credentials file is not valid JSON.", path=str(path)
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the credentials file is not a JSON object.", path=str(path))
    missing = [k for k in ("client_id", "client_secret", "refresh_token") if not data.get(k)]
    if missing:
        raise ConfigError(
            f"{path}: the credentials file lacks {', '.join(missing)}; run `cliq-tui auth login`.",
            path=str(path),
            key=missing[0],
        )
    return StoredCredentials(
        client_id=str(data["client_id"]),
        client_secret=SecretStr(str(data["client_secret"])),
        refresh_token=SecretStr(str(data["refresh_token"])),
        data_centre=data.get("data_centre"),
        base_url=data.get("base_url"),
        accounts_url=data.get("accounts_url"),
    )


def write_credentials(path: Path, creds: StoredCredentials) -> Path:
    """Write a credential file readable only by its owner (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = {
        "client_id": creds.client_id,
        "client_secret": creds.client_secret.get_secret_value(),
        "refresh_token": creds.refresh_token.get_secret_value(),
        "data_centre": creds.data_centre,
        "base_url": creds.base_url,
        "accounts_url": creds.accounts_url,
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Create with 0600 from the start: never a moment where the secret is readable by others.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({k: v for k, v in data.items() if v is not None}, handle, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
