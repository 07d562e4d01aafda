"""``cliq-tui doctor``: what works for a real account, and how to fix what does not.

Every check says ok, warn, fail or skip, in words, with a fix where one is needed. The checks
here (files, data centre) need no network; :mod:`cliq_tui.cli.doctor_network` spends a handful of
reads (list all with limit 100, so every item's shape is checked, and list chats with
limit 1) through the account's normal rate
budget, and never changes anything: a write scope can only be reported from what the
credentials file recorded at sign-in.
"""

from __future__ import annotations

import json
import stat
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from cliq_tui.api.auth import DATA_CENTRES
from cliq_tui.base.files import read_regular
from cliq_tui.storage.config import MAX_CONFIG_BYTES, Profile
from cliq_tui.storage.credentials import MAX_CREDENTIALS_BYTES, keychain_entry
from cliq_tui.storage.keychain import backend_name as keychain_name

Status = Literal["ok", "warn", "fail", "skip"]


@dataclass
class Check:
    """One line of the doctor's report."""

    name: str
    status: Status
    detail: str
    fix: str | None = None


@dataclass
class Report:
    """Every check, in order, and what the doctor spent."""

    profile: str | None
    server: str | None
    checks: list[Check] = field(default_factory=list)
    requests: int = 0

    def add(self, name: str, status: Status, detail: str, fix: str | None = None) -> Check:
        """Append one check."""
        check = Check(name, status, detail, fix)
        self.checks.append(check)
        return check

    @property
    def failed(self) -> bool:
        """True when any check failed."""
        return any(c.status == "fail" for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (it holds no secret)."""
        return {
            "profile": self.profile,
            "server": self.server,
            "ok": not self.failed,
            "requests": self.requests,
            "checks": [asdict(c) for c in self.checks],
        }


# --- files -------------------------------------------------------------------------------------


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _open_to_others(mode: int) -> tuple[bool, bool]:
    """(others can read, others can write)."""
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH)), bool(mode & (stat.S_IWGRP | stat.S_IWOTH))


_SECRET_KEYS = ("access_token", "client_secret", "refresh_token")


def check_config_file(report: Report, path: Path | None) -> None:
    """The config file: others must not change it, nor read it when it holds secrets."""
    if path is None or not path.exists():
        report.add("config file", "ok", "none: the options and the environment say everything")
        return
    mode = _mode(path)
    if mode is None or sys.platform == "win32":
        report.add("config file", "ok", str(path))
        return
    readable, writable = _open_to_others(mode)
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
        holds_secrets = any(f"{key}" in text for key in _SECRET_KEYS)
    except (OSError, UnicodeDecodeError):
        holds_secrets = False
    fix = f"chmod 600 {path}"
    if writable:
        report.add(
            "config file",
            "fail",
            f"{path} ({mode:04o}) can be changed by other users: a changed base_url would send "
            "your token to their server",
            fix,
        )
    elif readable and holds_secrets:
        report.add(
            "config file", "fail", f"{path} ({mode:04o}) holds secrets other users can read", fix
        )
    elif readable:
        report.add("config file", "ok", f"{path} ({mode:04o}, holds no secrets)")
    else:
        report.add("config file", "ok", f"{path} ({mode:04o})")


def recorded_scopes(path: Path) -> list[str] | None:
    """The scopes a credentials file recorded at sign-in, when it did (never the secrets)."""
    try:
        data = json.loads(read_regular(path, MAX_CREDENTIALS_BYTES))
    except (OSError, ValueError):
        return None
    raw = data.get("scopes", data.get("scope")) if isinstance(data, dict) else None
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list):
        return None
    return [str(s).removeprefix("ZohoCliq.") for s in raw if isinstance(s, str)]


def check_credentials_file(
    report: Report, profile: Profile, conventional: Path
) -> list[str] | None:
    """The credentials file (0600 in a folder others cannot enter) and where its secrets are (the
    system keychain, or the file itself); its recorded scopes."""
    path = (profile.credentials_file or conventional).expanduser()
    if not path.exists():
        how = "an access token" if profile.access_token is not None else "the config file"
        report.add("credentials file", "skip", f"none: the profile signs in with {how}")
        return None
    mode = _mode(path)
    folder = _mode(path.parent)
    if not path.is_file():
        what = "a directory" if path.is_dir() else "not a regular file (a pipe, socket or device)"
        report.add(
            "credentials file", "fail", f"{path} is {what}", "run `cliq-tui auth login` again"
        )
    elif mode is not None and sys.platform != "win32" and any(_open_to_others(mode)):
        report.add(
            "credentials file",
            "fail",
            f"{path} ({mode:04o}) is open to other users: the refresh token is a standing login",
            f"chmod 600 {path}",
        )
    elif folder is not None and sys.platform != "win32" and folder & (stat.S_IRWXG | stat.S_IRWXO):
        report.add(
            "credentials file",
            "warn",
            f"{path} is 0600, but its folder ({folder:04o}) lets other users list or add files",
            f"chmod 700 {path.parent}",
        )
    elif keychain_entry(path) is not None:
        # The profile was read (secrets included) before the checks: the keychain has them.
        report.add(
            "credentials file",
            "ok",
            f"{path} (0600); the secrets are in the system keychain ({keychain_name()})",
        )
    else:
        report.add("credentials file", "ok", f"{path} (0600); the secrets are in this file")
    return recorded_scopes(path)


# --- the server --------------------------------------------------------------------------------


def _dc_of(host: str, prefix: str) -> str | None:
    for name, dc in DATA_CENTRES.items():
        if urlsplit(dc.base_url if prefix == "cliq" else dc.accounts_url).hostname == host:
            return name
    return None


def check_data_centre(report: Report, profile: Profile) -> None:
    """Which data centre the profile talks to, and whether Cliq and sign-in agree on it."""
    host = urlsplit(profile.cliq_url).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        report.add("data centre", "ok", f"a local server ({profile.cliq_url}), e.g. the fake")
        return
    cliq_dc = _dc_of(host, "cliq")
    if cliq_dc is None:
        report.add(
            "data centre",
            "warn",
            f"{host} is not a Zoho Cliq server of any data centre",
            "set data_centre (com, eu, in, com.au, jp, com.cn, sa, uk, ca) instead of base_url",
        )
        return
    if profile.has_oauth and profile.access_token is None:
        accounts = urlsplit(profile.oauth_url).hostname or ""
        accounts_dc = _dc_of(accounts, "accounts")
        if accounts_dc != cliq_dc:
            report.add(
                "data centre",
                "fail",
                f"Cliq is on {host} ({cliq_dc}) but sign-in goes to {accounts}: tokens of one "
                "data centre do not work in another",
                f"set data_centre = {cliq_dc!r} and remove accounts_url and base_url",
            )
            return
    report.add("data centre", "ok", f"{cliq_dc} ({host})")
