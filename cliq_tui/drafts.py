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

log = logging.getLogger(__name__)

_SUFFIX = ".json"


def default_drafts_dir() -> Path:
    """Where drafts live by default: the platform's per-user data directory."""
    return Path(platformdirs.user_data_dir("cliq-tui")) / "drafts"


class DraftStore:
    """Drafts by key (``edit:<message id>``, ``create:<chat id>``), one private JSON file each."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_drafts_dir()

    def __repr__(self) -> str:
        return f"DraftStore({str(self.directory)!r})"

    def _path(self, key: str) -> Path:
        # Keys carry ':' and ids of any shape; quoting keeps every key a single safe file name.
        return self.directory / (quote(key, safe="") + _SUFFIX)

    def save(self, key: str, data: dict[str, Any]) -> None:
        """Write the draft for ``key``, replacing any earlier one in one atomic step."""
        payload = json.dumps(data, ensure_ascii=False, indent=1)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkstemp creates the file 0600; the rename makes a half-written draft impossible.
        fd, tmp_name = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, 0o600)
            os.replace(tmp_name, self._path(key))
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def load(self, key: str) -> dict[str, Any] | None:
        """The draft for ``key``, or None when there is none or it cannot be read."""
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("Ignoring draft %s: cannot read it (%s)", path.name, exc.strerror)
            return None
        try:
            data = json.loads(text)
        except ValueError:
            log.warning("Ignoring corrupt draft %s: not valid JSON", path.name)
            return None
        if not isinstance(data, dict):
            log.warning("Ignoring corrupt draft %s: not a JSON object", path.name)
            return None
        return data

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
