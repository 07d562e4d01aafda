"""``cliq-tui fake-server`` (and ``python -m cliq_tui.fake``): serve the fake in the foreground."""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace

from cliq_tui.fake.config import FakeConfig
from cliq_tui.fake.realities import NAMES, apply_reality
from cliq_tui.fake.server import FakeServer

DEFAULT_PORT = 8765


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be a number from 0 to 1")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _skew(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > 10 * 365 * 86400:
        raise argparse.ArgumentTypeError("must be a number of seconds within ten years")
    return value


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the fake server's options to ``parser``."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=_count, default=DEFAULT_PORT, help=f"port (0 = any free; {DEFAULT_PORT})"
    )
    parser.add_argument("--token", default="demo-token", help="access token to accept")
    parser.add_argument(
        "--seed",
        choices=("demo", "realistic", "empty", "hostile"),
        default="demo",
        help=(
            "initial data: demo, realistic (25 messages in 12 of 300 chats), empty, or hostile "
            "(escape sequences, odd types, extreme times)"
        ),
    )
    parser.add_argument(
        "--messages", type=_count, help="generate N scheduled messages (deterministic)"
    )
    parser.add_argument("--chats", type=_count, help="spread generated messages over M chats")
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="switch the documented rate limits off"
    )
    parser.add_argument(
        "--rate-scale", type=float, default=1.0, help="multiply per-minute limits (load tests)"
    )
    parser.add_argument(
        "--throttle-form",
        choices=("429", "400"),
        default=None,
        help="refuse throttled requests with 400 request_limit_exceeded or 429 (default: reality)",
    )
    _reality_options(parser)
    parser.add_argument(
        "--include-chat-id", action="store_true", help="add chat_id to global-list items"
    )
    oauth = parser.add_argument_group("OAuth realities (see cliq_tui/fake/README.md)")
    oauth.add_argument(
        "--no-token-limit",
        action="store_true",
        help="issue any number of access tokens (default: 10 per 10 minutes per refresh token)",
    )
    oauth.add_argument(
        "--token-limit-status",
        type=int,
        choices=(200, 400),
        default=None,
        help="status of the 'Access Denied' refusal of the 11th token (default: reality)",
    )
    oauth.add_argument(
        "--expires-in",
        choices=("s", "ms"),
        default=None,
        help="expires_in in seconds, or in ms beside expires_in_sec (default: reality)",
    )
    oauth.add_argument(
        "--token-scopes",
        metavar="LIST",
        help="comma-separated scopes every token carries (default: all); others get "
        "oauthtoken_scope_invalid",
    )
    oauth.add_argument(
        "--scope-error-status",
        type=int,
        choices=(401, 403),
        default=None,
        help="status of oauthtoken_scope_invalid (default: reality)",
    )
    parser.add_argument(
        "--no-deletions",
        action="store_true",
        help="omit 'deleted' from incremental lists (how Cliq reports them is undocumented)",
    )
    parser.add_argument(
        "--clock", choices=("real", "manual"), default="real", help="real or manual clock"
    )
    parser.add_argument(
        "--clock-skew",
        type=_skew,
        default=0.0,
        metavar="SECONDS",
        help="send a Date header this far ahead (negative: behind) of the fake clock",
    )
    parser.add_argument("--latency-ms", type=_count, default=0, help="delay every API response")
    parser.add_argument(
        "--error-rate", type=_rate, default=0.0, help="fraction of API requests answered 5xx"
    )
    parser.add_argument(
        "--reset-rate", type=_rate, default=0.0, help="fraction of connections dropped"
    )
    parser.add_argument(
        "--malformed-rate", type=_rate, default=0.0, help="fraction of bodies sent as bad JSON"
    )
    parser.add_argument(
        "--truncate-rate", type=_rate, default=0.0, help="fraction of bodies cut short"
    )


