"""``cliq-tui`` message subcommands against a running fake server."""

from __future__ import annotations

import socket
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cliq_tui.api import ScheduledMessage
from cliq_tui.cli.commands import format_table
from cliq_tui.fake import FakeServer
from tests.support.cli import on, on_a_terminal, requests_sent_by_the_cli, run
from tests.support.servers import a_message, stats_after

Capsys = pytest.CaptureFixture[str]


def _status_based(server: FakeServer) -> dict[str, object]:
    return next(m for m in server.state.messages() if "schedule_status" in m)


# --- list ------------------------------------------------------------------------------------


def test_list_prints_a_table_of_every_message(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "list", *on(fake_server))

    assert result.code == 0
    header = result.out.splitlines()[0].split()
    assert header == ["WHEN", "TRIGGER", "TYPE", "CHAT", "CHAT_ID", "PREVIEW", "ID"]
    assert all(m["id"] in result.out for m in fake_server.state.messages())


def test_list_json_gives_the_api_items_with_their_chat(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "list", "--json", *on(fake_server))

    items = result.json()
    truth = {m["id"]: m for m in fake_server.state.messages()}
    assert result.code == 0
    assert {i["id"] for i in items} == set(truth)
    for item in items:
        assert item["chat_id"] == truth[item["id"]]["chat_id"]
        assert item["message"] == truth[item["id"]]["message"]


def test_json_may_come_before_the_subcommand(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "--json", *on(fake_server), "list")

    assert isinstance(result.json(), list)


def test_list_chat_lists_one_chat(fake_server: FakeServer, capsys: Capsys) -> None:
    chat_id = a_message(fake_server)["chat_id"]

    result = run(capsys, "list", "--chat", chat_id, "--json", *on(fake_server))

    expected = {m["id"] for m in fake_server.state.messages() if m["chat_id"] == chat_id}
    assert {i["id"] for i in result.json()} == expected
    assert {i["chat_id"] for i in result.json()} == {chat_id}


def test_repeated_lists_stay_within_the_budget(fake_server: FakeServer, capsys: Capsys) -> None:
    for _ in range(4):
        assert run(capsys, "list", "--json", *on(fake_server)).code == 0

    stats = stats_after(fake_server, requests_sent_by_the_cli(fake_server))
    assert stats["total"]["requests"] >= 4
    assert stats["total"]["throttled"] == 0


# --- changes ---------------------------------------------------------------------------------


def test_send_now_one(fake_server: FakeServer, capsys: Capsys) -> None:
    m = a_message(fake_server)

    result = run(capsys, "send-now", m["chat_id"], "--id", m["id"], *on(fake_server))

    assert result.code == 0
    assert [d["id"] for d in fake_server.state.deliveries()] == [m["id"]]


def test_send_now_all(fake_server: FakeServer, capsys: Capsys) -> None:
    chat_id = a_message(fake_server)["chat_id"]

    result = run(capsys, "send-now", chat_id, "--all", "--json", *on(fake_server))

    assert result.json() == {"ok": True, "action": "send_all_now", "chat_id": chat_id}
    assert not [m for m in fake_server.state.messages() if m["chat_id"] == chat_id]


def test_send_now_needs_an_id_or_all(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "send-now", "chat", *on(fake_server))

    assert result.code == 2


def test_reschedule_status_based(fake_server: FakeServer, capsys: Capsys) -> None:
    m = _status_based(fake_server)
    new = "call_end" if m["schedule_status"] != "call_end" else "check_out"

    result = run(
        capsys,
        "reschedule",
        str(m["chat_id"]),
        "--from-status",
        str(m["schedule_status"]),
        "--to-status",
        new,
        "--json",
        *on(fake_server),
    )

    assert result.code == 0
    assert m["id"] in {i["id"] for i in result.json()}
    assert fake_server.state.message(str(m["id"]))["schedule_status"] == new


def test_reschedule_time_based_with_iso_times(fake_server: FakeServer, capsys: Capsys) -> None:
    m = next(m for m in fake_server.state.messages() if "time" in m)
    new = datetime.fromisoformat(m["time"]) + timedelta(days=2)

    result = run(
        capsys,
        "reschedule",
        m["chat_id"],
        "--from-time",
        m["time"],
        "--to-time",
        new.isoformat(),
        *on(fake_server),
    )

    assert result.code == 0, result.err
    assert datetime.fromisoformat(fake_server.state.message(m["id"])["time"]) == new


