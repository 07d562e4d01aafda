"""What every command of ``cliq-tui`` shares: the program's name, the exit codes and the two
exceptions a command raises to end with one line (imported by main and by each command module,
so that none of them imports another's entry point)."""

from __future__ import annotations

__all__ = [
    "EXIT_CANCELLED",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "NO_ACCOUNT",
    "PROG",
    "Cancelled",
    "NothingDone",
    "UsageError",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# A confirmation the user declined: nothing was done, and nothing failed. gh keeps its own code
# for a cancel apart from a failure; its 2 is argparse's usage error here, so a declined question
# is 3 (as gh-like tools such as gitea's gt do), and 130 stays what the shell reports for Ctrl-C.
EXIT_CANCELLED = 3
PROG = "cliq-tui"
# What a command that needs an account says when none is configured.
NO_ACCOUNT = (
    "no account configured: pass --base-url and --token, name a --profile, or run "
    "`cliq-tui auth login` (try `cliq-tui fake-server` for a local server)."
)


class UsageError(Exception):
    """A problem with what the user asked for: exit 2 with one line."""


class Cancelled(Exception):
    """The user declined a confirmation: exit 3 (EXIT_CANCELLED), nothing done."""


class NothingDone(Exception):
    """What was asked matched nothing (no message due at that time): exit 1 with one line."""
