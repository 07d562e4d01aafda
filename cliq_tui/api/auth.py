"""Authentication: a static access token, or the Zoho OAuth refresh-token flow.

Secrets live in :class:`pydantic.SecretStr` and never appear in a repr, a log line or an error.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import httpx
from pydantic import SecretStr

from cliq_tui.api.errors import APIConnectionError, AuthenticationError, ResponseFormatError
from cliq_tui.api.http import decode_json
from cliq_tui.api.trace import active_trace, traced

AUTH_SCHEME = "Zoho-oauthtoken"

# Refresh this many seconds before the access token's announced expiry, so a request never
# leaves with a token that dies on the way.
_EXPIRY_MARGIN = 60.0
# After a refresh forced by a 401, another 401 within this many seconds is not about expiry.
_REFRESH_COOLDOWN = 60.0


class DataCentre(NamedTuple):
    """Where one Zoho data centre serves Cliq and its accounts (OAuth) endpoints."""

    base_url: str
    accounts_url: str


DATA_CENTRES: dict[str, DataCentre] = {
    "com": DataCentre("https://cliq.zoho.com", "https://accounts.zoho.com"),
    "eu": DataCentre("https://cliq.zoho.eu", "https://accounts.zoho.eu"),
    "in": DataCentre("https://cliq.zoho.in", "https://accounts.zoho.in"),
    "com.au": DataCentre("https://cliq.zoho.com.au", "https://accounts.zoho.com.au"),
    "jp": DataCentre("https://cliq.zoho.jp", "https://accounts.zoho.jp"),
    "com.cn": DataCentre("https://cliq.zoho.com.cn", "https://accounts.zoho.com.cn"),
    "sa": DataCentre("https://cliq.zoho.sa", "https://accounts.zoho.sa"),
    "uk": DataCentre("https://cliq.zoho.uk", "https://accounts.zoho.uk"),
    "ca": DataCentre("https://cliq.zohocloud.ca", "https://accounts.zohocloud.ca"),
}


class Auth(Protocol):
    """What the client needs from an authentication scheme."""

    kind: str

    async def token(self, http: httpx.AsyncClient) -> str:
        """A currently valid access token (fetching one if needed)."""
        ...

    async def refresh(self, http: httpx.AsyncClient, rejected: str) -> bool:
        """React to a 401 for ``rejected``; True when a new token is worth one more try."""
        ...


class StaticToken:
    """A fixed access token (from ``--token``, the environment or the config)."""

    kind = "access token"

    def __init__(self, token: str | SecretStr) -> None:
        self._token = token if isinstance(token, SecretStr) else SecretStr(token)

    def __repr__(self) -> str:
        return "StaticToken(token='**********')"

    async def token(self, http: httpx.AsyncClient) -> str:
        """The token as given."""
        return self._token.get_secret_value()

    async def refresh(self, http: httpx.AsyncClient, rejected: str) -> bool:
        """A static token cannot be renewed."""
        return False


@dataclass(frozen=True)
class GrantResult:
    """What the accounts server returns for a grant: tokens (secret) and their lifetime."""

    access_token: SecretStr
    expires_in: float
    refresh_token: SecretStr | None = None
    api_domain: str | None = None


async def _token_request(
    http: httpx.AsyncClient, accounts_url: str, form: dict[str, str]
) -> GrantResult:
    """POST to the Zoho token endpoint; errors never carry the form (it holds secrets)."""
    url = accounts_url.rstrip("/") + "/oauth/v2/token"
    try:
        response = await http.post(url, data=form)
    except httpx.TimeoutException as exc:
        raise APIConnectionError("The Zoho accounts server did not answer in time.") from exc
    except httpx.HTTPError as exc:
        raise APIConnectionError(
            f"Could not reach the Zoho accounts server ({type(exc).__name__})."
        ) from exc
    try:
        body = decode_json(response)
    except ValueError as exc:
        raise ResponseFormatError(
            f"The Zoho accounts server answered HTTP {response.status_code} "
            "with an unreadable body."
        ) from exc
    if not isinstance(body, dict):
        raise ResponseFormatError("The Zoho accounts server answered with an unexpected body.")
    error = body.get("error")
    if error or response.status_code >= 400 or "access_token" not in body:
        code = str(error) if error else None
        raise AuthenticationError(
            "Zoho refused the OAuth credentials"
            + (f" ({code})" if code else f" (HTTP {response.status_code})")
            + ": check the client id, client secret and refresh token or grant code.",
            status_code=401,
            code=code,
            endpoint="oauth token",
        )
    refresh = body.get("refresh_token")
    try:
        expires_in = float(body.get("expires_in", 3600))
    except (TypeError, ValueError):
        expires_in = 3600.0
    return GrantResult(
        access_token=SecretStr(str(body["access_token"])),
        expires_in=expires_in,
        refresh_token=SecretStr(str(refresh)) if refresh else None,
        api_domain=body.get("api_domain"),
    )


class OAuthRefresh:
    """The Zoho refresh-token flow: the access token is cached until shortly before it expires.

    Zoho allows only ~10 access tokens per 10 minutes per refresh token, so concurrent requests
    share one refresh (guarded by a lock) and a 401 triggers at most one refresh per token.
    """

    kind = "OAuth refresh token"

    def __init__(
        self,
        client_id: str,
        client_secret: str | SecretStr,
        refresh_token: str | SecretStr,
        accounts_url: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client_id = client_id
        self.accounts_url = accounts_url.rstrip("/")
        self._client_secret = _secret(client_secret)
        self._refresh_token = _secret(refresh_token)
        self._clock = clock
        self._access: SecretStr | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self._forced_at: float | None = None
        self.refresh_count = 0

    def __repr__(self) -> str:
        return f"OAuthRefresh(client_id={self.client_id!r}, accounts_url={self.accounts_url!r})"

    async def token(self, http: httpx.AsyncClient) -> str:
        """The cached access token, or a fresh one when it is missing or about to expire."""
        async with self._lock:
            if self._access is None or self._clock() >= self._expires_at:
                await self._fetch(http)
            assert self._access is not None
            return self._access.get_secret_value()

    async def refresh(self, http: httpx.AsyncClient, rejected: str) -> bool:
        """Get a new access token unless another request already replaced ``rejected``.

        A token fetched because of a 401 and refused again within a minute means the problem
        is not expiry (scopes, a revoked grant): no more refreshes then, so a loop of 401s
        cannot burn through Zoho's ten tokens per ten minutes.
        """
        async with self._lock:
            current = self._access.get_secret_value() if self._access else None
            if current is not None and current != rejected:
                return True
            now = self._clock()
            if self._forced_at is not None and now - self._forced_at < _REFRESH_COOLDOWN:
                return False
            await self._fetch(http)
            self._forced_at = now
            return True

    async def _fetch(self, http: httpx.AsyncClient) -> None:
        result = await _token_request(
            http,
            self.accounts_url,
            {
                "grant_type": "refresh_token",
                "client_id": self.client_id,
                "client_secret": self._client_secret.get_secret_value(),
                "refresh_token": self._refresh_token.get_secret_value(),
            },
        )
        self.refresh_count += 1
        self._access = result.access_token
        self._expires_at = self._clock() + max(0.0, result.expires_in - _EXPIRY_MARGIN)


async def exchange_grant_code(
    code: str | SecretStr,
    *,
    client_id: str,
    client_secret: str | SecretStr,
    accounts_url: str,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 15.0,
) -> GrantResult:
    """Trade a self-client grant code for tokens (the first step of ``auth login``).

    The result carries the refresh token to store; raises :class:`AuthenticationError` when Zoho
    refuses the code or the client credentials.
    """
    # Traced like every client request: the trace removes the code and the secret from the form.
    async with httpx.AsyncClient(
        transport=traced(transport, active_trace()), timeout=timeout
    ) as http:
        result = await _token_request(
            http,
            accounts_url,
            {
                "grant_type": "authorization_code",
                "client_id": client_id,
                "client_secret": _secret(client_secret).get_secret_value(),
                "code": _secret(code).get_secret_value(),
            },
        )
    if result.refresh_token is None:
        raise AuthenticationError(
            "Zoho accepted the grant code but returned no refresh token; make a new grant code.",
            status_code=401,
            endpoint="oauth token",
        )
    return result


def _secret(value: str | SecretStr) -> SecretStr:
    return value if isinstance(value, SecretStr) else SecretStr(value)
