"""``cliq-tui auth login`` (the Zoho self-client flow) and ``cliq-tui auth status``.

No secret is ever printed: secrets are asked with getpass on a terminal, stored in the system
keychain when there is one (else in a 0600 file), and shown as "stored" at most.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import getpass
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from cliq_tui.api.auth import DATA_CENTRES, Auth, OAuthRefresh, exchange_grant_code
from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.errors import CliqError
from cliq_tui.base.files import NotARegularFile, check_regular_or_absent, make_private_dir
from cliq_tui.cli.commands import open_budgets
from cliq_tui.cli.common import EXIT_FAILED, EXIT_OK, PROG, UsageError
from cliq_tui.storage.config import Profile, check_base_url, default_config_path, load_settings
from cliq_tui.storage.credentials import (
    StoredCredentials,
    check_profile_name,
    default_credentials_path,
    keychain_entry,
    store_credentials,
)
from cliq_tui.storage.keychain import backend_name as keychain_name

__all__ = ["run"]

_CONSOLE_HELP = (
    "Create a Self Client at https://api-console.zoho.com (or your data centre's console), "
    "then under 'Generate Code' use the scopes ZohoCliq.Messages.READ,ZohoCliq.Messages.CREATE,"
    "ZohoCliq.Messages.UPDATE,ZohoCliq.Messages.DELETE,ZohoCliq.Chats.READ."
)


def run(args: argparse.Namespace) -> int:
    """Run ``auth login`` or ``auth status``."""
    if args.auth_command == "login":
        return _login(args)
    return _status(args)


def _ask(option: str, prompt: str, *, secret: bool = False, default: str | None = None) -> str:
    """Ask on a terminal; without one, the option is required."""
    if not sys.stdin.isatty():
        raise UsageError(f"auth login: {option} is required when stdin is not a terminal.")
    shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
    answer = (getpass.getpass(shown) if secret else input(shown)).strip()
    if not answer and default:
        return default
    if not answer:
        raise UsageError(f"auth login: {option} is required.")
    return answer


async def _check(base_url: str, auth: Auth, budgets: RateBudgets | None = None) -> None:
    """One request that proves the sign-in works (and the scopes allow reading messages)."""
    async with CliqClient(base_url, auth, budgets=budgets) as client:
        try:
            await client.check_access()
        finally:
            client.budgets.close()


def _writable_target(target: Path, profile: str) -> None:
    """Refuse a credentials file that could not be written, before the one-time grant code is
    spent: a folder, a device, a FIFO or a socket (the atomic rename would replace the node), or
    a place where no file can be created. The folders and a file are created there and removed
    again: a refused or failed login leaves no trace."""

    def refuse(reason: str) -> UsageError:
        return UsageError(
            f"auth login: cannot write the credentials file {target} ({reason}); "
            "nothing was sent, so the grant code is still unused."
        )

    try:
        check_regular_or_absent(target)
    except NotARegularFile as exc:
        if exc.errno == errno.EISDIR:
            raise UsageError(
                f"auth login: {target} is a directory; name a file in it, e.g. "
                f"--credentials-file {target / (profile + '.json')} (nothing was sent)."
            ) from None
        raise refuse("it is not a regular file but a device, a pipe or a socket") from None
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    created: list[Path] = []
    try:
        created = make_private_dir(target.parent)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".cliq-tui-"):
            pass  # a file can be created there (and is gone again)
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    finally:
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                break


def _login(args: argparse.Namespace) -> int:
    profile = check_profile_name(args.profile or "default", where="--profile")
    interactive = sys.stdin.isatty()
    if interactive and not (args.client_id and args.client_secret and args.grant_code):
        print(_CONSOLE_HELP, file=sys.stderr)
    dc = args.data_centre or (
        None
        if args.base_url and args.accounts_url
        else _ask("--data-centre", f"Data centre ({', '.join(DATA_CENTRES)})", default="com")
    )
    if dc is not None and dc not in DATA_CENTRES:
        raise UsageError(
            f"auth login: unknown data centre {dc!r}; use one of {', '.join(DATA_CENTRES)}."
        )
    try:
        base_url = check_base_url(args.base_url) if args.base_url else None
        accounts_url = check_base_url(args.accounts_url) if args.accounts_url else None
    except ValueError as exc:
        raise UsageError(f"auth login: {exc}.") from None
    base_url = base_url or DATA_CENTRES[dc or "com"].base_url
    accounts_url = accounts_url or DATA_CENTRES[dc or "com"].accounts_url
    client_id = args.client_id or _ask("--client-id", "Client ID")
    client_secret = SecretStr(
        args.client_secret or _ask("--client-secret", "Client secret", secret=True)
    )
    # Everything that can be checked is checked before the grant code (good once) is spent.
    config_path = Path(args.config).expanduser() if args.config else default_config_path()
    target = (
        Path(args.credentials_file).expanduser()
        if args.credentials_file
        else default_credentials_path(profile, config_path)
    )
    _writable_target(target, profile)
    code = SecretStr(args.grant_code or _ask("--grant-code", "Grant code", secret=True))

    grant = asyncio.run(
        exchange_grant_code(
            code, client_id=client_id, client_secret=client_secret, accounts_url=accounts_url
        )
    )
    assert grant.refresh_token is not None
    # Stored before the check: a grant code works once, so the refresh token must not be lost
    # if the check fails for an unrelated reason (network, scopes).
    keychain = store_credentials(
        target,
        StoredCredentials(
            client_id=client_id,
            client_secret=client_secret,
            refresh_token=grant.refresh_token,
            data_centre=dc,
            base_url=base_url if args.base_url else None,
            accounts_url=accounts_url if args.accounts_url else None,
        ),
    )
    if keychain is None:
        print(f"Stored the credentials of profile {profile!r} in {target} (readable only by you).")
    else:
        print(
            f"Stored the secrets of profile {profile!r} in {keychain}, and the rest in {target} "
            "(readable only by you)."
        )
    if args.credentials_file:
        print(f'Add to [profiles.{profile}] in {config_path}: credentials_file = "{target}"')
    if args.no_check:
        return EXIT_OK
    account = Profile(
        name=profile,
        data_centre=dc,
        base_url=base_url if args.base_url else None,
        accounts_url=accounts_url if args.accounts_url else None,
        client_id=client_id,
        client_secret=client_secret,
        refresh_token=grant.refresh_token,
    )
    auth = account.make_auth()
    if isinstance(auth, OAuthRefresh):
        auth.remember(grant)  # the grant's access token serves the next hour: no refresh needed
    try:
        # Counted in the account's shared budget, like the commands that follow it.
        asyncio.run(_check(base_url, auth, open_budgets(account)))
    except CliqError as exc:
        print(
            f"{PROG}: error: the credentials were stored, but the test request failed: {exc}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"Signed in: {base_url} answered the test request.")
    return EXIT_OK


def _where_credentials(profile: Profile, config_path: Path | None) -> str | None:
    """Where the profile's stored sign-in lives (the keychain, a file), or None without one."""
    path = (
        profile.credentials_file or default_credentials_path(profile.name, config_path)
    ).expanduser()
    if profile.access_token is not None or not path.is_file():
        return None
    if keychain_entry(path) is None:
        return f"{path} (readable only by you)"
    return f"the system keychain ({keychain_name() or 'none available here'}); the rest in {path}"


