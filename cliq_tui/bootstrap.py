"""The one factory that builds the app for the CLI, the demo and the tests.

Heavy imports (Textual, the fake server, httpx) happen lazily so ``cliq-tui --help`` stays quick
and the demo paints its queue fast: the fake server starts in its own thread while the app
mounts.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliq_tui.api.client import CliqClient
    from cliq_tui.fake import FakeConfig, FakeServer
    from cliq_tui.storage.config import Profile, Settings
    from cliq_tui.sync.engine import SyncEngine
    from cliq_tui.ui.app import CliqApp
    from cliq_tui.ui.profiles import ProfileSwitch

Clock = Callable[[], float]


def _datetime_clock(clock: Clock) -> Callable[[], datetime]:
    return lambda: datetime.fromtimestamp(clock(), UTC)


class _Backend:
    """One long-lived client and its engine: opened at start, closed at exit."""

    def __init__(self, *, clock: Clock | None, poll_interval: float | None) -> None:
        self.clock = clock
        self.poll_interval = poll_interval
        self.client: CliqClient | None = None
        self.engine: SyncEngine | None = None
        # Where what Cliq said about status triggers is remembered (None: in memory only).
        self.triggers_path: Path | None = None

    def _engine_for(
        self, client: CliqClient, cache: Any | None, lease: Any | None = None
    ) -> SyncEngine:
        from cliq_tui.sync.engine import SyncEngine

        self.client = client
        self.engine = SyncEngine(
            client,
            cache=cache,
            poll_interval=self.poll_interval,
            clock=_datetime_clock(self.clock) if self.clock else None,
            lease=lease,
        )
        from cliq_tui.sync.triggers import TriggerMemory

        self.engine.triggers = TriggerMemory(self.triggers_path)
        return self.engine

    def _client(self, base_url: str, auth: Any, budgets: Any = None) -> CliqClient:
        from cliq_tui.api.client import CliqClient

        if self.clock is None:
            return CliqClient(base_url, auth, budgets=budgets)
        return CliqClient(base_url, auth, clock=self.clock, budgets=budgets)

    async def close(self) -> None:
        """Close the client and its budget (the engine's polling stops with the app's workers)."""
        if self.client is not None:
            client, self.client = self.client, None
            await client.aclose()
            client.budgets.close()


class DemoBackend(_Backend):
    """The embedded fake Cliq server on a loopback port, and a client pointed at it."""

    def __init__(
        self,
        fake_config: FakeConfig | None = None,
        *,
        clock: Clock | None = None,
        poll_interval: float | None = None,
    ) -> None:
        super().__init__(clock=clock, poll_interval=poll_interval)
        self.fake_config = fake_config
        self.fake_server: FakeServer | None = None
        # A scratch folder (the demo's drafts) removed at exit.
        self.scratch: Path | None = None

    def _start_server(self) -> FakeServer:
        from cliq_tui.fake import FakeConfig, FakeServer

        # CLIQ_TUI_DEMO_SEED=hostile runs the demo on hostile data (see cliq_tui/fake/README.md).
        seed = os.environ.get("CLIQ_TUI_DEMO_SEED", "demo")
        if seed not in ("demo", "realistic", "empty", "hostile"):
            seed = "demo"
        server = FakeServer(self.fake_config or FakeConfig(seed=seed))  # type: ignore[arg-type]
        server.start()
        return server

    async def start(self) -> SyncEngine:
        """Start the fake server in a thread, then the client and the engine (no cache)."""
        from cliq_tui.api.auth import StaticToken

        self.fake_server = await asyncio.to_thread(self._start_server)
        client = self._client(self.fake_server.base_url, StaticToken(self.fake_server.token))
        return self._engine_for(client, cache=None)

    async def close(self) -> None:
        """Close the client, then stop the server."""
        await super().close()
        if self.fake_server is not None:
            server, self.fake_server = self.fake_server, None
            await asyncio.to_thread(server.stop)
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def _triggers_path(profile: str, cache_dir: Path | None) -> Path:
    """The profile's file of what Cliq said about status triggers (beside a given cache)."""
    from cliq_tui.sync.triggers import default_path

    path = default_path(profile)
    return path if cache_dir is None else cache_dir / "learned" / path.name


