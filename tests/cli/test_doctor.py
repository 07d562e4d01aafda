"""``cliq-tui doctor`` against the fake: each check, its fix, a few reads and no change."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from cliq_tui.api.errors import AuthenticationError
from cliq_tui.api.models import Chat, ScheduledMessageList
from cliq_tui.api.shapes import check_shape
from cliq_tui.cli.doctor_checks import Report, check_data_centre
from cliq_tui.cli.doctor_network import Probe, check_scope, human_duration
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.storage.config import Profile
from tests.support.cli import auth_login, checks, on, run, write_profile
from tests.support.servers import stats_after

Capsys = pytest.CaptureFixture[str]


def test_a_healthy_account_passes_with_two_reads_and_no_change(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    before = {m["id"]: m for m in fake_server.state.messages()}

    result = run(capsys, "doctor", "--json", *on(fake_server))

    assert result.code == 0, result.err
    found = checks(result)
    for name in ("token", "Messages.READ", "Chats.READ", "clock", "answer shapes", "budget left"):
        assert found[name]["status"] == "ok", found[name]
    for scope in ("Messages.CREATE", "Messages.UPDATE", "Messages.DELETE"):
        assert found[scope]["status"] == "skip"
        assert "never changes anything" in found[scope]["detail"]
    assert result.json()["requests"] == 2
    stats = stats_after(fake_server, 2)
    assert stats["total"]["requests"] == 2
    assert {e for e, s in stats["endpoints"].items() if s["requests"]} == {"list_all", "list_chats"}
    assert {m["id"]: m for m in fake_server.state.messages()} == before
    assert fake_server.token not in result.out + result.err


def test_the_text_report_is_one_screen_with_a_verdict(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "doctor", *on(fake_server))

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("cliq-tui doctor: profile")
    assert len(lines) <= 24
    assert lines[-1].endswith("spent 2 requests, changed nothing.")


@pytest.mark.parametrize("skew, way", [(120.0, "behind"), (-90.0, "ahead of"), (7200.0, "behind")])
def test_clock_skew_against_the_servers_date_is_reported_with_a_fix(
    skew: float, way: str, capsys: Capsys
) -> None:
    with FakeServer(FakeConfig(seed="demo", clock_skew_s=skew)) as server:
        result = run(capsys, "doctor", "--json", *on(server))

    clock = checks(result)["clock"]
    assert result.code == 0  # a warning, not a failure
    assert clock["status"] == "warn"
    # The measured skew is the skew give or take half a round trip (Date has whole seconds and
    # a loaded machine answers slowly), so the words are checked against a window around it.
    said = re.search(rf"this machine is (.+?) {way} Cliq", clock["detail"])
    assert said is not None, clock["detail"]
    window = {human_duration(abs(skew) + d) for d in range(-5, 6)}
    assert said.group(1) in window
    assert "ntp" in clock["fix"].lower()


@pytest.mark.parametrize(
    "seconds, said",
    [(45.4, "45 s"), (90.0, "90 s"), (120.0, "2 min 0 s"), (7200.0, "2 h 0 min"), (2e5, "2 d 7 h")],
)
def test_a_clock_difference_is_said_in_units_a_reader_takes_in(seconds: float, said: str) -> None:
    assert human_duration(seconds) == said


def test_a_refused_token_fails_with_the_way_to_sign_in_again(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "doctor", "--json", "--base-url", fake_server.base_url, "--token", "nope")

    assert result.code == 1
    token = checks(result)["token"]
    assert token["status"] == "fail" and "oauthtoken_invalid" in token["detail"]
    assert "auth login" in token["fix"]
    assert result.json()["requests"] == 1


def test_an_open_credentials_file_fails_with_the_chmod(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    login = auth_login(capsys, fake_server, "--no-check")
    assert login.code == 0, login.err
    stored = isolated_env.parent / "credentials" / "work.json"
    os.chmod(stored, 0o644)

    result = run(capsys, "doctor", "--profile", "work")

    assert result.code == 1
    assert f"chmod 600 {stored}" in result.out
    assert "demo-secret" not in result.out and "demo-refresh" not in result.out


def test_scopes_recorded_at_sign_in_are_reported_and_others_fail(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    folder = isolated_env.parent / "credentials"
    folder.mkdir(parents=True, mode=0o700)
    stored = folder / "work.json"
    data = {
        "client_id": "demo-client",
        "client_secret": "demo-secret",
        "refresh_token": "demo-refresh",
        "base_url": fake_server.base_url,
        "accounts_url": fake_server.base_url,
        "scope": "ZohoCliq.Messages.READ,ZohoCliq.Chats.READ,ZohoCliq.Messages.CREATE",
    }
    fd = os.open(stored, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)

    result = run(capsys, "doctor", "--json", "--profile", "work")

    found = checks(result)
    assert found["credentials file"]["status"] == "ok"
    assert found["Messages.CREATE"]["status"] == "ok"
    assert found["Messages.DELETE"]["status"] == "fail"
    assert "ZohoCliq.Messages.DELETE" in found["Messages.DELETE"]["fix"]
    assert result.code == 1
    assert "demo-secret" not in result.out and "demo-refresh" not in result.out


def test_a_config_file_others_can_change_fails(
    fake_server: FakeServer, capsys: Capsys, isolated_env: Path
) -> None:
    write_profile(isolated_env, fake_server.base_url, "demo-token")
    os.chmod(isolated_env, 0o666)

    result = run(capsys, "doctor", "--json", "--profile", "work")

    config = checks(result)["config file"]
    assert config["status"] == "fail" and config["fix"] == f"chmod 600 {isolated_env}"
    assert "demo-token" not in result.out


@pytest.mark.parametrize("status", [401, 403])
def test_a_token_without_chats_read_is_accepted_and_the_scope_named(
    status: int, capsys: Capsys
) -> None:
    config = FakeConfig(
        seed="demo", token_scopes=("ZohoCliq.Messages.READ",), scope_error_status=status
    )
    with FakeServer(config) as server:
        result = run(capsys, "doctor", "--json", *on(server))

    found = checks(result)
    assert result.code == 1
    assert found["token"]["status"] == "ok"
    assert found["Messages.READ"]["status"] == "ok"
    assert found["Chats.READ"]["status"] == "fail"
    assert "ZohoCliq.Chats.READ" in found["Chats.READ"]["fix"]


def test_a_scope_refusal_is_a_missing_scope_not_a_bad_token() -> None:
    report = Report("p", "s")
    refused = AuthenticationError(
        "no scope", status_code=401, code="oauthtoken_scope_invalid", endpoint="list chats"
    )
    check_scope(report, "Chats.READ", Probe(None, refused, 0.0, 0.0), "list chats")

    (check,) = report.checks
    assert check.status == "fail" and "lacks this scope" in check.detail
    assert check.fix is not None and "ZohoCliq.Chats.READ" in check.fix


def test_cliq_and_sign_in_in_different_data_centres_fail() -> None:
    report = Report("p", "s")
    profile = Profile(
        name="p",
        data_centre="eu",
        accounts_url="https://accounts.zoho.com",
        client_id="c",
        client_secret="s",
        refresh_token="r",
    )
    check_data_centre(report, profile)
    assert report.checks[0].status == "fail" and "'eu'" in (report.checks[0].fix or "")
    ok = Report("p", "s")
    check_data_centre(ok, Profile(name="p", data_centre="in", access_token="t"))
    assert ok.checks[0].status == "ok" and "cliq.zoho.in" in ok.checks[0].detail


def test_answer_shapes_name_unknown_missing_and_mistyped_fields() -> None:
    notes = check_shape(
        ScheduledMessageList,
        {"data": [{"id": 5, "message": {"content": "x"}, "weird": 1}], "extra": True},
    )
    said = {(n.where, n.kind) for n in notes}
    assert ("sync_token", "missing") in said
    assert ("extra", "unknown") in said and ("data[0].weird", "unknown") in said
    assert ("data[0].message.content", "type") in said
    assert ("data[0].id", "type") in said
    assert (
        check_shape(
            Chat,
            {
                "chat_id": "1",
                "name": "n",
                "chat_type": "channel",
                "last_modified_time": "2026-01-01T00:00:00Z",
            },
        )
        == []
    )
