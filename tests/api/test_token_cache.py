"""One access token per refresh token, shared through a file by every process (issue 10).

Each :class:`OAuthRefresh` stands for one process: its own memory, the same token folder.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from cliq_tui.api import OAuthRefresh, TokenLimitError
from cliq_tui.api.token_cache import TOKEN_LIMIT, CachedToken, TokenCache, TokenRecord
from cliq_tui.fake import FakeServer
from tests.support.client import clocked_client as client
from tests.support.client import oauth_process as process
from tests.support.servers import REFRESH, oauth_requests

SECRETS = ("demo-secret", "demo-refresh", "demo-token")


def minted(server: FakeServer) -> int:
    return server.state.oauth()["minted"]


def token_file(auth: OAuthRefresh) -> Path:
    assert auth.cache is not None
    return auth.cache.path


async def list_once(server: FakeServer, auth: OAuthRefresh) -> None:
    async with client(server, auth) as c:
        await c.check_access()


async def test_processes_sharing_the_folder_mint_one_token(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    for _ in range(20):
        await list_once(fake_server, process(fake_server, tmp_path))

    assert minted(fake_server) == 1


async def test_concurrent_processes_on_a_cold_cache_mint_one_token(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    auths = [process(fake_server, tmp_path) for _ in range(6)]

    await asyncio.gather(*(list_once(fake_server, a) for a in auths))

    assert minted(fake_server) == 1
    assert sum(a.refresh_count for a in auths) == 1


async def test_the_token_file_is_private_and_holds_no_other_secret(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    folder = tmp_path / "tokens"
    auth = process(fake_server, folder)
    await list_once(fake_server, auth)

    path = token_file(auth)
    assert path.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    names = " ".join(p.name for p in folder.iterdir())
    text = path.read_text()
    assert not [s for s in SECRETS if s in names or s in text]
    assert json.loads(text)["expires_at"] > fake_server.state.now_ms() / 1000
    assert "demo-client" not in names


async def test_the_token_is_renewed_once_shortly_before_it_expires(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    await list_once(fake_server, process(fake_server, tmp_path))
    fake_server.state.advance(3600 - 30)  # inside the expiry margin
    for _ in range(3):
        await list_once(fake_server, process(fake_server, tmp_path))

    assert minted(fake_server) == 2


async def test_a_401_for_the_shared_token_costs_one_refresh_for_everyone(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    first, second = process(fake_server, tmp_path), process(fake_server, tmp_path)
    async with client(fake_server, first) as a, client(fake_server, second) as b:
        await a.check_access()
        await b.check_access()
        fake_server.state.set_faults(expire_tokens=True)  # the shared token dies

        await a.check_access()  # 401, one refresh, retried
        await b.check_access()  # 401, finds the new token in the file, retried

    assert minted(fake_server) == 2
    assert (first.refresh_count, second.refresh_count) == (2, 0)


async def test_a_rotated_client_secret_uses_its_own_entry(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    await list_once(fake_server, process(fake_server, tmp_path))
    rotated = OAuthRefresh(
        "demo-client", "other-secret", "demo-refresh", fake_server.base_url, token_dir=tmp_path
    )

    assert token_file(rotated) != token_file(process(fake_server, tmp_path))


# --- untrusted files ----------------------------------------------------------------------------


def _plant(path: Path, kind: str, key: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    good = {"version": 1, "key": key, "minted": [], "refused_until": None}
    token = {"obtained_at": 1.0, "expires_at": 9e12}
    contents: dict[str, object] = {
        "garbage": b"\x00\xffnot json",
        "list": b"[1, 2, 3]",
        "other-version": json.dumps({**good, "version": 99}).encode(),
        "other-account": json.dumps({**good, "key": "0" * 32, "access_token": "x"}).encode(),
        "header-injection": json.dumps({**good, **token, "access_token": "t\r\nX: y"}).encode(),
        "nan-expiry": json.dumps({**good, "access_token": "t", "expires_at": "NaN"}).encode(),
        "deep": b"[" * 100_000,
        "huge": b" " * 200_000,
        "many-mints": json.dumps({**good, "minted": [1.0] * 10_000}).encode(),
    }
    if kind in contents:
        path.write_bytes(contents[kind])  # type: ignore[arg-type]
        path.chmod(0o600)
    elif kind == "world-readable":
        path.write_text(json.dumps({**good, **token, "access_token": "stolen"}))
        path.chmod(0o644)
    elif kind == "symlink":
        target = path.parent / "elsewhere.json"
        target.write_text(json.dumps({**good, **token, "access_token": "planted"}))
        target.chmod(0o600)
        path.symlink_to(target)
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path, 0o600)
    else:  # pragma: no cover
        raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "garbage",
        "list",
        "other-version",
        "other-account",
        "header-injection",
        "nan-expiry",
        "deep",
        "huge",
        "many-mints",
        "world-readable",
        "symlink",
        "fifo",
        "folder",
    ],
)
async def test_an_untrusted_token_file_is_ignored_with_one_warning(
    fake_server: FakeServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    auth = process(fake_server, tmp_path)
    assert auth.cache is not None
    _plant(auth.cache.path, kind, auth.cache.key)
    caplog.set_level(logging.WARNING, logger="cliq_tui.api")

    async with client(fake_server, auth) as c:
        await c.check_access()
        await c.check_access()

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "\n" not in warnings[0].getMessage()
    assert minted(fake_server) == 1
    sent = fake_server.state.requests()
    assert all(r["status"] == 200 for r in sent)
    if kind not in ("folder",):
        # Replaced by a good file that the next process uses.
        assert auth.cache.path.is_file() and not auth.cache.path.is_symlink()
        await list_once(fake_server, process(fake_server, tmp_path))
        assert minted(fake_server) == 1


async def test_an_unusable_folder_keeps_the_token_in_memory_with_one_warning(
    fake_server: FakeServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    caplog.set_level(logging.WARNING, logger="cliq_tui.api")
    auth = process(fake_server, blocked / "tokens")

    async with client(fake_server, auth) as c:
        for _ in range(3):
            await c.check_access()

    assert minted(fake_server) == 1
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


# --- the token limit ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 400])
async def test_a_refusal_for_the_token_limit_says_so_and_is_shared(
    fake_server: FakeServer, tmp_path: Path, status: int
) -> None:
    fake_server.state.set_oauth(token_limit_status=status)
    for _ in range(TOKEN_LIMIT):  # another machine used the ten tokens
        httpx.post(fake_server.base_url + "/oauth/v2/token", data=REFRESH)
    token_requests = oauth_requests(fake_server)
    now = fake_server.state.now_ms() / 1000

    with pytest.raises(TokenLimitError) as refused:
        await list_once(fake_server, process(fake_server, tmp_path))
    with pytest.raises(TokenLimitError) as local:
        await list_once(fake_server, process(fake_server, tmp_path))

    text = str(refused.value)
    assert "Zoho allows 10 access tokens per 10 minutes" in text and "wait until" in text
    assert "check the client" not in text
    assert refused.value.sent and not local.value.sent
    assert refused.value.locked_until.timestamp() == pytest.approx(now + 600, abs=1)
    assert local.value.locked_until == refused.value.locked_until
    assert oauth_requests(fake_server) == token_requests + 1  # the second one did not ask


async def test_ten_tokens_minted_here_in_ten_minutes_stop_the_eleventh_before_it_is_sent(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    auth = process(fake_server, tmp_path)
    assert auth.cache is not None
    now = fake_server.state.now_ms() / 1000
    auth.cache.write(TokenRecord(minted=[now - 500 + i for i in range(TOKEN_LIMIT)]))

    with pytest.raises(TokenLimitError) as refused:
        await list_once(fake_server, auth)

    assert not refused.value.sent
    assert minted(fake_server) == 0
    fake_server.state.advance(101)  # the first of the ten leaves the window
    await list_once(fake_server, process(fake_server, tmp_path))
    assert minted(fake_server) == 1


async def test_writing_leaves_only_the_token_file_behind(tmp_path: Path) -> None:
    cache = TokenCache(tmp_path, "k" * 32)
    cache.write(TokenRecord())

    assert sorted(p.name for p in tmp_path.iterdir()) == [f"token-{'k' * 32}.json"]


async def test_times_from_a_clock_that_ran_ahead_do_not_block_or_keep_a_token_for_days(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    auth = process(fake_server, tmp_path)
    assert auth.cache is not None
    now = fake_server.state.now_ms() / 1000
    far = now + 86400 * 30
    auth.cache.write(
        TokenRecord(
            token=CachedToken(SecretStr("1000.stale"), obtained_at=now - 2 * 86400, expires_at=far),
            minted=[far] * TOKEN_LIMIT,
            refused_until=far,
        )
    )

    await list_once(fake_server, auth)

    assert minted(fake_server) == 1
    assert all(r["status"] == 200 for r in fake_server.state.requests())


def test_writing_prunes_token_files_unused_for_a_day_and_leftover_temporary_files(
    tmp_path: Path,
) -> None:
    old_file, fresh_file = tmp_path / f"token-{'a' * 32}.json", tmp_path / f"token-{'b' * 32}.json"
    leftover = tmp_path / f".token-{'c' * 32}.1.ab.tmp"
    for path in (old_file, fresh_file, leftover):
        path.write_text("{}")
    two_days_ago = time.time() - 2 * 86400
    for path in (old_file, leftover):
        os.utime(path, (two_days_ago, two_days_ago))

    TokenCache(tmp_path, "k" * 32).write(TokenRecord())

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh_file.name, f"token-{'k' * 32}.json"]
    )
