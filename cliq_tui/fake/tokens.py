"""Access tokens, refresh tokens and grant codes the fake accounts server knows."""

from __future__ import annotations

import secrets
from collections import deque
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

TokenCheck = Literal["ok", "expired", "invalid"]

# Zoho allows at most 10 access tokens per 10 minutes per refresh token.
REFRESH_LIMIT = 10
REFRESH_WINDOW_MS = 600_000
GRANT_CODE_TTL_MS = 600_000


# The scope each API endpoint needs (Zoho Cliq's API docs; the endpoint table of DESIGN.md).
ENDPOINT_SCOPES: dict[str, str] = {
    "list_all": "ZohoCliq.Messages.READ",
    "list_chat": "ZohoCliq.Messages.READ",
    "send_now": "ZohoCliq.Messages.CREATE",
    "create": "ZohoCliq.Messages.CREATE",
    "reschedule": "ZohoCliq.Messages.UPDATE",
    "edit": "ZohoCliq.Messages.UPDATE",
    "delete_all": "ZohoCliq.Messages.DELETE",
    "delete_one": "ZohoCliq.Messages.DELETE",
    "list_chats": "ZohoCliq.Chats.READ",
    "chat_details": "ZohoCliq.Chats.READ",
}
SCOPE_MESSAGE = "The OAuth token passed does not have the required scope."


@dataclass
class OAuthRealities:
    """How the accounts server and the token checks behave where Zoho's reality varies."""

    token_limit: bool = True
    """Refuse the 11th access token per refresh token within 10 minutes."""
    token_limit_status: int = 200
    """HTTP status of that refusal (200 or 400), body ``{"error": "Access Denied", ...}``."""
    expires_in_unit: str = "s"
    """``s``: ``expires_in`` in seconds; ``ms``: in milliseconds, plus ``expires_in_sec``."""
    token_scopes: tuple[str, ...] | None = None
    """The scopes of every token (None: all of them)."""
    scope_error_status: int = 401
    """Status of ``oauthtoken_scope_invalid`` (401 or 403)."""

    def to_json(self) -> dict[str, Any]:
        """The switches as JSON."""
        values = asdict(self)
        if self.token_scopes is not None:
            values["token_scopes"] = list(self.token_scopes)
        return values

    def lacks_scope_for(self, endpoint: str) -> bool:
        """True when the tokens lack the scope ``endpoint`` needs."""
        needed = ENDPOINT_SCOPES.get(endpoint)
        return (
            needed is not None
            and self.token_scopes is not None
            and (needed not in self.token_scopes)
        )

    def changed(self, changes: dict[str, Any]) -> OAuthRealities:
        """A copy with ``changes`` applied; ValueError names a bad switch or value."""
        unknown = sorted(set(changes) - {f.name for f in fields(OAuthRealities)})
        if unknown:
            raise ValueError(f"unknown OAuth switch(es): {', '.join(unknown)}")
        values = dict(changes)
        if "token_limit" in values and not isinstance(values["token_limit"], bool):
            raise ValueError("token_limit must be true or false")
        _one_of(values, "token_limit_status", (200, 400))
        _one_of(values, "expires_in_unit", ("s", "ms"))
        _one_of(values, "scope_error_status", (401, 403))
        if values.get("token_scopes") is not None:
            scopes = values["token_scopes"]
            if isinstance(scopes, str):
                scopes = [s for s in scopes.replace(" ", ",").split(",") if s]
            if not isinstance(scopes, list | tuple) or not all(isinstance(x, str) for x in scopes):
                raise ValueError("token_scopes must be a list of scope names, or null for all")
            values["token_scopes"] = tuple(scopes)
        return replace(self, **values)


def _one_of(values: dict[str, Any], name: str, allowed: tuple[object, ...]) -> None:
    if name in values and (isinstance(values[name], bool) or values[name] not in allowed):
        raise ValueError(f"{name} must be one of {', '.join(map(str, allowed))}")


class TokenRegistry:
    """Which tokens are valid, and until when, on the fake clock."""

    def __init__(
        self,
        *,
        static_token: str,
        refresh_token: str,
        grant_code: str | None,
        access_ttl_s: int,
        realities: OAuthRealities | None = None,
    ) -> None:
        self.realities = realities or OAuthRealities()
        self.static_token = static_token
        self.static_revoked = False
        self.access_ttl_ms = access_ttl_s * 1000
        self._issued: dict[str, int] = {}
        self._refresh_tokens: set[str] = {refresh_token}
        self._grant_codes: dict[str, int] = {}
        if grant_code:
            # The configured code lives as long as the server (handy for demos and tests).
            self._grant_codes[grant_code] = 2**62
        self._refresh_usage: dict[str, deque[int]] = {}
        self.minted = 0
        """Access tokens minted from refresh tokens so far (grant codes not counted)."""

    def check(self, token: str, now_ms: int) -> TokenCheck:
        """Whether an access token may be used now."""
        if token == self.static_token:
            return "expired" if self.static_revoked else "ok"
        expires = self._issued.get(token)
        if expires is None:
            return "invalid"
        return "ok" if now_ms < expires else "expired"

    def issue_access_token(self, now_ms: int) -> str:
        """A new access token living ``access_ttl`` from now."""
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        self._issued[token] = now_ms + self.access_ttl_ms
        return token

    def issue_refresh_token(self) -> str:
        """A new refresh token (from an authorization code)."""
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        self._refresh_tokens.add(token)
        return token

    def knows_refresh_token(self, token: str) -> bool:
        """True for a refresh token this server issued or was configured with."""
        return token in self._refresh_tokens

    def refresh_allowed(self, refresh_token: str, now_ms: int) -> bool:
        """Count an access token minted from ``refresh_token``; False beyond 10 per 10 minutes
        (with the ``token_limit`` switch on; refusals are not counted)."""
        window = self._refresh_usage.setdefault(refresh_token, deque())
        while window and window[0] <= now_ms - REFRESH_WINDOW_MS:
            window.popleft()
        if self.realities.token_limit and len(window) >= REFRESH_LIMIT:
            return False
        window.append(now_ms)
        self.minted += 1
        return True

    def token_lifetime(self) -> dict[str, int]:
        """The lifetime fields of a token answer, in the configured unit."""
        seconds = self.access_ttl_ms // 1000
        if self.realities.expires_in_unit == "ms":
            return {"expires_in_sec": seconds, "expires_in": self.access_ttl_ms}
        return {"expires_in": seconds}

    @property
    def issued(self) -> int:
        """Access tokens issued so far, by either grant."""
        return len(self._issued)

    def new_grant_code(self, now_ms: int) -> str:
        """A one-time authorization code valid for 10 minutes."""
        code = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        self._grant_codes[code] = now_ms + GRANT_CODE_TTL_MS
        return code

    def redeem_grant_code(self, code: str, now_ms: int) -> bool:
        """Use up a grant code; False if unknown, used or expired."""
        expires = self._grant_codes.pop(code, None)
        return expires is not None and now_ms < expires

    def expire_all(self, now_ms: int) -> None:
        """Every token issued so far, and the static one, stops working."""
        for token in self._issued:
            self._issued[token] = min(self._issued[token], now_ms)
        self.static_revoked = True