def _status(args: argparse.Namespace) -> int:
    settings = load_settings(
        args.config, profile=args.profile, base_url=args.base_url, access_token=args.token
    )
    profile = settings.profile()
    info: dict[str, Any] = {
        "config_file": str(settings.path) if settings.path else None,
        "config_file_exists": bool(settings.path and settings.path.exists()),
    }
    if profile is None:
        info.update({"profile": None, "signed_in": False})
        if args.json:
            print(json.dumps(info, indent=2))
        else:
            print("No account is configured: the dashboard runs the demo.")
            print("Run `cliq-tui auth login` to add one.")
            print(f"Config file: {info['config_file']}")
        return EXIT_OK
    info.update(
        {
            "profile": profile.name,
            "data_centre": profile.data_centre or (None if profile.base_url else "com"),
            "base_url": profile.cliq_url,
            "accounts_url": profile.oauth_url if profile.has_oauth else None,
            "token_kind": profile.token_kind,
            "client_id": profile.client_id if profile.has_oauth else None,
            "credentials": _where_credentials(profile, settings.path),
        }
    )
    if args.check:
        try:
            asyncio.run(_check(profile.cliq_url, profile.make_auth(), open_budgets(profile)))
            info["check"] = "ok"
        except CliqError as exc:
            info["check"] = f"failed: {exc}"
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        labels = {
            "profile": "Profile",
            "data_centre": "Data centre",
            "base_url": "Server",
            "accounts_url": "Accounts server",
            "token_kind": "Signs in with",
            "client_id": "Client ID",
            "credentials": "Credentials",
            "config_file": "Config file",
            "check": "Test request",
        }
        for key, label in labels.items():
            if info.get(key) is not None:
                print(f"{label + ':':<17}{info[key]}")
    return EXIT_FAILED if str(info.get("check", "")).startswith("failed") else EXIT_OK
