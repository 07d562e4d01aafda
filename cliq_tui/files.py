"""Reading a file the app keeps (a draft, the activity log, credentials) without trusting what
stands at its path: a FIFO would block the app for ever, a device could stream without end."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["NotARegularFile", "read_regular"]


class NotARegularFile(OSError):
    """The path holds a FIFO, a device, a socket or a folder instead of a file."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (one more than allowed tells
    the caller it is too large). Opening never blocks; anything but a regular file raises
    :class:`NotARegularFile`; FileNotFoundError and other OSErrors pass through."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # closed with the handle
            return handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
