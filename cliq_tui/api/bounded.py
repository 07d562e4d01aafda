"""Reading an answer within a size cap and a deadline: no server can make the client read forever.

httpx reads a body as long as bytes keep coming, and its read timeout is per chunk, so an
endless body or one that drips a byte a second is read for ever (and held in memory). Every
answer is therefore streamed and counted here, and the whole exchange (connect, send, headers
and body) runs under one overall deadline.

The cap for Cliq's answers, :data:`MAX_BODY_BYTES` = 16 MiB, is generous by design. The largest
answer the client asks for is one list page: at most 100 items (``limit`` is capped at 100), each
with a text of at most 5,000 characters. A character is at most 6 bytes in JSON (``\\uXXXX``), so
a text is at most 30,000 bytes; the other fields of an item (ids, times, sender, creator, chat,
file name and size, comment, status) stay well under 10,000 bytes even fully escaped. That is
under 40 KB an item, 4 MB a page: the cap leaves four times that. A token answer is a few
hundred bytes; :data:`MAX_TOKEN_BODY_BYTES` = 1 MiB.
"""

from __future__ import annotations

import asyncio

import httpx

MAX_BODY_BYTES = 16 * 1024 * 1024
"""Most bytes of one Cliq answer the client reads (see the module text for the bound)."""
MAX_TOKEN_BODY_BYTES = 1024 * 1024
"""Most bytes of one answer of the Zoho accounts server (a token is a few hundred bytes)."""
DEADLINE_FACTOR = 4
"""The overall deadline of one exchange, in multiples of the configured (per-read) timeout."""

_DROPPED_HEADERS = ("content-encoding", "content-length", "transfer-encoding")


def size_words(limit: int) -> str:
    """'16 MiB' or '64 KiB' or '512 bytes': a cap in the words of the error that names it."""
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit} bytes"


class BodyTooLargeError(Exception):
    """An answer was longer than the cap; reading stopped at ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer was larger than {size_words(limit)}")
        self.limit = limit


class DeadlineError(Exception):
    """The whole exchange took longer than its deadline (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds


def deadline_for(timeout: httpx.Timeout | float | None) -> float:
    """The overall deadline for a client whose per-read ``timeout`` is this."""
    if isinstance(timeout, httpx.Timeout):
        values = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
        timeout = max(values) if values else None
    return DEADLINE_FACTOR * (float(timeout) if timeout else 15.0)


async def read_capped(response: httpx.Response, limit: int, *, raw: bool = False) -> bytes:
    """The body of a streamed ``response``, or :class:`BodyTooLargeError` once past ``limit``.

    Counts decoded bytes (a small compressed body may unpack to gigabytes); ``raw`` counts the
    bytes as they came over the wire instead (for a transport, before any decoding).
    """
    chunks: list[bytes] = []
    size = 0
    stream = response.aiter_raw() if raw else response.aiter_bytes()
    try:
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                raise BodyTooLargeError(limit)
            chunks.append(chunk)
    finally:
        await response.aclose()
    return b"".join(chunks)


async def send_bounded(
    http: httpx.AsyncClient,
    request: httpx.Request,
    *,
    limit: int = MAX_BODY_BYTES,
    deadline: float | None = None,
) -> httpx.Response:
    """Send ``request`` and read its answer within ``limit`` bytes and ``deadline`` seconds.

    Returns a response whose body is already read (``.json()``, ``.content``, headers as they
    came). Raises :class:`BodyTooLargeError`, :class:`DeadlineError`, or httpx's own errors.
    """
    seconds = deadline if deadline is not None else deadline_for(http.timeout)
    try:
        async with asyncio.timeout(seconds):
            response = await http.send(request, stream=True)
            body = await read_capped(response, limit)
    except TimeoutError:
        raise DeadlineError(seconds) from None
    # The body is decoded already: the new response must not decode it again.
    headers = [(k, v) for k, v in response.headers.multi_items() if k not in _DROPPED_HEADERS]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=request,
        extensions={k: v for k, v in response.extensions.items() if k != "network_stream"},
    )
