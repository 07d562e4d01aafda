"""Sending one request: within its rate budget, with auth, retries for reads, mapped errors.

:class:`CliqClient` builds on :class:`Sender` and adds one method per operation.
"""

from __future__ import annotations

import asyncio
import logging
import time as _time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Self

import httpx

from cliq_tui.api.auth import AUTH_SCHEME, Auth
from cliq_tui.api.bounded import (
    MAX_BODY_BYTES,
    BodyTooLargeError,
    DeadlineError,
    deadline_for,
    send_bounded,
)
from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import RateLimitError, ServerError
from cliq_tui.api.http import (
    bound_error,
    describe_free_at,
    error_fields,
    is_throttle,
    status_error,
    transport_error,
)
from cliq_tui.api.retry import RetryPolicy
from cliq_tui.api.scopes import is_scope_refusal
from cliq_tui.api.trace import TraceWriter, active_trace, traced
from cliq_tui.api.validation import request_path
from cliq_tui.base.version import __version__

log = logging.getLogger("cliq_tui.api")


class Sender:
    """One long-lived ``httpx.AsyncClient`` plus the rules every request follows.

    Every request is first taken from the endpoint's budget (waiting up to ``max_wait``
    seconds, else refused; one call may pass its own wait without changing the shared one);
    a 401 gets one token refresh and one retry; reads are retried on connection errors,
    timeouts, 5xx and oversized answers; changes never are. Every answer is read within
    ``max_body`` bytes and the whole exchange within ``deadline`` seconds (default: a few times
    ``timeout``, which httpx applies per read; not retried; see :mod:`cliq_tui.api.bounded`).
    ``trace`` (default: the active trace, see :mod:`cliq_tui.api.trace`) records every request
    and response, secrets removed.
    """

    def __init__(
        self,
        base_url: str,
        auth: Auth,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        budgets: RateBudgets | None = None,
        clock: Callable[[], float] = _time.time,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        retry: RetryPolicy | None = None,
        max_wait: float = 5.0,
        trace: TraceWriter | None = None,
        max_body: int = MAX_BODY_BYTES,
        deadline: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.budgets = budgets if budgets is not None else RateBudgets(clock=clock)
        self.retry = retry if retry is not None else RetryPolicy()
        self.max_wait = max_wait
        self.max_body = max_body
        self.deadline = deadline if deadline is not None else deadline_for(timeout)
        self._clock = clock
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            # Every request, the OAuth token's included, is traced when a trace is on.
            transport=traced(transport, trace if trace is not None else active_trace()),
            timeout=timeout,
            headers={"User-Agent": f"cliq-tui/{__version__}", "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying HTTP connection pool."""
        await self._http.aclose()

    @property
    def now_ms(self) -> int:
        """The client's clock in epoch milliseconds (what "in the future" is measured against)."""
        return int(self._clock() * 1000)

    async def _spend(self, endpoint: Endpoint, max_wait: float | None = None) -> None:
        """Take one request from the budget: wait when the wait is short, else refuse.

        ``max_wait`` overrides :attr:`max_wait` for this request only.
        """
        label = endpoint.spec.label
        patience = self.max_wait if max_wait is None else max_wait
        while True:
            now = self._clock()
            lock = self.budgets.locked_until(endpoint)
            if lock is not None:
                raise RateLimitError(
                    f"Cliq locked the {label} endpoint after too many requests; it frees up at "
                    f"{describe_free_at(lock, now)}; nothing was sent.",
                    locked_until=datetime.fromtimestamp(lock, UTC),
                    endpoint=label,
                    from_server=True,
                    sent=False,
                )
            wait = self.budgets.try_acquire(endpoint, pending=True)
            if wait <= 0:
                return
            if wait > patience:
                limit = self.budgets.limit(endpoint)
                raise RateLimitError(
                    f"Holding back: the {label} endpoint allows {limit} requests a minute and "
                    f"they are used up; it frees up at {describe_free_at(now + wait, now)}; "
                    "nothing was sent.",
                    locked_until=datetime.fromtimestamp(now + wait, UTC),
                    endpoint=label,
                    from_server=False,
                    sent=False,
                )
            log.debug("budget: waiting %.1fs for %s", wait, label)
            await self._sleep(wait)

    async def _request(
        self,
        endpoint: Endpoint,
        path_params: dict[str, str] | None = None,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        sync_token_sent: bool = False,
        max_wait: float | None = None,
    ) -> httpx.Response:
        """Send one operation within budget; retry reads, refresh auth once, map errors.

        ``max_wait`` is how long this request may wait for its budget (default :attr:`max_wait`).
        """
        spec = endpoint.spec
        url = request_path(spec, path_params)
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            await self._spend(endpoint, max_wait)
            settled = False
            try:
                token = await self.auth.token(self._http)
                headers = {"Authorization": f"{AUTH_SCHEME} {token}"}
                request = self._http.build_request(
                    spec.method, url, params=params, json=json, headers=headers
                )
                response = await send_bounded(
                    self._http, request, limit=self.max_body, deadline=self.deadline
                )
            except (httpx.TransportError, BodyTooLargeError, DeadlineError) as exc:
                settled = True
                self.budgets.settle(endpoint)
                error = (
                    transport_error(exc, endpoint)
                    if isinstance(exc, httpx.TransportError)
                    else bound_error(exc, endpoint)
                )
                # A whole deadline already passed: another would only make the wait longer.
                retryable = not spec.mutating and not isinstance(exc, DeadlineError)
                if retryable and await self._may_retry(endpoint, attempt, max_wait):
                    log.info("%s: %s; retrying", spec.label, type(exc).__name__)
                    continue
                raise error from None
            finally:
                # The server saw the request by now at the latest: it counts from here, so a
                # slow answer can never let another process's request into the server's window.
                if not settled:
                    self.budgets.settle(endpoint)
            log.debug("%s %s -> %s", spec.method, spec.label, response.status_code)
            if response.is_success:
                return response
            now = self._clock()
            code, api_message = error_fields(response)
            # A missing scope is not an expired token: a refresh would not help, and Zoho
            # allows only 10 new tokens per 10 minutes.
            status = response.status_code
            if status == 401 and not refreshed and not is_scope_refusal(status, code, api_message):
                refreshed = True
                if await self.auth.refresh(self._http, token):
                    continue
            locked_until = None
            if is_throttle(response.status_code, code, api_message):
                locked_until = self.budgets.lock(endpoint)
                log.info("%s: throttled by Cliq; locked", spec.label)
            error = status_error(
                response,
                endpoint,
                now=now,
                locked_until=locked_until,
                sync_token_sent=sync_token_sent,
            )
            if (
                isinstance(error, ServerError)
                and not spec.mutating
                and await self._may_retry(endpoint, attempt, max_wait)
            ):
                log.info("%s: HTTP %s; retrying", spec.label, response.status_code)
                continue
            raise error

    async def read_raw(
        self,
        endpoint: Endpoint,
        path_params: dict[str, str] | None = None,
        *,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """One read, within its budget like any other, answered as the raw response.

        For diagnostics that look at what the typed methods hide: headers (``Date``) and the
        exact shape of the body (``cliq-tui doctor``). Changes are never sent this way.
        """
        if endpoint.spec.mutating:
            raise ValueError(f"{endpoint.spec.label} changes data: only reads are sent raw")
        return await self._request(endpoint, path_params, params=params)

    async def _may_retry(
        self, endpoint: Endpoint, attempt: int, max_wait: float | None = None
    ) -> bool:
        """Back off before another try, unless the policy or the budget says no."""
        if not self.retry.should_retry(attempt):
            return False
        delay = self.retry.delay(attempt)
        free_in = self.budgets.seconds_until_free(endpoint)
        if max(delay, free_in) > (self.max_wait if max_wait is None else max_wait):
            return False
        await self._sleep(delay)
        return True
