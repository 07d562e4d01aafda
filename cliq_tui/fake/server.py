"""The fake server over real HTTP: uvicorn on 127.0.0.1 in a background thread."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from cliq_tui.fake.app import create_app
from cliq_tui.fake.config import FakeConfig
from cliq_tui.fake.gate import TRANSPORT_KEY
from cliq_tui.fake.state import FakeState

# uvicorn's own log lines must never reach a terminal the TUI is drawing on; they still
# propagate to whatever handlers the host application configured.
logging.getLogger("uvicorn").addHandler(logging.NullHandler())


class _TransportInScope:
    """Puts the connection's transport in the ASGI scope so faults can drop the connection."""

    def __init__(self, app: Any, transport: asyncio.Transport) -> None:
        self.app = app
        self.transport = transport

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        scope[TRANSPORT_KEY] = self.transport
        await self.app(scope, receive, send)


class _FakeHttpProtocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app = _TransportInScope(self.app, transport)


class FakeServer:
    """A fake Cliq server on a loopback port.

    ``start()`` returns once it accepts connections; ``base_url`` is the server root (the API is
    under ``/api/v3``); ``state`` is the live :class:`FakeState`. Usable as a (async) context
    manager.
    """

    def __init__(
        self, config: FakeConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or FakeConfig()
        self.host = host
        self.port = port
        self.state = FakeState(self.config)
        self.app = create_app(state=self.state)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def token(self) -> str:
        """The static access token the server accepts."""
        return self.config.token

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``, the server root."""
        if self._socket is None:
            raise RuntimeError("the fake server is not started")
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def _bind(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        sock.listen(128)
        sock.setblocking(False)
        return sock

    def _uvicorn(self) -> uvicorn.Server:
        config = uvicorn.Config(
            self.app,
            http=_FakeHttpProtocol,  # type: ignore[arg-type]
            lifespan="off",
            log_config=None,
            access_log=False,
            ws="none",
            timeout_graceful_shutdown=1,
        )
        return uvicorn.Server(config)

    def start(self, timeout: float = 10.0) -> FakeServer:
        """Serve in a background thread; returns once connections are accepted."""
        if self._thread is not None:
            return self
        self._socket = self._bind()
        self._server = self._uvicorn()
        server, sock = self._server, self._socket
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[sock])),
            name="cliq-fake-server",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the fake server did not start")
            time.sleep(0.002)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and close the port."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = None
        # base_url stays readable for messages after stop; a restart binds a new socket.

    def wait(self) -> None:
        """Block until the server stops (KeyboardInterrupt passes through)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.25)

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> FakeServer:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.to_thread(self.stop)

    def __repr__(self) -> str:
        where = self.base_url if self._socket is not None else "not started"
        return f"FakeServer({where}, {self.config!r})"