def _reality_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "realities", "where the real Cliq may differ from the spec (see cliq_tui/fake/README.md)"
    )
    group.add_argument(
        "--reality", choices=NAMES, default="default", help="a named set of the switches below"
    )
    group.add_argument("--create-answer", choices=("v2", "v3"), help="v2 create: flat or data")
    group.add_argument("--chats-paging", choices=("next_token", "none"), help="GET /chats cursor")
    group.add_argument(
        "--chats-filtered-order",
        choices=("newest", "oldest"),
        help="GET /chats order under modified_after/before",
    )
    group.add_argument("--chat-types", choices=("v3", "v2"), help="chat_type spelling")
    group.add_argument(
        "--status-triggers",
        choices=("checkin_not_in_dms", "only_in_dms", "everywhere"),
        help="which chats accept status triggers",
    )
    group.add_argument(
        "--message-cap", type=_count, help="pending messages a user may have (0 = no cap)"
    )
    group.add_argument("--cap-error-code", help="the code of the refusal over the cap")
    group.add_argument(
        "--strict-pagination",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="refuse sync_token together with next_token",
    )
    group.add_argument(
        "--error-codes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="errors carry 'code' (--no-error-codes: message only)",
    )


def _reality_overrides(args: argparse.Namespace) -> dict[str, object]:
    overrides: dict[str, object] = {}
    for name in (
        "throttle_form",
        "create_answer",
        "chats_paging",
        "chats_filtered_order",
        "chat_types",
        "status_triggers",
        "cap_error_code",
        "strict_pagination",
        "error_codes",
        "token_limit_status",
        "scope_error_status",
    ):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "expires_in", None) is not None:
        overrides["expires_in_unit"] = args.expires_in
    if getattr(args, "message_cap", None) is not None:
        overrides["message_cap"] = args.message_cap or None
    return overrides


def config_from_args(args: argparse.Namespace) -> FakeConfig:
    """The :class:`FakeConfig` the parsed options describe (a reality, then single switches)."""
    config = apply_reality(_base_config(args), getattr(args, "reality", "default"))
    return replace(config, **_reality_overrides(args))  # type: ignore[arg-type]


def _base_config(args: argparse.Namespace) -> FakeConfig:
    generated = args.messages is not None or args.chats is not None
    return FakeConfig(
        seed="generated" if generated else args.seed,
        messages=args.messages,
        chats=args.chats,
        token=args.token,
        rate_limits=not args.no_rate_limits,
        rate_scale=args.rate_scale,
        include_chat_id=args.include_chat_id,
        token_limit=not args.no_token_limit,
        token_scopes=(
            None
            if args.token_scopes is None
            else tuple(s for s in args.token_scopes.replace(" ", ",").split(",") if s)
        ),
        report_deletions=not args.no_deletions,
        clock=args.clock,
        clock_skew_s=args.clock_skew,
        latency_ms=args.latency_ms,
        error_rate=args.error_rate,
        reset_rate=args.reset_rate,
        malformed_rate=args.malformed_rate,
        truncate_rate=args.truncate_rate,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C; returns the exit status."""
    if args.rate_scale <= 0:
        print("error: --rate-scale must be positive", file=sys.stderr)
        return 2
    try:
        server = FakeServer(config_from_args(args), host=args.host, port=args.port)
        server.start()
    except (OSError, RuntimeError, ValueError) as exc:
        print(f"error: cannot start the fake server: {exc}", file=sys.stderr)
        return 1
    url = server.base_url
    print(
        f"Fake Cliq server on {url} (reality: {server.state.config.reality}) — "
        f"use --base-url {url} --token {server.token}\n"
        f"Control endpoints: {url}/_fake/ (see cliq_tui/fake/README.md). Ctrl-C stops.",
        flush=True,
    )
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m cliq_tui.fake``."""
    parser = argparse.ArgumentParser(prog="python -m cliq_tui.fake", description=__doc__)
    configure_parser(parser)
    return run(parser.parse_args(argv))
