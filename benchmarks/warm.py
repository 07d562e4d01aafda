"""Fill the app's local cache for one server, as a finished first sync would leave it.

Run as ``python -m benchmarks.warm --base-url URL --token T`` with the same environment (XDG
directories) as the app that will read the cache. It builds the same profile and cache path the
dashboard would, and syncs fully with a client whose list budget is raised: 5,000 messages are
50 pages, which the real budget (20 a minute) would spread over two and a half minutes; then it
names every chat. The fake server must run with its rate limits off while this runs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.storage.config import load_settings
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.engine import SyncEngine

# Far above any page count the benchmark uses: warming is not what is measured.
WARM_LIST_LIMIT = 10_000
MAX_RESOLVE_STEPS = 1_000


async def warm(base_url: str, token: str) -> int:
    """Sync fully into the profile's cache; returns how many messages it now holds."""
    settings = load_settings(None, base_url=base_url, access_token=token)
    profile = settings.profile()
    if profile is None:
        raise SystemExit("no profile: pass --base-url and --token")
    cache = QueueCache.for_profile(profile.name, profile.cliq_url)
    client = CliqClient(
        profile.cliq_url,
        profile.make_auth(),
        budgets=RateBudgets(limits=dict.fromkeys(Endpoint, WARM_LIST_LIMIT)),
    )
    try:
        engine = SyncEngine(client, cache=cache)
        await engine.refresh(full=True)
        if engine.state.error:
            raise SystemExit(f"warming failed: {engine.state.error}")
        # Name every chat, as a session that ran a while would have: the cache holds them too.
        for _ in range(MAX_RESOLVE_STEPS):
            if not await engine.resolve():
                break
        return len(engine.messages)
    finally:
        await client.aclose()
        cache.close()


def main(argv: list[str] | None = None) -> int:
    """Entry point: prints the number of cached messages."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.warm", description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args(argv)
    count = asyncio.run(warm(args.base_url, args.token))
    print(count, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
