"""``cliq-tui doctor``: one screen of checks for the selected account, each with its fix.

Exit 0 when nothing failed (warnings allowed), 1 when a check failed. ``--json`` prints the same
report as one object. No secret is ever printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx

from cliq_tui.api.client import CliqClient
from cliq_tui.api.errors import ConfigError
from cliq_tui.cli.commands import open_budgets
from cliq_tui.cli.common import EXIT_FAILED, EXIT_OK, PROG
from cliq_tui.cli.doctor_checks import (
    Report,
    check_config_file,
    check_credentials_file,
    check_data_centre,
)
from cliq_tui.cli.doctor_network import diagnose
from cliq_tui.storage.config import load_settings
from cliq_tui.storage.credentials import default_credentials_path

__all__ = ["render", "run"]

_MARK = {"ok": "ok", "warn": "WARN", "fail": "FAIL", "skip": "skip"}
_NO_ACCOUNT_FIX = (
    "run `cliq-tui auth login`, or pass --base-url and --token (`cliq-tui fake-server` gives a "
    "local one)"
)


class _CountingTransport(httpx.AsyncBaseTransport):
    """Counts every request that leaves: the reads, their retries and OAuth token requests."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _plain(text: str) -> str:
    """One printable line: what a server or a file said must not move the cursor or beep."""
    return "".join(ch if ch.isprintable() else "?" for ch in " ".join(text.split()))


def render(report: Report) -> str:
    """The report as one screen of text."""
    where = f'profile "{report.profile}" on {report.server}' if report.profile else "no account"
    lines = [f"{PROG} doctor: {_plain(where)}"]
    width = max((len(c.name) for c in report.checks), default=10)
    for check in report.checks:
        lines.append(f"  {_MARK[check.status]:<4}  {check.name:<{width}}  {_plain(check.detail)}")
        if check.fix and check.status != "ok":
            lines.append(f"        {'':<{width}}  fix: {_plain(check.fix)}")
    failed = sum(c.status == "fail" for c in report.checks)
    warned = sum(c.status == "warn" for c in report.checks)
    verdict = (
        f"{failed} failed, {warned} warning(s)" if failed or warned else "everything checked works"
    )
    noun = "request" if report.requests == 1 else "requests"
    lines.append(f"{verdict}; spent {report.requests} {noun}, changed nothing.")
    return "\n".join(lines)


def _finish(args: argparse.Namespace, report: Report) -> int:
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render(report))
    return EXIT_FAILED if report.failed else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run every check for the account the options select."""
    report = Report(profile=None, server=None)
    try:
        settings = load_settings(
            args.config, profile=args.profile, base_url=args.base_url, access_token=args.token
        )
    except ConfigError as exc:
        report.add("configuration", "fail", str(exc), "correct the file or the variable named")
        return _finish(args, report)
    check_config_file(report, settings.path)
    try:
        profile = settings.profile()
    except ConfigError as exc:
        # A credentials file open to others is refused here: its message carries the chmod.
        report.add("profile", "fail", str(exc))
        return _finish(args, report)
    if profile is None:
        report.add("profile", "fail", "no account configured", _NO_ACCOUNT_FIX)
        return _finish(args, report)
    report.profile, report.server = profile.name, profile.cliq_url
    conventional = default_credentials_path(profile.name, settings.path)
    scopes = check_credentials_file(report, profile, conventional)
    check_data_centre(report, profile)
    try:
        auth = profile.make_auth()
    except ConfigError as exc:
        report.add("token", "fail", str(exc), _NO_ACCOUNT_FIX)
        return _finish(args, report)
    counter = _CountingTransport()
    client = CliqClient(profile.cliq_url, auth, budgets=open_budgets(profile), transport=counter)

    async def go() -> None:
        try:
            async with client:
                await diagnose(report, client, profile, scopes, clock=time.time)
        finally:
            client.budgets.close()
            # What was really sent, token refreshes included (the reads alone undercount).
            report.requests = counter.sent

    asyncio.run(go())
    return _finish(args, report)
