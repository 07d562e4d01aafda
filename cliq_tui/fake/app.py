"""The fake Cliq server as a Starlette app."""

from __future__ import annotations

from email.utils import formatdate

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cliq_tui.fake import chats_api, control, messages_api, oauth
from cliq_tui.fake.config import FakeConfig
from cliq_tui.fake.gate import FaultGate
from cliq_tui.fake.state import FakeState

_HTTP_CODES = {
    404: ("url_not_found", "The URL you've sent is wrong."),
    405: ("method_not_allowed", "The requested resource does not support the HTTP method used."),
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code, message = _HTTP_CODES.get(status, ("internal_server_error", "Cliq server error."))
    return JSONResponse({"message": message, "code": code}, status_code=status)


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    # A bug in the fake must look like a server error to clients, not hang or drop the socket.
    return JSONResponse(
        {
            "message": "Cliq server encountered an error which prevents it from fulfilling the "
            "request.",
            "code": "internal_server_error",
        },
        status_code=500,
    )


async def _index(request: Request) -> JSONResponse:
    state: FakeState = request.app.state.fake
    return JSONResponse(
        {
            "name": "cliq-tui fake Cliq server",
            "api": "/api/v3",
            "control": "/_fake/",
            "now_ms": state.now_ms(),
        }
    )


class DateHeader:
    """Every response carries a ``Date`` header from the fake's clock, plus its configured skew.

    Real servers send one (clients check their clock against it); uvicorn's own is switched off
    so the header follows the fake clock, and requests served in-process get it too.
    """

    def __init__(self, app: ASGIApp, state: FakeState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message: Message) -> None:
            if message["type"] == "http.response.start":
                state = self.state
                when = state.now_ms() / 1000 + state.clock_skew_s
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                headers.append((b"date", formatdate(when, usegmt=True).encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, dated)


def create_app(config: FakeConfig | None = None, *, state: FakeState | None = None) -> Starlette:
    """The fake server's ASGI app (usable with ``httpx.ASGITransport(app=...)``).

    ``app.state.fake`` is the :class:`FakeState` behind it.
    """
    fake_state = state or FakeState(config or FakeConfig())
    routes = [
        Route("/", _index, methods=["GET"]),
        *messages_api.ROUTES,
        *chats_api.ROUTES,
        *oauth.ROUTES,
        *control.ROUTES,
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(DateHeader, state=fake_state),
            Middleware(FaultGate, state=fake_state),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )
    app.state.fake = fake_state
    return app