def test_reschedule_refuses_a_mix_of_time_and_status(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(
        capsys,
        "reschedule",
        "chat",
        "--from-time",
        "+1h",
        "--to-status",
        "call_end",
        *on(fake_server),
    )

    assert result.code == 2
    assert "--from-time and --to-time" in result.err


def test_edit_text(fake_server: FakeServer, capsys: Capsys) -> None:
    m = next(m for m in fake_server.state.messages() if m["message"]["type"] == "text")

    result = run(capsys, "edit", m["chat_id"], m["id"], "--text", "Edited", *on(fake_server))

    assert result.code == 0
    assert fake_server.state.message(m["id"])["message"]["content"]["text"] == "Edited"


def test_edit_time_in_a_zone(fake_server: FakeServer, capsys: Capsys) -> None:
    m = a_message(fake_server)

    result = run(
        capsys,
        "edit",
        m["chat_id"],
        m["id"],
        "--time",
        "tomorrow 9am",
        "--timezone",
        "Asia/Kolkata",
        "--json",
        *on(fake_server),
    )

    assert result.code == 0, result.err
    item = result.json()
    assert item["timezone"] == "Asia/Kolkata"
    local = datetime.fromisoformat(item["time"]).astimezone(ZoneInfo("Asia/Kolkata"))
    assert local.time() == time(9, 0)


def test_edit_with_nothing_to_change_is_a_usage_error(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "edit", "chat", "id", *on(fake_server))

    assert result.code == 2
    assert "nothing to change" in result.err


def test_a_bad_when_is_a_usage_error_listing_the_formats(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = a_message(fake_server)

    result = run(capsys, "edit", m["chat_id"], m["id"], "--time", "whenever", *on(fake_server))

    assert result.code == 2
    assert "tomorrow 9am" in result.err


def test_delete_one_with_yes(fake_server: FakeServer, capsys: Capsys) -> None:
    m = a_message(fake_server)

    result = run(capsys, "delete", m["chat_id"], m["id"], "--yes", *on(fake_server))

    assert result.code == 0
    assert fake_server.state.message(m["id"]) is None


def test_delete_all_with_yes(fake_server: FakeServer, capsys: Capsys) -> None:
    chat_id = a_message(fake_server)["chat_id"]

    result = run(capsys, "delete", chat_id, "--all", "--yes", *on(fake_server))

    assert result.code == 0
    assert not [m for m in fake_server.state.messages() if m["chat_id"] == chat_id]


def test_delete_without_yes_and_without_a_terminal_refuses(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = a_message(fake_server)

    result = run(capsys, "delete", m["chat_id"], m["id"], *on(fake_server))

    assert result.code == 2
    assert "--yes" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert fake_server.state.message(m["id"]) is not None
    assert fake_server.state.stats()["total"]["requests"] == 0


def test_create_at_a_time(fake_server: FakeServer, capsys: Capsys) -> None:
    chat_id = a_message(fake_server)["chat_id"]

    result = run(
        capsys,
        "create",
        chat_id,
        "--text",
        "Hello from the CLI",
        "--time",
        "+3h",
        "--timezone",
        "Europe/London",
        "--json",
        *on(fake_server),
    )

    assert result.code == 0, result.err
    created = fake_server.state.message(result.json()["id"])
    assert created["message"]["content"]["text"] == "Hello from the CLI"
    assert created["timezone"] == "Europe/London"


def test_create_on_a_trigger(fake_server: FakeServer, capsys: Capsys) -> None:
    chat_id = next(c["chat_id"] for c in fake_server.state.chats() if c["chat_type"] == "channel")

    result = run(
        capsys, "create", chat_id, "--text", "Bye", "--status", "check_out", *on(fake_server)
    )

    assert result.code == 0, result.err
    assert "Scheduled message" in result.out


def test_create_needs_a_time_or_a_trigger(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "create", "chat", "--text", "x", *on(fake_server))

    assert result.code == 2


# --- failures --------------------------------------------------------------------------------


def test_an_api_refusal_exits_1_with_one_line_naming_the_code(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id = a_message(fake_server)["chat_id"]

    result = run(capsys, "delete", chat_id, "no-such-id", "--yes", *on(fake_server))

    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "scheduled_msg_not_found" in result.err
    assert "Traceback" not in result.err


def test_a_wrong_token_exits_1_without_printing_it(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(
        capsys, "list", "--base-url", fake_server.base_url, "--token", "secret-wrong-token"
    )

    assert result.code == 1
    assert "secret-wrong-token" not in result.out + result.err
    assert "HTTP 401" in result.err


def test_an_unreachable_server_exits_1(capsys: Capsys) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    result = run(capsys, "list", "--base-url", f"http://127.0.0.1:{port}", "--token", "t")

    assert result.code == 1
    assert "Could not connect" in result.err


def test_no_account_is_a_usage_error(capsys: Capsys) -> None:
    result = run(capsys, "list")

    assert result.code == 2
    assert "auth login" in result.err


def test_an_http_base_url_off_loopback_is_refused(capsys: Capsys) -> None:
    result = run(capsys, "list", "--base-url", "http://cliq.zoho.com", "--token", "t")

    assert result.code == 2
    assert "https" in result.err


# --- confirmation on a terminal --------------------------------------------------------------


def test_delete_asks_on_a_terminal_and_no_keeps_the_message(
    fake_server: FakeServer, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = a_message(fake_server)
    on_a_terminal(monkeypatch, lambda prompt: "n")

    result = run(capsys, "delete", m["chat_id"], m["id"], *on(fake_server))

    assert result.code == 3  # declined: not the API-failure 1 (README, exit status)
    assert result.err == "cliq-tui: cancelled: nothing deleted.\n"
    assert fake_server.state.message(m["id"]) is not None
    assert fake_server.state.stats()["total"]["requests"] == 0


def test_delete_asks_on_a_terminal_and_yes_deletes(
    fake_server: FakeServer, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = a_message(fake_server)
    prompts: list[str] = []
    on_a_terminal(monkeypatch, lambda prompt: prompts.append(prompt) or "y")

    result = run(capsys, "delete", m["chat_id"], m["id"], *on(fake_server))

    assert result.code == 0
    assert m["id"] in prompts[0]
    assert fake_server.state.message(m["id"]) is None


def test_the_table_truncates_previews_to_the_width() -> None:
    item = ScheduledMessage.model_validate(
        {"id": "m1", "schedule_status": "call_end", "message": {"content": {"text": "x" * 300}}}
    )

    lines = format_table([item], width=100).splitlines()

    assert len(lines) == 2
    assert max(len(line) for line in lines) <= 100
    assert lines[1].split()[-1] == "m1"