class ProfileBackend(_Backend):
    """A configured Cliq account, with its local cache."""

    def __init__(
        self,
        profile: Profile,
        *,
        clock: Clock | None = None,
        poll_interval: float | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__(clock=clock, poll_interval=poll_interval)
        self.profile = profile
        self.cache_dir = cache_dir
        self._cache: Any | None = None
        self._lease: Any | None = None

    async def start(self) -> SyncEngine:
        """Open the client and the cache for the profile."""
        from cliq_tui.api.budget_store import shared_budgets
        from cliq_tui.sync.cache import QueueCache
        from cliq_tui.sync.lease import PollerLease

        profile = self.profile
        token_dir = self.cache_dir / "tokens" if self.cache_dir is not None else None
        auth = profile.make_auth(clock=self.clock or time.time, token_dir=token_dir)
        # One budget per account, shared with every other dashboard and CLI run of it.
        budgets = shared_budgets(profile.budget_path(self.cache_dir), clock=self.clock or time.time)
        client = self._client(profile.cliq_url, auth, budgets)
        self._cache = QueueCache.for_profile(profile.name, profile.cliq_url, self.cache_dir)
        # Several windows on this account: one polls, the others follow it through the cache.
        self._lease = PollerLease(self._cache, monotonic=self.clock or time.monotonic)
        self.triggers_path = _triggers_path(profile.name, self.cache_dir)
        return self._engine_for(client, cache=self._cache, lease=self._lease)

    async def close(self) -> None:
        """Close the client and the cache, handing the polling role to another window."""
        await super().close()
        if self._lease is not None:
            lease, self._lease = self._lease, None
            lease.release()
        if self._cache is not None:
            cache, self._cache = self._cache, None
            cache.close()


def build_app(
    settings: Settings,
    *,
    demo: bool,
    read_only: bool = False,
    fake_config: FakeConfig | None = None,
    clock: Clock | None = None,
    tz: tzinfo | None = None,
    drafts_dir: Path | None = None,
    cache_dir: Path | None = None,
    switched_from: str | None = None,
) -> CliqApp:
    """The app for these settings: the demo when asked or when no account is configured.

    ``clock`` (epoch seconds) drives the client, the engine and the app alike (snapshot tests
    pin it); ``tz`` is the zone times are shown in (default: the system's); ``switched_from``
    names the profile a palette switch left, for the dashboard to say where it is now.
    """
    from cliq_tui.api.errors import ConfigError
    from cliq_tui.storage.drafts import DraftStore
    from cliq_tui.storage.heads_up_record import AnnouncedRecord
    from cliq_tui.storage.heads_up_record import default_path as heads_up_path
    from cliq_tui.ui.app import CliqApp
    from cliq_tui.ui.keymap import check_keymap, keymap_conflicts
    from cliq_tui.ui.profiles import ProfileChoice

    profile = None if demo else settings.profile()
    use_demo = demo or profile is None
    ui = settings.ui
    keymap, warnings = check_keymap(ui.keymap)
    conflicts = keymap_conflicts(keymap)
    if conflicts:  # refused before anything starts: one line, like any wrong setting
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        raise ConfigError(conflicts[0] + more, key="ui.keymap")
    backend: DemoBackend | ProfileBackend
    if profile is None:
        backend = DemoBackend(fake_config, clock=clock, poll_interval=ui.poll_interval)
    else:
        backend = ProfileBackend(
            profile, clock=clock, poll_interval=ui.poll_interval, cache_dir=cache_dir
        )
    if drafts_dir is None and isinstance(backend, DemoBackend):
        # Demo message ids are new on every run: their drafts must not pile up in the user's data.
        # The folder (an unguessable name) is only made when a draft is first saved.
        scratch = f"cliq-tui-demo-drafts-{secrets.token_hex(8)}"
        drafts_dir = backend.scratch = Path(tempfile.gettempdir()) / scratch
    app = CliqApp(
        backend,
        demo=use_demo,
        read_only=read_only or ui.read_only,
        theme=ui.theme,
        keymap=keymap,
        clock=clock,
        tz=tz,
        drafts=DraftStore(drafts_dir),
        profiles=ProfileChoice(
            settings.profile_names(),
            profile.name if profile else None,
            switched_from=switched_from,
        ),
        heads_up=ui.heads_up_leads,
        heads_up_bell=ui.heads_up_bell,
        heads_up_desktop=ui.heads_up_desktop,
        # The demo's ids are new on every run: nothing to carry over.
        heads_up_record=AnnouncedRecord(
            heads_up_path(profile.name, cache_dir) if profile is not None else None
        ),
    )
    app.startup_warnings.extend(warnings)
    return app


def run_app(
    settings: Settings,
    *,
    demo: bool,
    read_only: bool = False,
    switched_from: str | None = None,
) -> int | ProfileSwitch:
    """Run the dashboard until the user quits (the exit code) or switches profile from the
    palette (the switch, for the CLI to start the dashboard again on that profile)."""
    from cliq_tui.ui.profiles import ProfileSwitch

    app = build_app(settings, demo=demo, read_only=read_only, switched_from=switched_from)
    result = app.run()
    if app.profiles.requested is not None:
        return ProfileSwitch(app.profiles.requested)
    return int(result or 0)
