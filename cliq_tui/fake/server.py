"""The fake server over real HTTP: uvicorn on 127.0.0.1 in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
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
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # asyncio only sets TCP_NODELAY when the listening socket's proto is IPPROTO_TCP;
            # without it Nagle and delayed ACKs add ~40 ms to every response.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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
        self._ready = threading.Event()
        self._base_url: str | None = None
        self._bound_port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def token(self) -> str:
        """The static access token the server accepts."""
        return self.config.token

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``, the server root."""
        if self._base_url is None:
            raise RuntimeError("the fake server is not started")
        return self._base_url

    def _bind(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            # A restart after stop() comes back on the same port, so clients find it again.
            sock.bind((self.host, self._bound_port or self.port))
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
            # The app sets Date from the fake clock (with its skew switch); uvicorn's would
            # be a second, real-time one.
            date_header=False,
            ws="none",
            timeout_graceful_shutdown=1,
            # Idle connections stay open a while, as on real servers: with uvicorn's 5 s, a
            # client polling every few seconds on a loaded machine sends a change on a
            # connection the server is closing, and a create that never arrived looks unknown.
            timeout_keep_alive=75,
        )
        return uvicorn.Server(config)

    def start(self, timeout: float = 10.0) -> FakeServer:
        """Serve in a background thread; returns once connections are accepted."""
        if self._thread is not None:
            return self
        self._socket = self._bind()
        host, port = self._socket.getsockname()[:2]
        self._bound_port = port
        # Kept after stop() so messages can still name where the server was.
        self._base_url = f"http://{host}:{port}"
        self._server = self._uvicorn()
        self._ready.clear()
        self._thread = threading.Thread(
            target=asyncio.run,
            args=(self._serve(self._server, self._socket),),
            name="cliq-fake-server",
            daemon=True,
        )
        self._thread.start()
        if not self._ready.wait(timeout) or not self._server.started:
            self.stop()
            raise RuntimeError("the fake server did not start")
        return self

    async def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        # uvicorn's own serve() polls every 0.1 s and sleeps 0.1 s on shutdown; tests start and
        # stop a server per test, so start and stop here react at once instead.
        config = server.config
        if not config.loaded:
            config.load()
        server.lifespan = config.lifespan_class(config)
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        try:
            await server.startup(sockets=[sock])
        finally:
            self._ready.set()
        if not server.started:
            return
        await self._stopping.wait()
        for listener in server.servers:
            listener.close()
        for connection in list(server.server_state.connections):
            connection.shutdown()
        deadline = self._loop.time() + 1.0
        while server.server_state.connections or server.server_state.tasks:
            if self._loop.time() > deadline:
                for task in server.server_state.tasks:
                    task.cancel()
                break
            await asyncio.sleep(0.005)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and close the port."""
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = None
        self._loop = self._stopping = None
        self._socket = None

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
        where = self._base_url or "not started"
        return f"FakeServer({where}, {self.config!r})"
