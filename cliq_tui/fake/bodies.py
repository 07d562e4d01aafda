"""Reading request bodies with a size limit: the fake never buffers an unbounded body."""

from __future__ import annotations

from starlette.requests import Request

MAX_BODY_BYTES = 1 << 20
"""The largest request body the fake reads (API, OAuth and control endpoints alike): 1 MiB.
The largest real body (a 5,000-character edit) is far below it."""


class BodyTooLarge(Exception):
    """The request body exceeds :data:`MAX_BODY_BYTES` (answered with 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, or :class:`BodyTooLarge` as soon as it is known to be too large
    (from Content-Length when given, else while reading; never more than ``limit`` kept)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
