"""How a fake Cliq server is set up: data seed, token, clock, rate limits and faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SeedName = Literal["demo", "realistic", "empty", "generated", "hostile"]
CreateAnswer = Literal["v2", "v3"]
ChatsPaging = Literal["next_token", "none"]
ChatsOrder = Literal["newest", "oldest"]
ChatTypes = Literal["v3", "v2"]
StatusRule = Literal["checkin_not_in_dms", "only_in_dms", "everywhere"]


@dataclass
class FakeConfig:
    """Everything a fake server is built from; every field has a demo-friendly default."""

    seed: SeedName = "demo"
    """Initial data: a demo organisation, a real-sized account (``realistic``: 25 messages in 12
    of 300 chats), nothing, or ``messages`` over ``chats`` generated."""
    messages: int | None = None
    """With ``seed="generated"``: how many scheduled messages to build (default 200)."""
    chats: int | None = None
    """With ``seed="generated"``: over how many chats (default 20)."""
    random_seed: int = 7
    """Seed of every random choice (data, ids, faults), so runs are reproducible."""
    token: str = "demo-token"
    """A static access token the server always accepts (unless ``expire_tokens`` is on)."""
    rate_limits: bool = True
    """Enforce the documented per-minute limits and lock periods."""
    rate_scale: float = 1.0
    """Multiply every per-minute limit (load tests); lock periods are unchanged."""
    throttle_form: Literal["429", "400"] = "400"
    """How a throttled request is refused: HTTP 400 ``request_limit_exceeded`` (reported more
    often) or 429 ``too_many_requests``."""
    include_chat_id: bool = False
    """Add ``chat_id`` to global-list items (the documented items carry none)."""
    report_deletions: bool = True
    """Report removals in ``deleted`` of incremental lists; False omits the field (how Cliq
    reports deletions incrementally is not documented, so clients must not depend on it)."""
    clock: Literal["real", "manual"] = "real"
    """``real`` follows the wall clock; ``manual`` only moves through ``advance()``."""
    start_time_ms: int | None = None
    """Where a manual clock starts (epoch ms; default: now)."""
    client_id: str = "demo-client"
    """OAuth client id accepted by ``/oauth/v2/token``."""
    client_secret: str = "demo-secret"
    """OAuth client secret accepted by ``/oauth/v2/token``."""
    refresh_token: str = "demo-refresh"
    """OAuth refresh token accepted by ``/oauth/v2/token``."""
    grant_code: str | None = "demo-grant"
    """A one-time authorization code for the ``authorization_code`` grant (None: none)."""
    access_token_ttl: int = 3600
    """Seconds an access token issued by the OAuth endpoint lives (fake clock)."""
    token_limit: bool = True
    """Issue at most 10 access tokens per 10 minutes per refresh token (Zoho's limit)."""
    token_limit_status: Literal[200, 400] = 200
    """How the 11th token is refused: HTTP 200 (seen from Zoho) or 400, both with
    ``{"error": "Access Denied", ...}``."""
    expires_in_unit: Literal["s", "ms"] = "s"
    """``expires_in`` of token answers in seconds, or in milliseconds beside ``expires_in_sec``
    (seen in older Zoho answers)."""
    token_scopes: tuple[str, ...] | None = None
    """The scopes every accepted token carries (None: all); an endpoint needing another answers
    ``oauthtoken_scope_invalid``."""
    scope_error_status: Literal[401, 403] = 401
    """The status of ``oauthtoken_scope_invalid`` (both have been seen)."""
    sync_token_ttl: int = 24 * 3600
    """Seconds a sync token stays usable (fake clock)."""
    change_log_size: int = 5000
    """How many removals are remembered for incremental lists; older sync tokens expire."""
    latency_ms: int = 0
    """Delay added to every API response (capped at 10 s)."""
    error_rate: float = 0.0
    """Fraction of API requests answered with 500, 502 or 503."""
    reset_rate: float = 0.0
    """Fraction of API connections dropped without any response."""
    malformed_rate: float = 0.0
    """Fraction of API responses replaced by invalid JSON with status 200."""
    truncate_rate: float = 0.0
    """Fraction of API responses whose body is cut short (connection closed mid-body)."""
    throttle_all: bool = False
    """Refuse every API request as throttled."""
    expire_tokens: bool = False
    """Treat every token issued so far (and the static one) as expired."""
    fault_oauth: bool = False
    """Apply faults to ``/oauth/`` too (never to ``/_fake/``)."""
    clock_skew_s: float = 0.0
    """Seconds added to the server's ``Date`` header (a server clock ahead of the client's when
    positive), so a client's clock-skew check can be tested; the fake's own clock is unchanged."""
    # --- realities: where the real service differs from the spec, or is disputed -----------
    # (cliq_tui/fake/realities.py names coherent sets; cliq_tui/fake/README.md cites sources.)
    reality: str = "default"
    """The name of the reality these switches came from (informational)."""
    create_answer: CreateAnswer = "v2"
    """The v2 create's answer: ``v2`` a flat object (``id``, ``time`` epoch ms, ``time_string``,
    ``creator`` id, ``message: {msg, chid}``), as Zoho's v2 spec shows; ``v3`` a ``data`` item."""
    chats_paging: ChatsPaging = "next_token"
    """GET /chats: ``next_token`` when more chats follow (v3), or no cursor at all (v2 era)."""
    chats_filtered_order: ChatsOrder = "newest"
    """The order of GET /chats under ``modified_after``/``modified_before``."""
    chat_types: ChatTypes = "v3"
    """``chat_type`` spelling: v3 ``direct_message``/``group_chat``/``channel``, or v2
    ``dm``/``chat``/``channel``/``bot``."""
    status_triggers: StatusRule = "checkin_not_in_dms"
    """Which chats accept status triggers: check-in refused in DMs (the spec's error table),
    status triggers only in DMs (third-party code), or every trigger everywhere."""
    message_cap: int | None = 25
    """Pending scheduled messages a user may have; a create beyond it is refused (None: no cap).
    Seeds bigger than the cap still load."""
    cap_error_code: str = "scheduled_msg_limit_exceeded"
    """The ``code`` of the refusal of a create over the cap (Zoho does not document it)."""
    cap_error_status: int = 400
    """The HTTP status of that refusal."""
    strict_pagination: bool = True
    """Refuse a list request that carries both ``sync_token`` and ``next_token`` (the v3 docs
    treat them as separate modes); False: the next token wins."""
    error_codes: bool = True
    """Errors carry ``code``; False: only ``message`` (the one field every error has)."""
    extra: dict[str, object] = field(default_factory=dict)
    """Free-form room for experiments; ignored by the server."""

    def __repr__(self) -> str:
        # Secrets stay out of reprs, logs and tracebacks.
        return (
            f"FakeConfig(seed={self.seed!r}, messages={self.messages!r}, chats={self.chats!r}, "
            f"clock={self.clock!r}, rate_limits={self.rate_limits!r}, "
            f"rate_scale={self.rate_scale!r}, throttle_form={self.throttle_form!r}, "
            f"reality={self.reality!r}, token=***)"
        )
