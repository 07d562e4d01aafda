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
from typing import Any

from cliq_tui.api.errors import APIStatusError, CliqError, ConfigError, InputError, RateLimitError
from cliq_tui.base.textsafe import visible
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
from cliq_tui.cli.parser import build_parser

__all__ = [
    "EXIT_CANCELLED",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
]


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
    if args.command == "watch":
        from cliq_tui.cli import watch as cli_watch

        return cli_watch.run(args)
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
