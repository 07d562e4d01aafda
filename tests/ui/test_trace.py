"""A traced dashboard session: every request of the session in the file, no token, no text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from cliq_tui.ui.app import CliqApp
from tests.support.app import refresh
from tests.support.pilot import SIZE, demo_server, wait_for_queue, wait_until


async def test_a_traced_dashboard_session_records_every_request_without_secrets_or_texts(
    make_app: Callable[..., CliqApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tmp_path / "dashboard.jsonl"
    monkeypatch.setenv("CLIQ_TRACE", str(trace))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        engine = app.engine
        assert engine is not None
        await wait_until(
            pilot,
            lambda: all(engine.chat_of(mid) for mid in engine.messages),
            "every message mapped to its chat",
        )
        await refresh(pilot)
        server = demo_server(app)
        seen = len(server.state.requests())
        await wait_until(
            pilot,
            lambda: len(trace.read_text(encoding="utf-8").splitlines()) >= seen,
            "the trace to hold every request the server saw",
        )
        requests = server.state.requests()
        contents = [m["message"]["content"] for m in server.state.messages()]
        fields = ("text", "file_name", "comment")
        texts = [c[k] for c in contents for k in fields if len(c.get(k) or "") > 7]
        names = [c["name"] for c in server.state.chats()]
    lines = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    # Every request the server saw is in the trace (in whatever order the answers came back).
    traced = Counter((e["method"], e["path"]) for e in lines)
    assert not Counter((r["method"], r["path"]) for r in requests) - traced
    raw = trace.read_text(encoding="utf-8")
    assert server.token not in raw and "Zoho-oauthtoken" not in raw
    assert not [t for t in texts + names if t in raw]
