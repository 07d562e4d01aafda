"""Authentication: a static access token, or the Zoho OAuth refresh-token flow.

Secrets live in :class:`pydantic.SecretStr` and never appear in a repr, a log line or an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

import httpx
from pydantic import SecretStr

from cliq_tui.api.bounded import (
    MAX_TOKEN_BODY_BYTES,
    BodyTooLargeError,
    DeadlineError,
    send_bounded,
    size_words,
)
from cliq_tui.api.errors import (
    APIConnectionError,
    AuthenticationError,
    ResponseFormatError,
    TokenLimitError,
)
from cliq_tui.api.http import decode_json
from cliq_tui.api.oauth_answers import is_token_limit_refusal, token_lifetime, token_limit_error
from cliq_tui.api.token_cache import (
    TOKEN_LIMIT,
    TOKEN_WINDOW,
    CachedToken,
    TokenCache,
    TokenRecord,
    cache_key,
)
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
    http: httpx.AsyncClient, accounts_url: str, form: dict[str, str], *, now: float
) -> GrantResult:
    """POST to the Zoho token endpoint; errors never carry the form (it holds secrets)."""
    url = accounts_url.rstrip("/") + "/oauth/v2/token"
    try:
        response = await send_bounded(
            http, http.build_request("POST", url, data=form), limit=MAX_TOKEN_BODY_BYTES
        )
    except BodyTooLargeError:
        raise ResponseFormatError(
            "The Zoho accounts server's answer was larger than "
            f"{size_words(MAX_TOKEN_BODY_BYTES)}; no token was read."
        ) from None
    except (httpx.TimeoutException, DeadlineError) as exc:
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
    if is_token_limit_refusal(response.status_code, body):
        raise token_limit_error(now + TOKEN_WINDOW, now, sent=True)
    error = body.get("error")
    token = body.get("access_token")
    if error or response.status_code >= 400 or not isinstance(token, str) or not token:
        code = str(error)[:100] if error else None
        raise AuthenticationError(
            "Zoho refused the OAuth credentials"
            + (f" ({code})" if code else f" (HTTP {response.status_code})")
            + ": check the client id, client secret and refresh token or grant code.",
            status_code=401,
            code=code,
            endpoint="oauth token",
        )
    refresh = body.get("refresh_token")
    api_domain = body.get("api_domain")
    return GrantResult(
        access_token=SecretStr(token),
        expires_in=token_lifetime(body),
        refresh_token=SecretStr(str(refresh)) if refresh else None,
        api_domain=api_domain if isinstance(api_domain, str) else None,
    )


class OAuthRefresh:
    """The Zoho refresh-token flow, with one access token per refresh token for every process.

    Zoho allows only 10 access tokens per 10 minutes per refresh token. The token is cached until
    shortly before it expires: in memory, and with a :class:`TokenCache` also in a file every
    process of the user shares, refreshed by one process at a time (the others wait and reuse
    it). A 401 leads to at most one refresh for the rejected token, shared by everyone who saw
    it rejected; a refusal for the limit is remembered until it ends, so nobody asks again.
    With ``token_dir`` the token is shared through a file there (see :class:`TokenCache`);
    its one warning (a bad file, an unwritable folder) goes to ``on_warning`` (default: the log).
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
        token_dir: Path | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.client_id = client_id
        self.accounts_url = accounts_url.rstrip("/")
        self._client_secret = _secret(client_secret)
        self._refresh_token = _secret(refresh_token)
        self._clock = clock
        self.cache = (
            None
            if token_dir is None
            else TokenCache(
                token_dir,
                cache_key(self.accounts_url, client_id, self._client_secret, self._refresh_token),
                on_warning=on_warning,
            )
        )
        """The token file shared with other processes (None: this process keeps it in memory)."""
        self._record = TokenRecord()
        self._current: CachedToken | None = None
        self._lock = asyncio.Lock()
        self.refresh_count = 0

    def __repr__(self) -> str:
        return f"OAuthRefresh(client_id={self.client_id!r}, accounts_url={self.accounts_url!r})"

    async def token(self, http: httpx.AsyncClient) -> str:
        """The cached access token, or a fresh one when it is missing or about to expire."""
        async with self._lock:
            fresh = self._current is not None and self._current.usable(self._clock())
            if not fresh and not self._adopt(self._load()):
                async with self._exclusive():
                    # Another process may have refreshed while this one waited.
                    record = self._load()
                    if not self._adopt(record):
                        await self._mint(http, record, forced=False)
            assert self._current is not None
            return self._current.access_token.get_secret_value()

    async def refresh(self, http: httpx.AsyncClient, rejected: str) -> bool:
        """Get a new access token unless someone already replaced ``rejected``.

        A token fetched because of a 401 and refused again within a minute means the problem
        is not expiry (a revoked grant, a clock far off): no more refreshes then, so a loop of
        401s cannot burn through Zoho's ten tokens per ten minutes.
        """
        async with self._lock:
            if self._current is not None and _text(self._current) != rejected:
                return True
            async with self._exclusive():
                record = self._load()
                now = self._clock()
                newer = record.token
                if newer is not None and _text(newer) != rejected and newer.usable(now):
                    self._current = newer
                    return True
                for known in (newer, self._current):
                    if (
                        known is not None
                        and _text(known) == rejected
                        and known.forced
                        and 0 <= now - known.obtained_at < _REFRESH_COOLDOWN
                    ):
                        return False
                await self._mint(http, record, forced=True)
                return True

    def remember(self, grant: GrantResult) -> None:
        """Keep the access token that came with a grant (``auth login``): no refresh needed."""
        now = self._clock()
        token = _cached(grant, now, forced=False)
        record = self._load()
        record.token = token
        record.minted = [*record.recent_mints(now), now]
        self._save(record)
        self._current = token

    # --- internals ---------------------------------------------------------------------------

    def _load(self) -> TokenRecord:
        if self.cache is not None and self.cache.enabled:
            return self.cache.read()
        return self._record

    def _save(self, record: TokenRecord) -> None:
        self._record = record
        if self.cache is not None:
            self.cache.write(record)

    def _exclusive(self) -> AbstractAsyncContextManager[None]:
        return self.cache.exclusive() if self.cache is not None else contextlib.nullcontext()

    def _adopt(self, record: TokenRecord) -> bool:
        if record.token is not None and record.token.usable(self._clock()):
            self._current = record.token
            return True
        return False

    async def _mint(self, http: httpx.AsyncClient, record: TokenRecord, *, forced: bool) -> None:
        now = self._clock()
        refused_until = record.refused_at(now)
        if refused_until is not None:
            raise token_limit_error(refused_until, now, sent=False)
        mints = record.recent_mints(now)
        if len(mints) >= TOKEN_LIMIT:
            # Zoho would refuse this one: say when the oldest of the ten leaves the window.
            raise token_limit_error(mints[-TOKEN_LIMIT] + TOKEN_WINDOW, now, sent=False)
        form = {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self._client_secret.get_secret_value(),
            "refresh_token": self._refresh_token.get_secret_value(),
        }
        try:
            result = await _token_request(http, self.accounts_url, form, now=now)
        except TokenLimitError:
            record.refused_until = now + TOKEN_WINDOW
            self._save(record)
            raise
        after = self._clock()
        token = _cached(result, after, forced=forced)
        record.token = token
        record.minted = [*mints, after]
        record.refused_until = None
        self._save(record)
        self._current = token
        self.refresh_count += 1


def _cached(grant: GrantResult, now: float, *, forced: bool) -> CachedToken:
    lifetime = grant.expires_in
    # Renew a little before the end (a tenth of a short lifetime), so a request never leaves
    # with a token that dies on the way.
    margin = min(_EXPIRY_MARGIN, lifetime / 10)
    return CachedToken(
        grant.access_token, obtained_at=now, expires_at=now + lifetime - margin, forced=forced
    )


def _text(token: CachedToken) -> str:
    return token.access_token.get_secret_value()


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
            now=time.time(),
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
