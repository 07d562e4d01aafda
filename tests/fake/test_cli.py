"""The fake server's command line: options, and serving in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from cliq_tui.fake.cli import config_from_args, configure_parser, run
from tests.support.cli import as_a_terminal_starts_it


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def test_defaults_serve_the_demo_on_loopback() -> None:
    args = parse()
    config = config_from_args(args)
    assert (args.host, args.port, config.seed, config.token) == (
        "127.0.0.1",
        8765,
        "demo",
        "demo-token",
    )


def test_messages_and_chats_make_a_generated_seed() -> None:
    config = config_from_args(parse("--messages", "5000", "--chats", "500"))
    assert (config.seed, config.messages, config.chats) == ("generated", 5000, 500)


def test_switches_reach_the_config() -> None:
    config = config_from_args(
        parse(
            "--no-rate-limits",
            "--throttle-form",
            "400",
            "--include-chat-id",
            "--latency-ms",
            "20",
            "--error-rate",
            "0.1",
            "--token",
            "t0k",
        )
    )
    assert not config.rate_limits
    assert config.throttle_form == "400" and config.include_chat_id
    assert (config.latency_ms, config.error_rate, config.token) == (20, 0.1, "t0k")


def test_oauth_switches_reach_the_config() -> None:
    default = config_from_args(parse())
    config = config_from_args(
        parse(
            "--no-token-limit",
            "--token-limit-status",
            "400",
            "--expires-in",
            "ms",
            "--token-scopes",
            "ZohoCliq.Chats.READ, ZohoCliq.Messages.READ",
            "--scope-error-status",
            "403",
        )
    )
    assert (default.token_limit, default.token_limit_status, default.expires_in_unit) == (
        True,
        200,
        "s",
    )
    assert (default.token_scopes, default.scope_error_status) == (None, 401)
    assert (config.token_limit, config.token_limit_status, config.expires_in_unit) == (
        False,
        400,
        "ms",
    )
    assert config.token_scopes == ("ZohoCliq.Chats.READ", "ZohoCliq.Messages.READ")
    assert config.scope_error_status == 403


def test_named_realities_set_the_oauth_switches_and_single_flags_win() -> None:
    v2 = config_from_args(parse("--reality", "v2-era"))
    spec = config_from_args(parse("--reality", "spec"))
    strict = config_from_args(parse("--reality", "strict-v3", "--scope-error-status", "401"))
    overridden = config_from_args(parse("--reality", "v2-era", "--expires-in", "s"))

    assert v2.expires_in_unit == "ms"
    assert spec.token_limit_status == 400
    assert strict.scope_error_status == 401
    assert overridden.expires_in_unit == "s"


def test_config_repr_hides_the_token() -> None:
    config = config_from_args(parse("--token", "s3cret-token"))
    assert "s3cret-token" not in repr(config)


def test_module_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cliq_tui.fake", "--port", "0", "--seed", "empty"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_a_terminal_starts_it,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.split(" on ", 1)[1].split(" ")[0]
        served = httpx.get(url + "/_fake/clock", timeout=5).status_code
        process.send_signal(signal.SIGINT)
        # A bound for a hang, not a speed: the exit takes well under a second.
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert "--token demo-token" in first
    assert served == 200 and code == 0


def test_busy_port_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        code = run(parse("--port", str(busy.getsockname()[1])))
    assert code == 1
    assert "cannot start the fake server" in capsys.readouterr().err
