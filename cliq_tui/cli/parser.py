"""The ``cliq-tui`` command line's options: the dashboard's, every subcommand's, and the ones
accepted both before and after a subcommand."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from cliq_tui.api.errors import InputError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.base.version import __version__
from cliq_tui.cli.common import PROG
from cliq_tui.core.triggers import TRIGGERS_HELP, parse_trigger
from cliq_tui.storage.config import default_config_path

__all__ = ["build_parser"]


def _trigger(text: str) -> ScheduleStatus:
    """A trigger option's value, in either spelling (check-in or check_in)."""
    try:
        return parse_trigger(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _on(what: str) -> str:
    """An option's help naming every trigger value."""
    return f"{what}: {TRIGGERS_HELP}"


def _shared_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted both before and after the subcommand (``--json list`` = ``list --json``).

    On subcommands the defaults are suppressed so they never overwrite what was given earlier.
    """

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("connection and output")
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default(None),
        help="Cliq server root, e.g. https://cliq.zoho.com (env CLIQ_BASE_URL; default: profile)",
    )
    group.add_argument(
        "--token",
        metavar="TOKEN",
        default=default(None),
        help="access token (env CLIQ_ACCESS_TOKEN); prefer `auth login`",
    )
    group.add_argument(
        "--profile", metavar="NAME", default=default(None), help="profile (env CLIQ_PROFILE)"
    )
    group.add_argument(
        "--config",
        metavar="PATH",
        default=default(None),
        help=f"config file (env CLIQ_TUI_CONFIG; default {default_config_path()})",
    )
    group.add_argument(
        "--json", action="store_true", default=default(False), help="machine-readable output"
    )
    group.add_argument(
        "--trace",
        metavar="FILE",
        default=default(None),
        help="append one JSON line per HTTP request and response to FILE, tokens and secrets "
        "removed, message texts hidden (env CLIQ_TRACE)",
    )
    group.add_argument(
        "--trace-texts",
        action="store_true",
        default=default(False),
        help="keep message texts and names in the trace (env CLIQ_TRACE_TEXTS=1)",
    )


def _far_future_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--far-future-ok",
        action="store_true",
        help="accept a time more than a year ahead (refused otherwise, as a likely typo)",
    )


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The argument parser. ``argv`` decides whether the fake server's options are loaded."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A keyboard-driven dashboard and CLI for Zoho Cliq scheduled messages. "
        "Without a subcommand the dashboard starts (the demo when no account is configured).",
        epilog="WHEN accepts epoch milliseconds, ISO 8601 (2026-06-01T09:00[+05:30]), "
        f"17:30, tomorrow 9am, monday 9:00, +2h, in 1d2h. TRIGGER is one of {TRIGGERS_HELP}.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _shared_options(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help="run the dashboard on the demo")
    parser.add_argument("--read-only", action="store_true", help="disable every change")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _shared_options(p, suppress=True)
        return p

    p = command("list", "list pending scheduled messages (all chats, or one)")
    p.add_argument("--chat", metavar="CHAT_ID", help="only this chat")

    p = command("send-now", "deliver one or every pending message of a chat now")
    p.add_argument("chat", metavar="CHAT_ID")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", metavar="ID", help="the message to send")
    which.add_argument("--all", action="store_true", help="every pending message in the chat")

    p = command("reschedule", "move every message due at a time, or with a trigger, at once")
    p.add_argument("chat", metavar="CHAT_ID")
    p.add_argument("--from-time", metavar="WHEN", help="the time the messages are due now")
    p.add_argument("--to-time", metavar="WHEN", help="the new time")
    p.add_argument("--timezone", metavar="TZ", help="IANA zone for the times (default: local)")
    p.add_argument("--from-status", metavar="TRIGGER", type=_trigger, help=_on("current trigger"))
    p.add_argument("--to-status", metavar="TRIGGER", type=_trigger, help=_on("new trigger"))
    _far_future_option(p)

    p = command("edit", "change one message's text, time, trigger or file")
    p.add_argument("chat", metavar="CHAT_ID")
    p.add_argument("id", metavar="ID")
    p.add_argument("--text", metavar="T", help="new text (max 5000 characters)")
    p.add_argument("--time", metavar="WHEN", help="new delivery time")
    p.add_argument("--timezone", metavar="TZ", help="IANA zone for the time (default: local)")
    p.add_argument("--status", metavar="TRIGGER", type=_trigger, help=_on("new trigger"))
    p.add_argument("--remove-file", action="store_true", help="detach the file")
    _far_future_option(p)

    p = command("delete", "delete one message, or every message of a chat")
    p.add_argument("chat", metavar="CHAT_ID")
    p.add_argument("id", metavar="ID", nargs="?")
    p.add_argument("--all", action="store_true", help="every scheduled message in the chat")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p = command("create", "schedule a new text message (v2 API)")
    p.add_argument("chat", metavar="CHAT_ID")
    p.add_argument("--text", metavar="T", required=True, help="the text (max 4096 characters)")
    p.add_argument("--time", metavar="WHEN", help="delivery time")
    p.add_argument("--timezone", metavar="TZ", help="IANA zone for the time (default: local)")
    p.add_argument(
        "--status", metavar="TRIGGER", type=_trigger, help=_on("deliver on this trigger")
    )
    _far_future_option(p)

    p = command(
        "watch",
        "stream what happens to the queue (created, edited, rescheduled, deleted, delivered) "
        "until Ctrl-C; --json: one object a line",
    )
    p.add_argument("--chat", metavar="CHAT", help="only this chat (its id, or its name)")

    command(
        "doctor",
        "check the account: files, token, scopes, data centre, clock, answer shapes, budget "
        "(a few reads; never changes anything)",
    )

    p = sub.add_parser(
        "fake-server",
        help="run the fake Cliq server (demo backend and test bed)",
        description="Run the fake Cliq server on 127.0.0.1.",
    )
    if "fake-server" in argv:
        # Imported only when used: it loads Starlette and uvicorn.
        from cliq_tui.fake.cli import configure_parser

        configure_parser(p)

    auth = command("auth", "sign in to a Zoho account, or show how you are signed in")
    auth_sub = auth.add_subparsers(dest="auth_command", metavar="ACTION", required=True)
    login = auth_sub.add_parser("login", help="the Zoho self-client flow: grant code -> refresh")
    _shared_options(login, suppress=True)
    login.add_argument("--data-centre", metavar="DC", help="com, eu, in, com.au, jp, ...")
    login.add_argument("--client-id", metavar="ID")
    login.add_argument("--client-secret", metavar="SECRET", help="(asked without echo if absent)")
    login.add_argument("--grant-code", metavar="CODE", help="(asked without echo if absent)")
    login.add_argument("--accounts-url", metavar="URL", help="override the accounts server")
    login.add_argument("--credentials-file", metavar="PATH", help="where to store credentials")
    login.add_argument("--no-check", action="store_true", help="skip the test request")
    status = auth_sub.add_parser("status", help="the profile, data centre and server in use")
    _shared_options(status, suppress=True)
    status.add_argument("--check", action="store_true", help="also make one test request")
    return parser
