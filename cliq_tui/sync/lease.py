"""Which of several windows on one account polls the server; the others follow the cache.

The poller holds a lease: an exclusive ``flock`` on a lease file beside the cache, named by the
lease's epoch, plus its name and a heartbeat counter in the cache's meta table. The operating
system drops the ``flock`` when the poller exits or is killed, so another window takes the role
at its next look. A poller that hangs keeps its ``flock``; when its heartbeat has not moved for
:data:`STALE_SECONDS` (measured on the follower's own monotonic clock, so the wall clock jumping
does not matter) a follower starts a new epoch, with a new lease file, and polls instead. The
hung window, if it ever wakes, sees it lost the lease and follows. Claims are compare-and-set in
one SQLite transaction, so two followers never both win.

The poller also publishes its freshness (status, when it last synced, lock end) for the
followers' status bars. A window whose cache is off polls on its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cliq_tui.sync.cache import LISTED_AT, QueueCache
from cliq_tui.sync.cache_file import tighten
from cliq_tui.sync.cache_rows import number
from cliq_tui.sync.types import Role, SyncState, SyncStatus

log = logging.getLogger(__name__)

# A poller whose heartbeat has not moved for this long is taken for hung.
STALE_SECONDS = 15.0
# How often the poller writes its heartbeat (it looks at the lease more often).
BEAT_SECONDS = 2.0

_STATUSES = {s.value for s in SyncStatus}
_EPOCH, _OWNER, _BEAT = "poller_epoch", "poller_owner", "poller_beat"
_STATUS, _SYNCED, _LOCKED = "poller_status", "poller_synced", "poller_locked_until"


@dataclass(frozen=True)
class Holder:
    """The lease as the cache records it."""

    epoch: int
    owner: str | None
    beat: str | None


@dataclass(frozen=True)
class PollerNews:
    """The poller's freshness as it published it (already checked for sanity)."""

    status: SyncStatus | None
    last_synced: datetime | None
    locked_until: datetime | None
    # When any process (the poller, a follower's refresh, a CLI run) last listed the queue.
    listed_at: datetime | None = None


