"""A hostile HTTP server on 127.0.0.1 and a transport that counts what the client read.

The server answers every request with status 200 and then a body that never ends: as fast as
the client reads it (``endless``), or one byte at a time with pauses (``drip``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx

CHUNK = b'"' + b"x" * 16_382 + b'",'


class HostileServer:
    """A raw asyncio HTTP/1.1 server whose 200 answers never end."""

    def __init__(self, mode: str, *, drip_every: float = 0.1) -> None:
        self.mode = mode
        self.drip_every = drip_every
        self.requests = 0
        self.sent = 0
        self.dropped = 0
        self.all_dropped = asyncio.Event()
        self._server: asyncio.Server | None = None
        self.url = ""

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 5)

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            self.requests += 1
            for line in head.decode("latin-1").split("\r\n"):
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length" and value.strip():
                    await reader.readexactly(int(value))
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            )
            if self.mode == "endless":
                writer.write(b'{"data": [')
                while True:
                    writer.write(CHUNK)
                    await writer.drain()
                    self.sent += len(CHUNK)
            else:
                while True:
                    writer.write(b" ")
                    await writer.drain()
                    self.sent += 1
                    await asyncio.sleep(self.drip_every)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.dropped += 1
            if self.dropped >= self.requests:
                self.all_dropped.set()
            writer.close()


class _CountingStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, owner: CountingTransport) -> None:
        self._inner = inner
        self._owner = owner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            self._owner.read += len(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class CountingTransport(httpx.AsyncBaseTransport):
    """A real HTTP transport that counts the body bytes the client pulled from the network."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.read = 0
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        response = await self._inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_CountingStream(response.stream, self),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
