"""Editing a message's text in the user's own editor ($VISUAL, $EDITOR, then vi).

Kept apart from the dialog so it can be tested without a terminal: the caller decides how to
hand the terminal over (``App.suspend()`` in the app).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path


class EditorError(Exception):
    """No editor could be run, or it failed; the text is left as it was."""


def editor_commands(environ: Mapping[str, str] | None = None) -> list[list[str]]:
    """The editor commands to try, in order: $VISUAL, $EDITOR, then plain ``vi``."""
    env = os.environ if environ is None else environ
    commands: list[list[str]] = []
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            continue
        if words and words not in commands:
            commands.append(words)
    if ["vi"] not in commands:
        commands.append(["vi"])
    return commands


def edit_externally(
    text: str,
    *,
    suspend: Callable[[], AbstractContextManager[object]] = nullcontext,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Open ``text`` in an external editor and return what the user saved.

    Raises :class:`EditorError` (with a sentence for the user) when no editor starts or the
    editor exits with an error; the caller keeps the original text then.
    """
    fd, name = tempfile.mkstemp(prefix="cliq-message-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        commands = editor_commands(environ)
        path_var = (os.environ if environ is None else environ).get("PATH")
        command = next((c for c in commands if shutil.which(c[0], path=path_var)), None)
        if command is None:
            tried = ", ".join(c[0] for c in commands)
            raise EditorError(f"No editor found (tried {tried}): set $VISUAL or $EDITOR.")
        try:
            with suspend():
                result = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise EditorError(f"The editor ({command[0]}) could not start: {reason}.") from exc
        if result.returncode != 0:
            raise EditorError(
                f"The editor ({command[0]}) exited with status {result.returncode}; "
                "your text was left unchanged."
            )
        edited = path.read_text(encoding="utf-8")
        # Editors end the file with a newline the user never typed.
        return edited[:-1] if edited.endswith("\n") and not text.endswith("\n") else edited
    finally:
        path.unlink(missing_ok=True)
