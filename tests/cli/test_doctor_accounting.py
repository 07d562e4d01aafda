"""``cliq-tui doctor``: what it spends (token refreshes too), a token lockout, every item's shape,
and Cliq's own words for a refusal."""

from __future__ import annotations

import re

import httpx
import pytest

from cliq_tui.api.errors import ScopeError
from cliq_tui.cli.doctor_checks import Report
from cliq_tui.cli.doctor_network import Probe, check_scope
from cliq_tui.fake import FakeServer
from tests.support.cli import checks, on, run, use_up_the_tokens
from tests.support.servers import stats_after

Capsys = pytest.CaptureFixture[str]


def test_the_request_count_includes_the_token_refresh(
    signed_in: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "doctor", "--json")

    assert result.code == 0, result.out
    # Two reads and the refresh that got their token: the server saw three requests.
    assert signed_in.state.oauth()["minted"] == 1
    seen = stats_after(signed_in, 3)["total"]["requests"]
    assert result.json()["requests"] == seen == 3


@pytest.mark.parametrize("status", [200, 400])
def test_a_token_lockout_fails_with_the_time_it_ends(
    signed_in: FakeServer, capsys: Capsys, status: int
) -> None:
    use_up_the_tokens(signed_in, status)

    result = run(capsys, "doctor", "--json")
    text = run(capsys, "doctor")

    assert result.code == 1
    token = checks(result)["token"]
    assert token["status"] == "fail"
    assert re.search(r"refuses new access tokens until \d\d:\d\d:\d\d", token["detail"])
    assert "wait until" in token["fix"]
    assert text.code == 1 and "everything checked works" not in text.out
    assert "FAIL  token" in text.out


def test_every_listed_item_is_checked_not_only_the_first(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    listed = httpx.get(
        fake_server.base_url + "/api/v3/scheduledmessages",
        params={"limit": 100},
        headers={"Authorization": f"Zoho-oauthtoken {fake_server.token}"},
    ).json()["data"]
    assert len(listed) > 2
    last = len(listed) - 1
    fake_server.state.store.messages[listed[last]["id"]].raw["id"] = 12345  # a number, not text

    result = run(capsys, "doctor", "--json", *on(fake_server))

    shapes = checks(result)["answer shapes"]
    assert shapes["status"] == "warn"
    assert f"data[{last}].id" in shapes["detail"]


@pytest.mark.parametrize(
    "code, message, said",
    [
        ("oauthtoken_scope_invalid", "Invalid OAuth scope", "(oauthtoken_scope_invalid)"),
        (None, "Invalid OAuth scope", '("Invalid OAuth scope")'),
    ],
)
def test_a_scope_refusal_is_reported_in_cliqs_own_words(
    code: str | None, message: str, said: str
) -> None:
    report = Report("p", "s")
    refused = ScopeError(
        "no scope", status_code=401, code=code, api_message=message, endpoint="list chats"
    )
    check_scope(report, "Chats.READ", Probe(None, refused, 0.0, 0.0), "list chats")

    (check,) = report.checks
    assert check.status == "fail" and check.detail.endswith(said)
    if code is None:
        assert "oauthtoken_scope_invalid" not in check.detail
