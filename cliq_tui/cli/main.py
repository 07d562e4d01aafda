"""The ``cliq-tui`` command: the dashboard with no subcommand, scriptable operations with one.

Exit codes: 0 success; 1 when the API or the network refused (one line on stderr naming the API
code, never a traceback); 2 on usage errors (bad options, bad input, bad configuration); 3 when
the user declined a confirmation (nothing done); 130 when interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import Any

from cliq_tui.api.errors import APIStatusError, CliqError, ConfigError, InputError, RateLimitError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.base.textsafe import visible
from cliq_tui.base.version import __version__
from cliq_tui.cli.common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Cancelled,
    NothingDone,
    UsageError,
)
from cliq_tui.core.triggers import TRIGGERS_HELP, parse_trigger
from cliq_tui.storage.config import default_config_path

__all__ = [
    "EXIT_CANCELLED",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
]


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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    real_stdout = sys.stdout
    try:
        # argparse swallows a failed write of --help or --version: the guard remembers it.
        sys.stdout = guard = _GuardedOutput(real_stdout)  # type: ignore[assignment]
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        try:
            sys.stdout.flush()
            if guard.failed is not None:
                raise guard.failed
        except OutputError as failed:
            return _os_failure(failed)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    finally:
        sys.stdout = real_stdout
    if args.command is not None:  # the dashboard owns the terminal itself
        sys.stdout = _GuardedOutput(real_stdout)  # type: ignore[assignment]
    try:
        from cliq_tui.api.trace import TRACE_ENV, prepare_trace_file, tracing

        trace_path = args.trace or os.environ.get(TRACE_ENV)
        if trace_path:  # refused before anything is sent, not found empty afterwards
            prepare_trace_file(trace_path)
        with tracing(args.trace, texts=args.trace_texts):
            code = _dispatch(args, parser)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
        return code
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except Cancelled as exc:
        print(f"{PROG}: cancelled: {exc}", file=sys.stderr)
        return EXIT_CANCELLED
    except NothingDone as exc:
        return _fail(str(exc), EXIT_FAILED)
    except (InputError, ConfigError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except CliqError as exc:
        return _fail(_describe(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except OSError as exc:
        return _os_failure(exc)
    except Exception as exc:  # a bug: one line unless asked for the traceback
        if os.environ.get("CLIQ_TUI_DEBUG"):
            raise
        return _fail(
            f"internal error ({type(exc).__name__}); set CLIQ_TUI_DEBUG=1 for details.",
            EXIT_FAILED,
        )
    finally:
        sys.stdout = real_stdout


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command is None:
        return _run_dashboard(args)
    if args.command == "fake-server":
        from cliq_tui.fake.cli import run

        return int(run(args) or 0)
    if args.command == "auth":
        from cliq_tui.cli import auth as cli_auth

        return cli_auth.run(args)
    if args.command == "doctor":
        from cliq_tui.cli import doctor as cli_doctor

        return cli_doctor.run(args)
    from cliq_tui.cli import commands as cli_commands

    return cli_commands.run(args)


def _run_dashboard(args: argparse.Namespace) -> int:
    """Run the dashboard; when the user switches profile from the palette, the app exits and
    starts again here on that profile (same config file and --read-only)."""
    from cliq_tui.storage.config import load_settings
    from cliq_tui.ui.profiles import ProfileSwitch

    settings = load_settings(
        args.config, profile=args.profile, base_url=args.base_url, access_token=args.token
    )
    demo = bool(args.demo)
    # Only a restart has something to tell the dashboard: the profile it left.
    restart: dict[str, str] = {}
    try:
        from cliq_tui.bootstrap import run_app
    except ImportError:
        return _fail("the dashboard is not available in this installation.", EXIT_FAILED)
    while True:
        # A wrong profile is reported here, before the screen takes over.
        profile = None if demo else settings.profile()
        read_only = args.read_only or settings.ui.read_only
        outcome = run_app(settings, demo=demo, read_only=read_only, **restart)
        if not isinstance(outcome, ProfileSwitch):
            return outcome
        # The command line's --base-url and --token belonged to the profile left behind.
        settings = load_settings(args.config, profile=outcome.to)
        restart = {"switched_from": profile.name if profile else "the demo"}
        demo = False


def _describe(exc: CliqError) -> str:
    """One line for an API or network failure, naming the API code and status when known."""
    text = " ".join(str(exc).split())
    if isinstance(exc, APIStatusError):
        facts = []
        if exc.code:
            facts.append(f"API code {exc.code}")
        # A request the client refused itself never reached Cliq: no HTTP status to report.
        if isinstance(exc, RateLimitError) and not exc.sent:
            facts.append(
                "not sent: lock from an earlier throttle"
                if exc.from_server
                else "not sent: client-side rate budget"
            )
        else:
            facts.append(f"HTTP {exc.status_code}")
        text = f"{text} ({', '.join(facts)})"
    return f"{exc.title.lower()}: {text}"


class OutputError(OSError):
    """Standard output could not be written (a full disk, a closed pipe)."""


class _GuardedOutput:
    """Standard output whose write failures say that they are the output's."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.failed: OutputError | None = None  # the first failure, even if a caller ignored it

    def write(self, text: str) -> int:
        try:
            return int(self.inner.write(text))
        except OSError as exc:
            raise self._failure(exc) from exc

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as exc:
            raise self._failure(exc) from exc

    def _failure(self, exc: OSError) -> OutputError:
        failure = OutputError(exc.errno, exc.strerror)
        self.failed = self.failed or failure
        return failure

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _os_failure(exc: OSError) -> int:
    """One line for a failed write: the output (a full disk, a closed pipe) or a file."""
    why = exc.strerror or type(exc).__name__
    if isinstance(exc, OutputError):
        # Drop what could not be written, so the interpreter's own flush at exit adds no
        # traceback; a reader that went away (a pipe into `head`) needs no message.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if exc.errno == errno.EPIPE:
            return EXIT_FAILED
        return _fail(f"cannot write the output ({why}).", EXIT_FAILED)
    where = f" {exc.filename}" if exc.filename else ""
    return _fail(f"cannot use the file{where} ({why}).", EXIT_FAILED)


def _fail(message: str, code: int) -> int:
    # Error texts can carry the server's words or a file's content: shown, never obeyed.
    for line in visible(message, newlines=True).splitlines() or [message]:
        print(f"{PROG}: error: {line}", file=sys.stderr)
    return code
