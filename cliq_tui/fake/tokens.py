"""Access tokens, refresh tokens and grant codes the fake accounts server knows."""

from __future__ import annotations

import secrets
from collections import deque
from typing import Literal

TokenCheck = Literal["ok", "expired", "invalid"]

# Zoho allows at most 10 access tokens per 10 minutes per refresh token.
REFRESH_LIMIT = 10
REFRESH_WINDOW_MS = 600_000
GRANT_CODE_TTL_MS = 600_000


class TokenRegistry:
    """Which tokens are valid, and until when, on the fake clock."""

    def __init__(
        self,
        *,
        static_token: str,
        refresh_token: str,
        grant_code: str | None,
        access_ttl_s: int,
    ) -> None:
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

    def refresh_allowed(self, refresh_token: str, now_ms: int, *, enforce: bool) -> bool:
        """Count an access token minted from ``refresh_token``; False beyond 10 per 10 minutes."""
        window = self._refresh_usage.setdefault(refresh_token, deque())
        while window and window[0] <= now_ms - REFRESH_WINDOW_MS:
            window.popleft()
        if enforce and len(window) >= REFRESH_LIMIT:
            return False
        window.append(now_ms)
        return True

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
