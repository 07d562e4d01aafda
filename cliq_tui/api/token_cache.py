"""One access token per refresh token, shared by every process of the user.

Zoho issues at most 10 access tokens per 10 minutes for one refresh token. A CLI process lives
for one command, so a token kept only in memory would cost one of those ten per run. This cache
keeps the token (with its expiry), the times tokens were minted and a refusal for the token
limit in one file per account: 0600 in a 0700 folder, named from a hash (never from or with a
secret). A file lock around "read the cache, else refresh, write the cache" makes concurrent
processes wait for one refresh and reuse its token.

Everything read from the file is untrusted: a corrupt, foreign (another account's, another
user's) or hostile file (a symlink, a FIFO, a huge file, a token with control characters) is
ignored with one warning and replaced on the next write; it never crashes the client. When the
folder cannot be written the client keeps working with a token in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import math
import os
import re
import secrets
import stat
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir
from pydantic import SecretStr

from cliq_tui.base.files import make_private_dir

try:  # POSIX; elsewhere processes do not wait for each other (each still caches).
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("cliq_tui.api")

FORMAT_VERSION = 1
TOKEN_LIMIT = 10
"""Access tokens Zoho issues per refresh token ..."""
TOKEN_WINDOW = 600.0
"""... per this many seconds."""

_MAX_FILE_BYTES = 64 * 1024
# What an access token may look like before it goes into an HTTP header.
_TOKEN_SHAPE = re.compile(r"[\x21-\x7e]{1,4096}")
# How long a process waits for another one's refresh before refreshing itself.
_LOCK_PATIENCE = 30.0
_LOCK_POLL = 0.05


def default_token_dir() -> Path:
    """Where access tokens are cached: ``tokens`` under the platform's cache folder."""
    return Path(user_cache_dir("cliq-tui")) / "tokens"


@dataclass
class CachedToken:
    """An access token and the times that matter for it (in the auth's clock)."""

    access_token: SecretStr
    obtained_at: float
    expires_at: float
    forced: bool = False
    """Fetched because the server rejected the previous token (not because it expired)."""

    def __repr__(self) -> str:
        return f"CachedToken(obtained_at={self.obtained_at}, expires_at={self.expires_at})"

    def usable(self, now: float) -> bool:
        """True while the token is fresh. A token "from the future" means the clock went back,
        and no access token lives longer than a day, whatever a file says."""
        return self.obtained_at - 300.0 <= now < min(self.expires_at, self.obtained_at + 86400.0)


@dataclass
class TokenRecord:
    """Everything the cache holds for one account."""

    token: CachedToken | None = None
    minted: list[float] = field(default_factory=list)
    """When tokens were minted (last 10 minutes), to stay under Zoho's limit."""
    refused_until: float | None = None
    """Zoho refused a token for the limit: asking again before this only prolongs it."""

    def refused_at(self, now: float) -> float | None:
        """Until when Zoho's refusal holds, if it still does (never more than the token window
        ahead: a refusal noted under a clock that ran ahead must not block for longer)."""
        until = self.refused_until
        return until if until is not None and now < until <= now + TOKEN_WINDOW else None

    def recent_mints(self, now: float) -> list[float]:
        """The mint times within the token window (ignoring any from the future)."""
        return sorted(t for t in self.minted if now - TOKEN_WINDOW < t <= now + 300.0)


def cache_key(
    accounts_url: str, client_id: str, client_secret: SecretStr, refresh_token: SecretStr
) -> str:
    """A name for one account's credentials that reveals neither a secret nor the account.

    Changed credentials (a rotated client secret) make a new entry, so their refusal shows.
    """
    material = "\n".join(
        (
            "cliq-tui access token",
            accounts_url.rstrip("/"),
            client_id,
            client_secret.get_secret_value(),
            refresh_token.get_secret_value(),
        )
    )
    return hashlib.sha256(material.encode()).hexdigest()[:32]


