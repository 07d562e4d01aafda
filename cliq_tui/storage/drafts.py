"""Unsent dialog input kept on disk, so nothing a user typed is lost to an error, a quit or a crash.

One JSON file per key, written atomically (temp file + rename) and readable by the owner only.
No Textual here: the store is plain I/O the dialogs call.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import platformdirs

from cliq_tui.base.files import NotARegularFile, make_private_dir, read_regular

log = logging.getLogger(__name__)

_SUFFIX = ".json"
# No draft is larger: a 5,000-character text, escaped, is well under 64 KiB.
MAX_DRAFT_BYTES = 256 * 1024


def default_drafts_dir() -> Path:
    """Where drafts live by default: the platform's per-user data directory."""
    return Path(platformdirs.user_data_dir("cliq-tui")) / "drafts"


class DraftStore:
    """Drafts by key (``edit:<message id>``, ``create:<chat id>``), one private JSON file each."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_drafts_dir()
        # The last problem with a draft file, until :meth:`take_warning` takes it.
        self.warning: str | None = None

    def __repr__(self) -> str:
        return f"DraftStore({str(self.directory)!r})"

    def _path(self, key: str) -> Path:
        # Keys carry ':' and ids of any shape; quoting keeps every key a single safe file name.
        return self.directory / (quote(key, safe="") + _SUFFIX)

    def save(self, key: str, data: dict[str, Any], *, durable: bool = True) -> None:
        """Write the draft for ``key``, replacing any earlier one in one atomic step.

        ``durable`` waits until the bytes are on the disk (fsync): a power cut keeps them. Without
        it the write is cheap enough for every keystroke, and the draft still survives the app
        ending any way at all (quit, signal, crash): only the machine going down can lose it.
        """
        payload = json.dumps(data, ensure_ascii=False, indent=1)
        make_private_dir(self.directory)
        # mkstemp creates the file 0600; the rename makes a half-written draft impossible.
        fd, tmp_name = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            os.chmod(tmp_name, 0o600)
            os.replace(tmp_name, self._path(key))
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def load(self, key: str) -> dict[str, Any] | None:
        """The draft for ``key``, or None when there is none or it cannot be used.

        A file that is not a draft (binary junk, not JSON, nested too deep, too large, not an
        object) is moved aside (``<file>.corrupt``) and :meth:`take_warning` says so in one
        line; it never raises.
        """
        path = self._path(key)
        try:
            raw = read_regular(path, MAX_DRAFT_BYTES)
        except FileNotFoundError:
            return None
        except NotARegularFile:
            self._set_aside(path, "it is not a regular file")
            return None
        except OSError as exc:
            self._warn(f"The draft {path} cannot be read ({exc.strerror}); it was left alone.")
            return None
        if len(raw) > MAX_DRAFT_BYTES:
            self._set_aside(path, f"it is larger than {MAX_DRAFT_BYTES // 1024} KiB")
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self._set_aside(path, "it is not UTF-8 text")
            return None
        except (ValueError, RecursionError):
            self._set_aside(path, "it is not valid JSON")
            return None
        if not isinstance(data, dict):
            self._set_aside(path, "it is not a JSON object")
            return None
        return data

    def set_aside(self, key: str, why: str) -> None:
        """Move the draft for ``key`` aside (a caller found it unusable: ``why``)."""
        self._set_aside(self._path(key), why)

    def take_warning(self) -> str | None:
        """The last problem with a draft file, in one line naming it (then forgotten)."""
        warning, self.warning = self.warning, None
        return warning

    def _warn(self, line: str) -> None:
        log.warning("%s", line)
        self.warning = line

    def _set_aside(self, path: Path, why: str) -> None:
        aside = path.with_name(path.name + ".corrupt")
        try:
            os.replace(path, aside)
        except OSError as exc:
            self._warn(
                f"Ignored a corrupt draft {path} ({why}); it could not be moved ({exc.strerror})."
            )
            return
        self._warn(f"Ignored a corrupt draft {path} ({why}); moved it aside to {aside.name}.")

    def discard(self, key: str) -> None:
        """Forget the draft for ``key``; nothing happens when there is none."""
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> list[str]:
        """Every key with a draft on disk, sorted."""
        if not self.directory.is_dir():
            return []
        return sorted(
            unquote(path.name[: -len(_SUFFIX)])
            for path in self.directory.iterdir()
            if path.name.endswith(_SUFFIX)  # half-written temp files end in .tmp
        )
