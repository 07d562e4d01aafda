"""ASGI middleware in front of /api/ (and /oauth/): fault injection and request statistics."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cliq_tui.fake.api import endpoint_of
from cliq_tui.fake.state import FakeState

TRANSPORT_KEY = "fake.transport"
"""Where the fake's uvicorn protocol puts the connection's transport in the ASGI scope."""

_SERVER_ERROR = json.dumps(
    {
        "message": (
            "Cliq server encountered an error which prevents it from fulfilling the request."
        ),
        "code": "internal_server_error",
    }
).encode()
_GATEWAY_PAGE = b"<html><head><title>%d</title></head><body><h1>%d</h1></body></html>"


class FaultGate:
    """Applies the state's faults to API requests and counts every request and byte sent."""

    def __init__(self, app: ASGIApp, state: FakeState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(("/api/", "/oauth/")):
            await self.app(scope, receive, send)
            return
        state = self.state
        endpoint = endpoint_of(scope["method"], path)
        with state.lock:
            faults = replace(state.faults)
            applies = path.startswith("/api/") or faults.oauth
            roll = state.fault_rng.random() if applies else 1.0
        fault = None
        if applies:
            edge = 0.0
            for name in ("reset_rate", "error_rate", "truncate_rate", "malformed_rate"):
                edge += getattr(faults, name)
                if roll < edge:
                    fault = name.removesuffix("_rate")
                    break
            if faults.latency_ms:
                # Like a real server, take the whole request before the slow part: a client that
                # gives up while waiting has still sent its change, and the change still happens.
                receive = await _received(receive)
                await asyncio.sleep(faults.latency_ms / 1000)

        def finish(status: int, sent: int) -> None:
            # Counted before the last byte leaves, so a client that has its answer always finds
            # the request in the statistics.
            throttled = bool(scope.get("fake.throttled"))
            state.record_request(endpoint, scope["method"], path, status, sent, throttled)

        record = _Recorder(send, finish)
        if fault == "reset":
            record.finish_now()
            _drop_connection(scope)
            return
        try:
            if fault == "error":
                with state.lock:
                    status = state.fault_rng.choice((500, 502, 503))
                await _send_error(record, status)
            elif fault in ("truncate", "malformed"):
                buffer = _Buffer()
                await self.app(scope, receive, buffer)
                if fault == "malformed":
                    await _send_malformed(record, buffer.body)
                elif buffer.start.get("status") == 204:
                    # Nothing to cut short: the change happened, the answer never arrives.
                    record.finish_now()
                    _drop_connection(scope)
                else:
                    await _send_truncated(record, buffer)
            else:
                await self.app(scope, receive, record)
        except ClientDisconnect:
            # The client hung up before its request was complete: nothing happened. Not an
            # error of the server's (no traceback in its log); the request is still counted.
            pass
        record.finish_now()


async def _received(receive: Receive) -> Receive:
    """Read the whole request body now; the ``receive`` returned replays it, then waits on."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return _replay(message, receive)  # the client left before the request was whole
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return _replay({"type": "http.request", "body": b"".join(chunks)}, receive)


def _replay(first: Message, receive: Receive) -> Receive:
    pending = [first]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


class _Recorder:
    """Passes messages on, noting the status and body bytes; reports once, before the end."""

    def __init__(self, send: Send, finish: Callable[[int, int], None]) -> None:
        self._send = send
        self._finish = finish
        self._finished = False
        self.status = 0
        self.sent = 0

    def finish_now(self) -> None:
        """Report the request (only the first call counts)."""
        if not self._finished:
            self._finished = True
            self._finish(self.status, self.sent)

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.sent += len(message.get("body", b""))
            if not message.get("more_body", False):
                self.finish_now()
        await self._send(message)


class _Buffer:
    """Collects a whole response instead of sending it."""

    def __init__(self) -> None:
        self.start: Message = {"type": "http.response.start", "status": 200, "headers": []}
        self.body = b""

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")


def _drop_connection(scope: Scope) -> None:
    """Close the connection at once with a TCP reset and no response at all."""
    transport: Any = scope.get(TRANSPORT_KEY)
    if transport is None:
        # In-process (ASGITransport) there is no socket to drop; fail the call instead.
        raise ConnectionResetError("fake server dropped the connection (reset fault)")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def _send_error(send: Send, status: int) -> None:
    if status == 500:
        body, kind = _SERVER_ERROR, b"application/json;charset=UTF-8"
    else:
        # Gateways answer with HTML, not the API's JSON: clients must cope with that too.
        body, kind = _GATEWAY_PAGE % (status, status), b"text/html"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_malformed(send: Send, body: bytes) -> None:
    broken = (body[: len(body) // 2] if len(body) > 4 else b'{"data": [') + b"\x00<!--"
    headers = [
        (b"content-type", b"application/json;charset=UTF-8"),
        (b"content-length", str(len(broken)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": broken})


async def _send_truncated(send: Send, buffer: _Buffer) -> None:
    # Announce the full length, send half, and stop: the server then closes the connection.
    body = buffer.body or b'{"data": []}'
    headers = [(k, v) for k, v in buffer.start.get("headers", []) if k != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**buffer.start, "headers": headers, "status": buffer.start.get("status", 200)})
    await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
