"""``--trace FILE`` / ``CLIQ_TRACE``: every request in the file, no secret and no text in it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api.trace import redact
from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.cli import auth_login, on, run
from tests.support.servers import stats_after

Capsys = pytest.CaptureFixture[str]
SECRETS = ("demo-secret", "demo-refresh", "demo-token", "demo-grant", "Zoho-oauthtoken")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _texts(server: FakeServer) -> list[str]:
    """Every message text, file name and chat name the fake holds (long enough to be unique)."""
    contents = [m["message"]["content"] for m in server.state.messages()]
    found = [c.get(k) or "" for c in contents for k in ("text", "file_name", "comment")]
    found += [c["name"] for c in server.state.chats()]
    return [t for t in found if len(t) >= 8]


def test_redact_removes_secrets_everywhere_and_texts_unless_asked() -> None:
    body = {
        "access_token": "abc",
        "data": [{"message": {"content": {"text": "hello there"}, "msg": "hi"}, "id": "1"}],
        "refresh_token": "r",
        "client_secret": "s",
        "code": "g",
        "sync_token": "keep-me",
    }
    hidden = json.dumps(redact(body))
    assert not [s for s in ("abc", '"r"', '"s"', "hello there", '"hi"') if s in hidden]
    assert "keep-me" in hidden and '"1"' in hidden
    shown = json.dumps(redact(body, texts=True))
    assert "hello there" in shown and "abc" not in shown
    # ``code`` is the grant code only in what is sent to the token endpoint.
    assert json.dumps(redact(body, grant=True)).count('"g"') == 0
    assert redact(body)["code"] == "g"


@pytest.mark.parametrize(
    "code", ["checkin_status_message_restricted", "scheduled_msg_limit_exceeded"]
)
def test_api_error_codes_stay_readable_in_the_trace(code: str) -> None:
    error = {"code": code, "message": "refused"}
    assert redact(error) == error
    assert redact(error, grant=True)["code"] == "[redacted]"


def test_a_scope_refusal_keeps_its_code_in_the_trace(capsys: Capsys, tmp_path: Path) -> None:
    trace = tmp_path / "t.jsonl"
    config = FakeConfig(seed="demo", token_scopes=("ZohoCliq.Messages.READ",))
    with FakeServer(config) as server:
        run(capsys, "list", "--trace", str(trace), *on(server))

    refused = [e for e in _lines(trace) if e["status"] in (401, 403)]
    assert refused, "the chats read was refused"
    assert {e["response"]["code"] for e in refused} == {"oauthtoken_scope_invalid"}


def test_a_traced_list_has_every_request_and_neither_token_nor_text(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    trace = tmp_path / "t.jsonl"

    result = run(capsys, "list", "--trace", str(trace), *on(fake_server))

    assert result.code == 0, result.err
    lines = _lines(trace)
    sent = stats_after(fake_server, len(lines))["total"]["requests"]
    assert len(lines) == sent >= 2  # the global list, then chat resolution
    assert [(e["method"], e["path"]) for e in lines] == [
        (r["method"], r["path"]) for r in fake_server.state.requests()
    ]
    assert all(e["status"] == 200 and e["ms"] >= 0 for e in lines)
    assert any(e["query"].get("limit") for e in lines)
    raw = trace.read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in raw]
    assert not [t for t in _texts(fake_server) if t in raw]
    assert "[text: " in raw  # the texts were there, and were replaced
    assert (trace.stat().st_mode & 0o777) == 0o600


def test_trace_texts_keeps_texts_but_still_no_token(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tmp_path / "t.jsonl"
    monkeypatch.setenv("CLIQ_TRACE", str(trace))
    monkeypatch.setenv("CLIQ_TRACE_TEXTS", "1")

    result = run(capsys, "list", *on(fake_server))

    assert result.code == 0, result.err
    raw = trace.read_text(encoding="utf-8")
    assert any(t in raw for t in _texts(fake_server))
    assert not [s for s in SECRETS if s in raw]


def test_the_oauth_token_requests_are_traced_without_their_secrets(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    trace = tmp_path / "t.jsonl"
    login = auth_login(capsys, fake_server, "--trace", str(trace), "--trace-texts")
    assert login.code == 0, login.err
    # The login's access token is cached; expiring it makes the next command refresh it.
    fake_server.state.set_faults(expire_tokens=True)
    listed = run(capsys, "list", "--profile", "work", "--trace", str(trace))
    assert listed.code == 0, listed.err

    lines = _lines(trace)
    token_calls = [e for e in lines if e["path"] == "/oauth/v2/token"]
    # The grant code exchange, then the refresh of the rejected token.
    assert len(token_calls) == 2
    assert {e["request"]["grant_type"] for e in token_calls} >= {
        "authorization_code",
        "refresh_token",
    }
    assert all(e["response"]["access_token"] == "[redacted]" for e in token_calls)
    exchange = [e for e in token_calls if e["request"]["grant_type"] == "authorization_code"]
    assert {e["request"]["code"] for e in exchange} == {"[redacted]"}
    raw = trace.read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in raw]
    # Tokens the fake issues are random (1000.<hex>.<hex>): none of them may appear either.
    assert not re.search(r"1000\.[0-9a-f]{32}", raw)


@pytest.mark.parametrize("how", ["option", "env"])
def test_a_trace_path_that_cannot_be_written_is_refused_before_any_request(
    how: str,
    fake_server: FakeServer,
    capsys: Capsys,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = str(tmp_path / "missing-dir" / "x.trace")
    before = len(fake_server.state.requests())
    if how == "env":
        monkeypatch.setenv("CLIQ_TRACE", bad)
        result = run(capsys, "list", *on(fake_server))
    else:
        result = run(capsys, "list", "--trace", bad, *on(fake_server))

    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and "trace file" in lines[0] and "x.trace" in lines[0]
    assert len(fake_server.state.requests()) == before


def test_the_dashboard_is_not_started_with_a_trace_it_cannot_write(
    capsys: Capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr("cliq_tui.cli.main._run_dashboard", lambda args: started.append(args) or 0)
    monkeypatch.setenv("CLIQ_TRACE", str(tmp_path))  # a directory

    result = run(capsys)

    assert result.code == 2 and not started
    assert len(result.err.splitlines()) == 1 and "trace file" in result.err


def test_an_existing_trace_readable_by_others_is_made_private_and_kept(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path
) -> None:
    trace = tmp_path / "t.jsonl"
    trace.write_text('{"earlier": true}\n', encoding="utf-8")
    trace.chmod(0o644)

    result = run(capsys, "list", "--trace", str(trace), *on(fake_server))

    assert result.code == 0, result.err
    assert (trace.stat().st_mode & 0o777) == 0o600
    lines = _lines(trace)
    assert lines[0] == {"earlier": True} and len(lines) > 1


def test_a_trace_owned_by_someone_else_is_refused(
    fake_server: FakeServer, capsys: Capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tmp_path / "t.jsonl"
    trace.write_text("", encoding="utf-8")
    owner = trace.stat().st_uid
    monkeypatch.setattr("os.getuid", lambda: owner + 1)  # as seen by another user
    before = len(fake_server.state.requests())

    result = run(capsys, "list", "--trace", str(trace), *on(fake_server))

    assert result.code == 2 and "another user" in result.err
    assert len(fake_server.state.requests()) == before