def _epoch(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 18 else 0


def _when(value: str | None) -> datetime | None:
    seconds = number(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None and seconds > 0 else None


class PollerLease:
    """This window's claim to poll for the account, checked at every look (:meth:`check`)."""

    def __init__(
        self,
        cache: QueueCache,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        stale_after: float = STALE_SECONDS,
        beat_every: float = BEAT_SECONDS,
        name: str | None = None,
    ) -> None:
        self._cache = cache
        self._monotonic = monotonic
        self._stale_after = stale_after
        self._beat_every = beat_every
        self.name = name or f"{os.getpid()}-{secrets.token_hex(4)}"
        self._fd: int | None = None
        self._locked_epoch: int | None = None
        self._observed: Holder | None = None
        self._observed_at = 0.0
        self._beaten_at: float | None = None
        self._beats = 0
        self.role = Role.FOLLOWING
        # Set when this window took the role from one that stopped beating (for the log).
        self.took_over_from: str | None = None

    def _file(self, epoch: int) -> Path:
        path = self._cache.path
        return path.with_name(f"{path.name}.poller-{epoch}")

    def _lock(self, epoch: int) -> bool:
        """Take the lease file of ``epoch`` exclusively, without waiting; True when taken."""
        if self._locked_epoch == epoch:
            return True
        self._unlock()
        try:
            fd = os.open(self._file(epoch), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.info("lease file not usable: %s", exc)
            return False
        tighten(self._file(epoch), 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd, self._locked_epoch = fd, epoch
        return True

    def _unlock(self) -> None:
        if self._fd is not None:
            fd, self._fd, self._locked_epoch = self._fd, None, None
            os.close(fd)

    def _holder(self) -> Holder | None:
        meta = self._cache.meta()
        if meta is None:
            return None
        return Holder(_epoch(meta.get(_EPOCH)), meta.get(_OWNER), meta.get(_BEAT))

    def _expect(self, holder: Holder) -> dict[str, str | None]:
        return {
            _EPOCH: str(holder.epoch) if holder.epoch else None,
            _OWNER: holder.owner,
            _BEAT: holder.beat,
        }

    def _claim(self, holder: Holder, epoch: int, state: SyncState | None) -> bool | None:
        """Take the lease if ``holder`` still holds it; None when the cache cannot be written."""
        self._beats += 1
        values: dict[str, str | None] = {_EPOCH: str(epoch), _OWNER: self.name}
        values[_BEAT] = f"{self.name}:{self._beats}"
        if state is not None:
            values.update(_news_values(state))
        done = self._cache.update_meta(values, expect=self._expect(holder))
        if not done:
            return done
        self._beaten_at = self._monotonic()
        if epoch != holder.epoch:
            self._remove_old_files(epoch)
        return True

    def _remove_old_files(self, epoch: int) -> None:
        """Lease files of earlier epochs are never locked again (claims check the epoch)."""
        for old in range(max(0, epoch - 5), epoch):
            with contextlib.suppress(OSError):
                self._file(old).unlink(missing_ok=True)

    def check(self, state: SyncState | None = None, *, publish: bool = False) -> Role:
        """Look at the lease: keep it (beating), take it when free or stale, or follow.

        ``state`` is this window's freshness, published while it polls (at the latest with the
        next heartbeat; at once with ``publish``).
        """
        holder = self._holder()
        if holder is None:
            self._unlock()
            self.role = Role.ALONE
            return self.role
        if holder.owner == self.name and self._locked_epoch == holder.epoch:
            self._beat(holder, state, publish)
        else:
            self.role = self._contend(holder, state)
        return self.role

    def _beat(self, holder: Holder, state: SyncState | None, publish: bool) -> None:
        now = self._monotonic()
        if not publish and self._beaten_at is not None and now - self._beaten_at < self._beat_every:
            self.role = Role.POLLING
            return
        self._beats += 1
        values: dict[str, str | None] = {_BEAT: f"{self.name}:{self._beats}"}
        if state is not None:
            values.update(_news_values(state))
        done = self._cache.update_meta(values, expect=self._expect(holder))
        if done:
            self._beaten_at = now
            self.role = Role.POLLING
        elif done is None:
            self.role = Role.ALONE  # the cache cannot be written: nobody else can poll either
        else:
            self.role = Role.FOLLOWING  # another window took over meanwhile

    def _contend(self, holder: Holder, state: SyncState | None) -> Role:
        if holder.owner != self.name:
            self._unlock()  # superseded (this window hung) or never held
        current = holder.epoch or 1  # no epoch yet: nobody ever polled
        if self._lock(current):
            # Nobody holds this epoch's lock: the poller exited or was killed (or none yet).
            claimed = self._claim(holder, current, state)
            if claimed:
                self._note_took_over(holder, "exited")
                return Role.POLLING
            self._unlock()
            return Role.ALONE if claimed is None else Role.FOLLOWING
        if holder != self._observed:
            self._observed, self._observed_at = holder, self._monotonic()
            return Role.FOLLOWING
        if self._monotonic() - self._observed_at < self._stale_after:
            return Role.FOLLOWING
        # The poller holds its lock but stopped beating: hung. Start a new epoch.
        epoch = current + 1
        claimed = self._claim(holder, epoch, state) if self._lock(epoch) else False
        if claimed:
            self._note_took_over(holder, "stopped responding")
            return Role.POLLING
        self._unlock()
        return Role.ALONE if claimed is None else Role.FOLLOWING

    def _note_took_over(self, holder: Holder, why: str) -> None:
        self._observed = None
        if holder.owner and holder.owner != self.name:
            self.took_over_from = holder.owner
            log.info("this window polls now: the window that polled %s", why)

    def news(self) -> PollerNews:
        """The poller's freshness as published (fields that make no sense are None)."""
        meta = self._cache.meta() or {}
        status = meta.get(_STATUS)
        return PollerNews(
            SyncStatus(status) if status in _STATUSES else None,
            _when(meta.get(_SYNCED)),
            _when(meta.get(_LOCKED)),
            _when(meta.get(LISTED_AT)),
        )

    def release(self) -> None:
        """Give the role up (exit, pause): another window takes it at its next look."""
        holder = self._holder() if self._fd is not None else None
        if holder is not None and holder.owner == self.name:
            self._cache.update_meta({_OWNER: None}, expect={_OWNER: self.name})
        self._unlock()
        self._beaten_at = None
        self.role = Role.FOLLOWING


def _news_values(state: SyncState) -> dict[str, str | None]:
    return {
        _STATUS: state.status.value,
        _SYNCED: str(state.last_synced.timestamp()) if state.last_synced else None,
        _LOCKED: str(state.locked_until.timestamp()) if state.locked_until else None,
    }
