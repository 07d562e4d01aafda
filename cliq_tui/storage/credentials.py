"""Stored sign-ins: OAuth client credentials and refresh tokens.

The secrets (client secret, refresh token) go to the operating system's keychain when there is
one, and the rest (client id, data centre, servers) to a 0600 file that names the keychain entry;
without a keychain everything goes to the 0600 file, as ``gh`` does. Files written before, or on
a machine without a keychain, hold their secrets themselves and keep working.

A file that other users can read is refused (with the chmod that fixes it), the way ssh refuses a
private key with loose permissions: a leaked refresh token is a standing login.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from platformdirs import user_config_dir
from pydantic import SecretStr

from cliq_tui.api.errors import ConfigError
from cliq_tui.base.files import (
    NotARegularFile,
    check_regular_or_absent,
    make_private_dir,
    read_regular,
)
from cliq_tui.storage import keychain

__all__ = [
    "PROFILE_NAME_RULE",
    "StoredCredentials",
    "check_profile_name",
    "credentials_dir",
    "default_credentials_path",
    "keychain_entry",
    "read_credentials",
    "store_credentials",
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


# A profile name becomes a file name: letters, digits, '.', '_' and '-', never a path.
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")
PROFILE_NAME_RULE = "letters, digits, '.', '_' and '-', up to 64, not starting with '.'"
# No credentials file is larger; no secret or id is longer, or holds a space or a control.
MAX_CREDENTIALS_BYTES = 64 * 1024
MAX_VALUE_CHARS = 1024
_SECRETS = ("client_secret", "refresh_token")
# A file whose secrets are in the keychain says so, and names the entry that holds them.
_IN_KEYCHAIN = "keychain"


def is_profile_name(name: str) -> bool:
    """True when ``name`` can name a profile (and so a file in the credentials folder)."""
    return _PROFILE_NAME.fullmatch(name) is not None


def check_profile_name(name: str, *, where: str = "profile") -> str:
    """``name`` when it is a safe profile name; otherwise ConfigError saying what is allowed."""
    if not is_profile_name(name):
        shown = name if len(name) <= 80 else name[:79] + "…"
        raise ConfigError(
            f"{where}: {shown!r} is not a profile name: use {PROFILE_NAME_RULE}.", key=where
        )
    return name


def credentials_dir(config_path: Path | None = None) -> Path:
    """Where credential files live: a ``credentials`` folder next to the config file."""
    base = config_path.parent if config_path is not None else Path(user_config_dir("cliq-tui"))
    return base / "credentials"


def default_credentials_path(profile: str, config_path: Path | None = None) -> Path:
    """The conventional credential file of a profile (found without any config entry).

    Always a file in the credentials folder: a name that is not a profile name (the entry points
    refuse those first) is percent-encoded, so it can never lead out of the folder.
    """
    stem = profile if is_profile_name(profile) else "%" + quote(profile, safe="")
    return credentials_dir(config_path) / f"{stem}.json"


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
    """Load a credential file, refusing it when group- or world-readable, and refusing any
    content that is not what ``auth login`` writes with one line naming the file (never moved:
    the user may want to repair it)."""

    def refuse(problem: str, key: str | None = None) -> ConfigError:
        return ConfigError(f"{path}: the credentials file {problem}", path=str(path), key=key)

    try:
        check_regular_or_absent(path)  # a folder is not "readable by other users"
        _check_private(path)
        raw = read_regular(path, MAX_CREDENTIALS_BYTES)
    except FileNotFoundError:
        raise refuse("does not exist.") from None
    except NotARegularFile as exc:
        if exc.errno == errno.EISDIR:
            raise refuse(
                'is a directory; name the file in it (credentials_file = ".../work.json").'
            ) from None
        raise refuse("is not a regular file (a pipe, a socket or a device).") from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the credentials file ({exc.strerror}).", path=str(path)
        ) from None
    if len(raw) > MAX_CREDENTIALS_BYTES:
        raise refuse(f"is larger than {MAX_CREDENTIALS_BYTES // 1024} KiB: it is not one.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise refuse("is not UTF-8 text; run `cliq-tui auth login` again.") from None
    except (ValueError, RecursionError):
        raise refuse("is not valid JSON; run `cliq-tui auth login` again.") from None
    if not isinstance(data, dict):
        raise refuse("is not a JSON object.")
    if data.get("secrets") == _IN_KEYCHAIN and not any(data.get(k) for k in _SECRETS):
        data = {**data, **_keychain_secrets(data.get("keychain_account"), refuse)}
    missing = [k for k in ("client_id", "client_secret", "refresh_token") if not data.get(k)]
    if missing:
        raise refuse(f"lacks {', '.join(missing)}; run `cliq-tui auth login`.", missing[0])
    for key in ("client_id", "client_secret", "refresh_token"):
        if not _plain_value(data[key]):
            raise refuse(
                f"has a {key} that is not one line of printable ASCII (at most "
                f"{MAX_VALUE_CHARS} characters); run `cliq-tui auth login` again.",
                key,
            )
    for key in ("data_centre", "base_url", "accounts_url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise refuse(f"has a {key} that is not a string.", key)
    return StoredCredentials(
        client_id=data["client_id"],
        client_secret=SecretStr(data["client_secret"]),
        refresh_token=SecretStr(data["refresh_token"]),
        data_centre=data.get("data_centre"),
        base_url=data.get("base_url"),
        accounts_url=data.get("accounts_url"),
    )


def _keychain_secrets(account: object, refuse: Callable[[str], ConfigError]) -> dict[str, object]:
    """The secrets the keychain holds for a file that says they are there."""
    if not isinstance(account, str) or not 0 < len(account) <= 4 * MAX_VALUE_CHARS:
        raise refuse("names no keychain entry; run `cliq-tui auth login` again.")
    raw = keychain.get(account)
    if raw is None:
        raise refuse(
            "keeps its secrets in the system keychain, which has none for it (or no keychain "
            "is available here); run `cliq-tui auth login` again."
        )
    try:
        secrets = json.loads(raw)
    except (ValueError, RecursionError):
        secrets = None
    if not isinstance(secrets, dict):
        raise refuse("has a keychain entry that is not what `cliq-tui auth login` stores.")
    return {key: secrets.get(key) for key in _SECRETS}


def keychain_entry(path: Path) -> str | None:
    """The keychain account holding the file's secrets, or None when the file holds them (or
    cannot be read: :func:`read_credentials` says why). Never reads a secret."""
    try:
        data = json.loads(read_regular(path, MAX_CREDENTIALS_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("secrets") != _IN_KEYCHAIN:
        return None
    account = data.get("keychain_account")
    return account if isinstance(account, str) else None


def _plain_value(value: object) -> bool:
    """A string of printable ASCII without spaces (what ids and tokens are), not too long."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_VALUE_CHARS
        and all("!" <= ch <= "~" for ch in value)
    )


