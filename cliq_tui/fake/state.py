"""Everything one fake server knows, behind one lock (uvicorn runs in its own thread)."""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import replace
from typing import Any

from cliq_tui.fake.clock import Clock
from cliq_tui.fake.config import FakeConfig
from cliq_tui.fake.errors import bad_request, not_found
from cliq_tui.fake.faults import Faults, parse_faults
from cliq_tui.fake.model import STATUSES, FakeChat, FakeMessage
from cliq_tui.fake.ratelimit import RateLimiter
from cliq_tui.fake.render import chat_json, message_json, zone
from cliq_tui.fake.seeds import USER, USER_TIMEZONE, build_seed, new_id
from cliq_tui.fake.store import Store
from cliq_tui.fake.tokens import OAuthRealities, TokenRegistry

REQUEST_LOG_SIZE = 2000
# The largest rate-limit scale the control API accepts (1000 times the documented limits).
MAX_RATE_SCALE = 1000.0


class FakeState:
    """The fake's data, clock, tokens, rate limits, faults and request statistics.

    Every public method takes the lock, so tests may call them from any thread while the server
    runs. Route handlers hold ``lock`` for a whole request.
    """

    def __init__(self, config: FakeConfig) -> None:
        self.config = config
        # Seconds the Date header runs ahead of the fake clock (negative: behind).
        self.clock_skew_s = config.clock_skew_s
        self.lock = threading.RLock()
        self.clock = Clock(config.clock, config.start_time_ms)
        self.user = USER
        self._build()

    def _build(self) -> None:
        config = self.config
        now = self.clock.now_ms()
        self.rng = random.Random(config.random_seed)
        self.store = Store(config.change_log_size, config.sync_token_ttl * 1000)
        seed = build_seed(config.seed, now, self.rng, messages=config.messages, chats=config.chats)
        for chat in seed.chats:
            self.store.chats[chat.chat_id] = chat
        for message in seed.messages:
            self.store.add(message, seeded=True)
        self.limiter = RateLimiter(enabled=config.rate_limits, scale=config.rate_scale)
        self.throttle_form = config.throttle_form
        self.include_chat_id = config.include_chat_id
        self.report_deletions = config.report_deletions
        self.tokens = TokenRegistry(
            static_token=config.token,
            refresh_token=config.refresh_token,
            grant_code=config.grant_code,
            access_ttl_s=config.access_token_ttl,
            realities=OAuthRealities(
                token_limit=config.token_limit,
                token_limit_status=config.token_limit_status,
                expires_in_unit=config.expires_in_unit,
                token_scopes=config.token_scopes,
                scope_error_status=config.scope_error_status,
            ),
        )
        self.faults = Faults()
        self.fault_rng = random.Random(config.random_seed + 1)
        self.set_faults(
            latency_ms=config.latency_ms,
            error_rate=config.error_rate,
            reset_rate=config.reset_rate,
            malformed_rate=config.malformed_rate,
            truncate_rate=config.truncate_rate,
            throttle_all=config.throttle_all,
            expire_tokens=config.expire_tokens,
            oauth=config.fault_oauth,
        )
        self._stats: dict[str, dict[str, Any]] = {}
        self._requests: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)

    # --- clock and delivery ----------------------------------------------------------------

    def now_ms(self) -> int:
        """The fake clock's time in epoch milliseconds."""
        return self.clock.now_ms()

    def tick(self) -> list[dict[str, Any]]:
        """Deliver what has fallen due; returns the new delivery log entries."""
        with self.lock:
            return self.store.deliver_due(self.clock.now_ms())

    def advance(self, seconds: float) -> list[dict[str, Any]]:
        """Move the clock forward and deliver what falls due; returns the new deliveries."""
        with self.lock:
            self.clock.advance(seconds)
            return self.store.deliver_due(self.clock.now_ms())

    def emit_status(self, status: str) -> list[dict[str, Any]]:
        """The user's status changed to ``status``: deliver every message waiting for it."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        with self.lock:
            now = self.clock.now_ms()
            self.store.deliver_due(now)
            waiting = sorted(
                (m for m in self.store.messages.values() if m.status == status),
                key=lambda m: (m.created_ms, m.id),
            )
            return [e for m in waiting if (e := self.store.deliver(m.id, now, "status"))]

    def deliveries(self) -> list[dict[str, Any]]:
        """Every delivery so far: id, chat_id, at_ms, via (time, status or send_now), text."""
        with self.lock:
            self.store.deliver_due(self.clock.now_ms())
            return [dict(entry) for entry in self.store.deliveries]

    # --- reading -----------------------------------------------------------------------------

    def messages(self) -> list[dict[str, Any]]:
        """Every pending message as a list item, with ``chat_id``."""
        with self.lock:
            self.store.deliver_due(self.clock.now_ms())
            ordered = sorted(self.store.messages.values(), key=lambda m: (m.created_ms, m.id))
            return [message_json(m, chat_id=True) for m in ordered]

    def message(self, message_id: str) -> dict[str, Any] | None:
        """One pending message as a list item with ``chat_id``, or None."""
        with self.lock:
            self.store.deliver_due(self.clock.now_ms())
            found = self.store.messages.get(message_id)
            return message_json(found, chat_id=True) if found else None

    def chats(self) -> list[dict[str, Any]]:
        """Every chat as a v3-chat object."""
        with self.lock:
            return [chat_json(c) for c in self.store.chats.values()]

    def chat(self, chat_id: str) -> FakeChat:
        """The chat ``chat_id``; 404 ``chat_access_denied`` when the user has no such chat."""
        found = self.store.chats.get(chat_id)
        if found is None:
            raise not_found(
                "chat_access_denied",
                "You must be a participant in this chat to perform this action.",
            )
        return found

    # --- server-side changes (another device of the user) ------------------------------------

    def create_message(
        self,
        chat_id: str,
        *,
        text: str,
        time_ms: int | None = None,
        timezone: str | None = None,
        status: str | None = None,
        file_name: str | None = None,
        file_size: str | None = None,
    ) -> dict[str, Any]:
        """Schedule a message as another device would; returns it as a list item with chat_id."""
        with self.lock:
            self.chat(chat_id)
            _check_server_side(text=text, time_ms=time_ms)
            if (time_ms is None) == (status is None):
                raise bad_request("param_missing", "Give exactly one of time_ms or status.")
            if status is not None and status not in STATUSES:
                raise bad_request("input_pattern_mismatch", f"Unknown status {status!r}.")
            tz = timezone or USER_TIMEZONE
            if zone(tz) is None:
                raise bad_request("input_pattern_mismatch", f"Unknown time zone {tz!r}.")
            message = FakeMessage(
                id=new_id(self.rng),
                chat_id=chat_id,
                timezone=tz,
                created_ms=self.clock.now_ms() // 1000 * 1000,
                sender=self.user,
                creator=self.user,
                time_ms=time_ms,
                status=status,
                type="file" if file_name else "text",
                text=text,
                file_name=file_name,
                file_size=file_size or ("12.5 KB" if file_name else None),
            )
            self.store.add(message)
            self.store.deliver_due(self.clock.now_ms())
            return message_json(message, chat_id=True)

    def update_message(
        self,
        message_id: str,
        *,
        text: str | None = None,
        time_ms: int | None = None,
        timezone: str | None = None,
        status: str | None = None,
    ) -> dict[str, Any]:
        """Change a message as another device would; returns it as a list item with chat_id."""
        with self.lock:
            message = self.pending(message_id)
            _check_server_side(text=text, time_ms=time_ms)
            if status is not None and status not in STATUSES:
                raise bad_request("input_pattern_mismatch", f"Unknown status {status!r}.")
            if timezone is not None and zone(timezone) is None:
                raise bad_request("input_pattern_mismatch", f"Unknown time zone {timezone!r}.")
            if text is not None:
                message.text = text
            if timezone is not None:
                message.timezone = timezone
            if time_ms is not None:
                message.time_ms, message.status = time_ms, None
            elif status is not None:
                message.time_ms, message.status = None, status
            self.store.touch(message)
            self.store.deliver_due(self.clock.now_ms())
            return message_json(message, chat_id=True)

    def delete_message(self, message_id: str) -> bool:
        """Remove a pending message as another device would; False if there was none."""
        with self.lock:
            return self.store.remove(message_id) is not None

    def pending(self, message_id: str, chat_id: str | None = None) -> FakeMessage:
        """A pending message (in ``chat_id`` if given); 404 ``scheduled_msg_not_found``."""
        found = self.store.messages.get(message_id)
        if found is None or (chat_id is not None and found.chat_id != chat_id):
            raise not_found(
                "scheduled_msg_not_found", "The requested scheduled message could not be found."
            )
        return found

    # --- switches ------------------------------------------------------------------------------

    def set_faults(self, **changes: Any) -> Faults:
        """Switch faults on or off (see :class:`Faults`); returns the switches now in force."""
        with self.lock:
            self.faults = parse_faults(changes, self.faults)
            if changes.get("expire_tokens"):
                self.tokens.expire_all(self.clock.now_ms())
            elif changes.get("expire_tokens") is False:
                self.tokens.static_revoked = False
            return replace(self.faults)

    def clear_faults(self) -> Faults:
        """Switch every fault off (the static token works again)."""
        with self.lock:
            self.faults = Faults()
            self.tokens.static_revoked = False
            return replace(self.faults)

    def set_rate_limits(
        self,
        *,
        enabled: bool | None = None,
        scale: float | None = None,
        throttle_form: str | None = None,
        clear_locks: bool = False,
    ) -> dict[str, Any]:
        """Change the rate-limit switches; returns them with the locks in force."""
        # Everything is checked before anything changes: a refused request changes nothing.
        if enabled is not None and not isinstance(enabled, bool):
            raise ValueError("enabled must be true or false")
        if scale is not None and (
            isinstance(scale, bool)
            or not isinstance(scale, int | float)
            or not 0 < scale <= MAX_RATE_SCALE
        ):
            raise ValueError(f"scale must be a number above 0 and at most {MAX_RATE_SCALE}")
        if throttle_form is not None and throttle_form not in ("429", "400"):
            raise ValueError("throttle_form must be '429' or '400'")
        with self.lock:
            if enabled is not None:
                self.limiter.enabled = enabled
            if scale is not None:
                self.limiter.scale = float(scale)
            if throttle_form is not None:
                self.throttle_form = throttle_form  # type: ignore[assignment]
            if clear_locks:
                self.limiter.clear()
            return self.rate_limits()

    def rate_limits(self) -> dict[str, Any]:
        """The rate-limit switches, window usage and the locks in force."""
        with self.lock:
            now = self.clock.now_ms()
            return {
                "enabled": self.limiter.enabled,
                "scale": self.limiter.scale,
                "throttle_form": self.throttle_form,
                "usage": self.limiter.usage(now),
                "locks": self.limiter.locks(now),
            }

    def set_oauth(self, **changes: Any) -> dict[str, Any]:
        """Change the OAuth switches (see :class:`OAuthRealities`); returns them, with the count
        of tokens minted from refresh tokens so far."""
        with self.lock:
            self.tokens.realities = self.tokens.realities.changed(changes)
            return self.oauth()

    def oauth(self) -> dict[str, Any]:
        """The OAuth switches, ``minted`` (access tokens from refresh tokens so far) and
        ``issued`` (access tokens from either grant)."""
        with self.lock:
            tokens = self.tokens
            return {**tokens.realities.to_json(), "minted": tokens.minted, "issued": tokens.issued}

    def new_grant_code(self) -> str:
        """A fresh one-time OAuth authorization code."""
        with self.lock:
            return self.tokens.new_grant_code(self.clock.now_ms())

    def reset(self) -> None:
        """Back to the seed: data, tokens, limits, faults, logs and stats (the clock stays)."""
        with self.lock:
            self._build()

    # --- statistics ----------------------------------------------------------------------------

    def record_request(
        self, endpoint: str, method: str, path: str, status: int, sent: int, throttled: bool
    ) -> None:
        """Count one API request (called by the app for every /api/ and /oauth/ request)."""
        with self.lock:
            entry = self._stats.setdefault(
                endpoint, {"requests": 0, "bytes_sent": 0, "throttled": 0, "statuses": {}}
            )
            entry["requests"] += 1
            entry["bytes_sent"] += sent
            entry["throttled"] += int(throttled)
            statuses = entry["statuses"]
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            self._requests.append(
                {
                    "at_ms": self.clock.now_ms(),
                    "endpoint": endpoint,
                    "method": method,
                    "path": path,
                    "status": status,
                    "throttled": throttled,
                }
            )

    def stats(self) -> dict[str, Any]:
        """Requests, bytes sent and throttled counts per endpoint, with totals."""
        with self.lock:
            endpoints = {
                name: {**entry, "statuses": dict(entry["statuses"])}
                for name, entry in self._stats.items()
            }
            return {
                "endpoints": endpoints,
                "total": {
                    key: sum(e[key] for e in endpoints.values())
                    for key in ("requests", "bytes_sent", "throttled")
                },
            }

    def requests(self) -> list[dict[str, Any]]:
        """The most recent requests (up to 2000), oldest first."""
        with self.lock:
            return [dict(entry) for entry in self._requests]

    def reset_stats(self) -> None:
        """Forget request statistics and the request log."""
        with self.lock:
            self._stats.clear()
            self._requests.clear()


def _check_server_side(*, text: str | None, time_ms: int | None) -> None:
    """Refuse values that would corrupt the state (server-side changes skip API validation)."""
    if text is not None and not isinstance(text, str):
        raise bad_request("input_pattern_mismatch", "text must be a string")
    if time_ms is not None and (isinstance(time_ms, bool) or not isinstance(time_ms, int)):
        raise bad_request("scheduled_msg_invalid_time_format", "time_ms must be epoch milliseconds")
