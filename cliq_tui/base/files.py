"""Reading a file the app keeps (a draft, the activity log, credentials) without trusting what
stands at its path: a FIFO would block the app for ever, a device could stream without end."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = [
    "NotARegularFile",
    "check_regular_or_absent",
    "make_private_dir",
    "read_regular",
    "write_private",
]


class NotARegularFile(OSError):
    """The path holds a FIFO, a device, a socket or a folder instead of a file."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (one more than allowed tells
    the caller it is too large). Opening never blocks; anything but a regular file raises
    :class:`NotARegularFile`; FileNotFoundError and other OSErrors pass through."""
    check_regular_or_absent(path)  # a socket cannot even be opened: say what it is
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise NotARegularFile(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # closed with the handle
            return handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)


def check_regular_or_absent(path: Path) -> None:
    """Raise :class:`NotARegularFile` when something other than a regular file (a device, a
    FIFO, a socket, a folder, or a symlink to one) stands at ``path``; nothing there is fine.
    Called before a file is written by renaming onto ``path`` (which would replace a device
    node) or read (which would block on a FIFO)."""
    try:
        mode = os.stat(path).st_mode  # follows a symlink: what it points at is what counts
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISDIR(mode):
        raise NotARegularFile(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(mode):
        raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))


def make_private_dir(path: Path) -> list[Path]:
    """Create ``path`` and every missing folder above it readable only by the owner (0700).

    ``Path.mkdir(parents=True, mode=0o700)`` gives the parents the umask's default (often 0755),
    so a folder holding caches or drafts would be listable by others. Returns the folders that
    were created, outermost first (so a caller probing can remove them again)."""
    missing: list[Path] = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made meanwhile by another process
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
        created.append(folder)
    return created


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed over it),
    readable only by the owner (0600), in a folder made 0700 if missing. Refuses to replace
    anything but a regular file (:class:`NotARegularFile`); other OSErrors pass through."""
    check_regular_or_absent(path)
    make_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