class TokenCache:
    """The token file of one account, and the lock that makes one process refresh at a time."""

    def __init__(
        self, directory: Path, key: str, *, on_warning: Callable[[str], None] | None = None
    ) -> None:
        self.directory = directory
        self.key = key
        self.path = directory / f"token-{key}.json"
        self.lock_path = directory / f"token-{key}.lock"
        self._warned: set[str] = set()
        self._on_warning = on_warning
        self._disabled = False

    def __repr__(self) -> str:
        return f"TokenCache(path={str(self.path)!r})"

    @property
    def enabled(self) -> bool:
        """False once the folder proved unusable: the process then keeps its token in memory."""
        return not self._disabled

    # --- reading ------------------------------------------------------------------------------

    def read(self) -> TokenRecord:
        """What the file holds; an empty record when it is missing or cannot be trusted."""
        if self._disabled:
            return TokenRecord()
        try:
            raw = self._read_bytes()
        except FileNotFoundError:
            return TokenRecord()
        except _Untrusted as exc:
            self._warn("read", f"ignoring the token cache {self.path}: {exc}; fetching a new token")
            return TokenRecord()
        except OSError as exc:
            self._warn("read", f"cannot read the token cache {self.path} ({exc.strerror})")
            return TokenRecord()
        try:
            return self._parse(raw)
        except _Untrusted as exc:
            self._warn("read", f"ignoring the token cache {self.path}: {exc}; fetching a new token")
            return TokenRecord()

    def _read_bytes(self) -> bytes:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path, flags)
        except OSError as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            if os.path.islink(self.path):
                raise _Untrusted("it is a symbolic link") from None
            raise
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _Untrusted("it is not a regular file")
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                raise _Untrusted("it belongs to another user")
            if info.st_mode & 0o077:
                raise _Untrusted("other users may read or change it")
            data = file.read(_MAX_FILE_BYTES + 1)
        if len(data) > _MAX_FILE_BYTES:
            raise _Untrusted("it is far too large")
        return data

    def _parse(self, raw: bytes) -> TokenRecord:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _Untrusted("it is not JSON") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise _Untrusted("it is not a token cache of this version")
        if data.get("key") != self.key:
            raise _Untrusted("it belongs to another account")
        minted = data.get("minted", [])
        if not isinstance(minted, list) or len(minted) > 10 * TOKEN_LIMIT:
            raise _Untrusted("its mint times are not a short list")
        record = TokenRecord(
            minted=[_number(t, "a mint time") for t in minted],
            refused_until=(
                None
                if data.get("refused_until") is None
                else _number(data["refused_until"], "refused_until")
            ),
        )
        token = data.get("access_token")
        if token is not None:
            if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
                raise _Untrusted("its access token is not a token")
            record.token = CachedToken(
                access_token=SecretStr(token),
                obtained_at=_number(data.get("obtained_at"), "obtained_at"),
                expires_at=_number(data.get("expires_at"), "expires_at"),
                forced=data.get("forced") is True,
            )
        return record

    # --- writing ------------------------------------------------------------------------------

    def write(self, record: TokenRecord) -> None:
        """Replace the file atomically (0600); on failure warn once and go on in memory."""
        if self._disabled:
            return
        body: dict[str, object] = {
            "version": FORMAT_VERSION,
            "key": self.key,
            "minted": record.minted[-TOKEN_LIMIT * 2 :],
            "refused_until": record.refused_until,
        }
        if record.token is not None:
            body.update(
                access_token=record.token.access_token.get_secret_value(),
                obtained_at=record.token.obtained_at,
                expires_at=record.token.expires_at,
                forced=record.token.forced,
            )
        temp = self.directory / f".token-{self.key}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            self._ensure_directory()
            fd = os.open(
                temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(body, file)
            os.replace(temp, self.path)
            self._prune()
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            self._disable(f"cannot write the token cache {self.path} ({exc.strerror or exc})")

    def _ensure_directory(self) -> None:
        make_private_dir(self.directory)
        info = self.directory.lstat()
        if not stat.S_ISDIR(info.st_mode):
            raise OSError(0, "the token folder is not a folder")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise OSError(0, "the token folder belongs to another user")
        if info.st_mode & 0o077:
            os.chmod(self.directory, 0o700)

    # --- one process at a time ---------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Hold the account's token lock: other processes wait here while one refreshes.

        A process that cannot get the lock within 30 s (a stuck holder) goes on without it.
        """
        fd = self._open_lock()
        if fd is None:
            yield
            return
        try:
            deadline = time.monotonic() + _LOCK_PATIENCE
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    self._warn("lock", "another process holds the token lock too long; going on")
                    break
                await asyncio.sleep(_LOCK_POLL)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _open_lock(self) -> int | None:
        if self._disabled or fcntl is None:
            return None
        try:
            self._ensure_directory()
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.lock_path, flags, 0o600)
        except OSError as exc:
            self._disable(f"cannot use the token lock {self.lock_path} ({exc.strerror or exc})")
            return None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            self._warn("lock", f"ignoring the token lock {self.lock_path}: not a regular file")
            return None
        return fd

    def _prune(self) -> None:
        """Remove other accounts' token files unused for a day (their tokens died long ago) and
        temporary files a crash left behind; best effort."""
        now = time.time()
        for path in [*self.directory.glob("token-*.json"), *self.directory.glob(".token-*.tmp")]:
            limit = 86400.0 if path.suffix == ".json" else 3600.0
            with contextlib.suppress(OSError):
                if path != self.path and now - path.lstat().st_mtime > limit:
                    path.unlink()

    def _disable(self, reason: str) -> None:
        self._disabled = True
        self._warn("disable", f"{reason}; this process keeps its access token in memory only")

    def _warn(self, kind: str, message: str) -> None:
        # One line per process is enough: the next write replaces a bad file anyway.
        if not self._warned:
            self._warned.add(kind)
            line = " ".join(message.split())
            if self._on_warning is not None:
                self._on_warning(line)
            else:
                log.warning("%s", line)


class _Untrusted(Exception):
    """The token file is not one this client wrote for this account."""


def _try_lock(fd: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without locks: go on unlocked rather than stall
    return True


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Untrusted(f"its {what} is not a number")
    return float(value)
