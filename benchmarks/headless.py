"""A dashboard without its screen, for the several-processes figure.

Run as ``python -m benchmarks.headless --base-url URL --token T --seconds S`` with the
environment (XDG directories) of the other processes on the account. It is built like the
dashboard (the factory's :class:`~cliq_tui.bootstrap.ProfileBackend`: the account's shared rate
budget and its cache), paints nothing, and polls until ``S`` seconds have passed or it is
killed; at exit it prints one JSON line: how many messages it holds and its last status.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys

from cliq_tui.bootstrap import ProfileBackend
from cliq_tui.storage.config import load_settings


async def watch(base_url: str, token: str, seconds: float) -> dict[str, object]:
    """Load the cache, then poll as the dashboard does for ``seconds``; what it ends with."""
    profile = load_settings(None, base_url=base_url, access_token=token).profile()
    assert profile is not None
    backend = ProfileBackend(profile)
    engine = await backend.start()
    try:
        await engine.load_cache()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(engine.run(), seconds)
    finally:
        await backend.close()
    return {"messages": len(engine.messages), "status": engine.state.status.value}


def main(argv: list[str] | None = None) -> int:
    """Parse the options and watch; exit 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.headless")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(watch(args.base_url, args.token, args.seconds))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
