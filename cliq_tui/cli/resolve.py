"""``cliq-tui list`` with chat ids: the global list, then the sync engine's resolver within budget.

The documented global list carries no chat id; the sync layer knows how to find each message's
chat from per-chat lists without eating the whole budget. The CLI borrows it for one run.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import CliqError, ScopeError
from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core.format import plural

if TYPE_CHECKING:
    from cliq_tui.sync.engine import SyncEngine

log = logging.getLogger(__name__)

_RESOLUTION_ENDPOINTS = (Endpoint.LIST_CHATS, Endpoint.LIST_CHAT, Endpoint.CHAT_DETAILS)
# The share of each resolution budget a run leaves alone: a script may run several commands.
_KEEP_SHARE = 0.5
# Enough steps for a few hundred chats; each step is bounded by the budget anyway.
_MAX_STEPS = 100


def _spent(client: CliqClient) -> int:
    return sum(client.budgets.used(ep) for ep in _RESOLUTION_ENDPOINTS)


async def list_with_chats(
    client: CliqClient,
    profile_name: str,
    *,
    cache_dir: Path | None = None,
    on_warning: Callable[[str], None] | None = None,
    unreadable: list[str] | None = None,
    chats: dict[str, Chat] | None = None,
) -> list[ScheduledMessage]:
    """Every pending message, with ``chat_id`` set wherever the budget allowed finding it.

    The dashboard's queue cache for the profile (in ``cache_dir``, default the user's cache)
    supplies (and keeps) the message-to-chat mapping, so later runs do not spend the budget on
    chats already resolved; open dashboards follow what the run wrote there. What the cache had
    to say (rows skipped, a file set aside) goes to ``on_warning``, once. Items the listing
    could not read are described in ``unreadable`` (one line each); the chats known (from the
    cache or found now, with their names) are added to ``chats``.
    """
    try:
        from cliq_tui.sync.cache import QueueCache
        from cliq_tui.sync.engine import SyncEngine
    except ImportError:  # pragma: no cover - the sync layer ships with the package
        return (await client.list_scheduled_messages()).data
    cache = QueueCache.for_profile(profile_name, client.base_url, cache_dir)
    try:
        # The engine runs on the client's clock (what it stamps in the cache is comparable).
        engine = SyncEngine(
            client,
            cache=cache,
            clock=lambda: datetime.fromtimestamp(client.now_ms / 1000, UTC),
            # Half of every budget stays for the next command, within a step as between them.
            resolve_keep_share=_KEEP_SHARE,
        )
        await engine.load_cache()
        # The dashboard turns errors into state; a script needs the error itself to print its
        # API code and exit 1.
        await engine.sync_now(full=True)
        stopped = await _resolve(client, engine)
        if on_warning is not None:
            note = _unmapped_note(client, engine, stopped)
            if note:
                on_warning(note)
        if unreadable is not None:
            unreadable.extend(engine.unreadable)
        if chats is not None:
            chats.update(engine.chats)
        return list(engine.messages.values())
    finally:
        cache.close()
        if cache.warning and on_warning is not None:
            on_warning(cache.warning)


def cached_chats(
    profile_name: str, base_url: str, cache_dir: Path | None = None
) -> dict[str, Chat]:
    """The chats the dashboard's queue cache knows (with their names), by id; nothing is sent,
    and no cache is created where there is none."""
    from cliq_tui.sync.cache import QueueCache, cache_path

    if not cache_path(profile_name, base_url, cache_dir).exists():
        return {}
    cache = QueueCache.for_profile(profile_name, base_url, cache_dir)
    try:
        return {chat.chat_id: chat for chat in cache.load().chats}
    finally:
        cache.close()


async def _resolve(client: CliqClient, engine: SyncEngine) -> CliqError | None:
    """Resolution steps until every message has a chat or half the per-chat budget is spent;
    the error that stopped them, if any."""
    budgets = client.budgets
    for _ in range(_MAX_STEPS):
        if all(m.chat_id for m in engine.messages.values()):
            return None
        if budgets.remaining(Endpoint.LIST_CHAT) <= budgets.limit(Endpoint.LIST_CHAT) // 2:
            # Leave half the per-chat budget to the next command: a script may run several.
            return None
        before = _spent(client)
        try:
            delta = await engine.resolve()
        except CliqError as exc:
            log.info("chat resolution stopped: %s", exc)
            return exc
        if not delta and _spent(client) == before:
            return None  # nothing more to learn within the budget
    return None


def _unmapped_note(client: CliqClient, engine: SyncEngine, stopped: CliqError | None) -> str | None:
    """One line saying why some messages have no chat (``?``) and what to do, or None."""
    unmapped = sum(1 for m in engine.messages.values() if not m.chat_id)
    if not unmapped:
        return None
    if isinstance(stopped, ScopeError):
        scope = stopped.scope or "ZohoCliq.Chats.READ"
        return (
            f"{unmapped} messages have no chat (?): the chats could not be read because the"
            f" token lacks the {scope} scope; sign in again with it"
            " (cliq-tui auth login) to see each message's chat."
        )
    budgets = client.budgets
    if not engine.state.unresolved_chats or budgets.remaining(Endpoint.LIST_CHAT) > _keep(client):
        return None  # not the budget: the chats left are named by the dashboard's reasons
    wait = budgets.seconds_until_remaining(Endpoint.LIST_CHAT, _keep(client) + 1)
    at = (datetime.now().astimezone() + timedelta(seconds=math.ceil(wait))).strftime("%H:%M:%S")
    return (
        f"{plural(unmapped)} not yet mapped to a chat (the per-chat listing budget frees up"
        f" at {at}); run again then"
    )


def _keep(client: CliqClient) -> int:
    """Per-chat listings a run leaves in the window for the next command."""
    limit = client.budgets.limit(Endpoint.LIST_CHAT)
    return max(limit // 2, math.ceil(limit * _KEEP_SHARE))