def store_credentials(path: Path, creds: StoredCredentials) -> str | None:
    """Store a sign-in: the secrets in the system keychain when there is one (the rest in the
    0600 file at ``path``), everything in the file otherwise. Returns the keychain's name, or
    None when the file holds the secrets. A keychain that fails is passed over silently."""
    check_regular_or_absent(path)
    make_private_dir(path.parent)
    account = os.path.abspath(path)
    secrets = {key: getattr(creds, key).get_secret_value() for key in _SECRETS}
    if keychain.put(account, json.dumps(secrets)):
        write_credentials(path, creds, keychain_account=account)
        return keychain.backend_name() or "the system keychain"
    write_credentials(path, creds)
    return None


def write_credentials(
    path: Path, creds: StoredCredentials, *, keychain_account: str | None = None
) -> Path:
    """Write a credential file readable only by its owner (0600), atomically: with the secrets,
    or (``keychain_account``) naming the keychain entry that holds them.

    Refuses (NotARegularFile) when a device, FIFO, socket or folder stands at ``path``: the
    rename would replace it."""
    check_regular_or_absent(path)
    make_private_dir(path.parent)
    data: dict[str, str | None] = {"client_id": creds.client_id}
    if keychain_account is None:
        data["client_secret"] = creds.client_secret.get_secret_value()
        data["refresh_token"] = creds.refresh_token.get_secret_value()
    else:
        data["secrets"] = _IN_KEYCHAIN
        data["keychain_account"] = keychain_account
    data.update(
        data_centre=creds.data_centre, base_url=creds.base_url, accounts_url=creds.accounts_url
    )
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
