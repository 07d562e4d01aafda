"""``--trace FILE``: one JSON line per HTTP request and its response, safe to attach to a report.

Every request the client sends (the Cliq API and the OAuth token endpoint alike, since both go
through the client's one ``httpx.AsyncClient``) is written as::

    {"at": "...Z", "method": "GET", "host": "cliq.zoho.com", "path": "/api/v3/chats",
     "query": {"limit": "100"}, "status": 200, "ms": 41.2, "request": null, "response": {...}}

Headers are never written (the ``Authorization`` header carries the token). Tokens and secrets
(``access_token``, ``refresh_token``, ``client_secret``, ...) are replaced wherever they
appear in a query, a form or a JSON body, and so is ``code`` in what is sent to the OAuth token
endpoint (the grant code); elsewhere ``code`` is an API error code and is kept, since it is what
a bug report needs. Message texts, file names and people's and chats' names
are replaced by their length unless the trace was asked to keep texts (``--trace-texts``).
A body that is not JSON or a form is described by its size and type only.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

from cliq_tui.api.bounded import MAX_BODY_BYTES as READ_CAP
from cliq_tui.api.bounded import read_capped
from cliq_tui.api.errors import ConfigError

__all__ = [
    "TRACE_ENV",
    "TRACE_TEXTS_ENV",
    "TraceWriter",
    "TracingTransport",
    "active_trace",
    "prepare_trace_file",
    "redact",
    "tracing",
]

TRACE_ENV = "CLIQ_TRACE"
"""Environment variable naming a trace file (like ``--trace FILE``)."""
TRACE_TEXTS_ENV = "CLIQ_TRACE_TEXTS"
"""Set to 1 to keep message texts in the trace (like ``--trace-texts``)."""

# Never written, whatever was asked: what signs in or could sign in.
SECRET_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "grant_code",
        "token",
        "password",
        "authorization",
        "id_token",
    }
)
# Also secret in what is sent to the OAuth token endpoint: ``code`` there is the grant code.
GRANT_SECRET_KEYS = SECRET_KEYS | {"code"}
TOKEN_ENDPOINT_PATH = "/oauth/v2/token"
# What people wrote or are called: replaced by its length unless texts are asked for.
TEXT_KEYS = frozenset(
    {
        "text",
        "msg",
        "comment",
        "file_name",
        "name",
        "title",
        "description",
        "display_name",
        "first_name",
        "last_name",
        "email",
        "email_id",
    }
)
# Bodies larger than this are described, not copied (a trace is for a bug report).
MAX_BODY_BYTES = 256 * 1024
REDACTED = "[redacted]"


def _text_stub(value: str) -> str:
    return f"[text: {len(value)} chars]"


def redact(value: Any, *, texts: bool = False, key: str | None = None, grant: bool = False) -> Any:
    """A copy of JSON-like ``value`` with secrets removed and (unless ``texts``) texts hidden.

    ``grant``: ``value`` is sent to the OAuth token endpoint, where ``code`` is the grant code
    (anywhere else ``code`` is an API error code and is kept).
    """
    lowered = key.lower() if isinstance(key, str) else None
    if lowered in (GRANT_SECRET_KEYS if grant else SECRET_KEYS):
        return REDACTED if value not in (None, "") else value
    if isinstance(value, dict):
        return {k: redact(v, texts=texts, key=str(k), grant=grant) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, texts=texts, key=key, grant=grant) for v in value]
    if isinstance(value, str) and not texts and lowered in TEXT_KEYS:
        return _text_stub(value)
    return value


def _body(raw: bytes, content_type: str, *, texts: bool, grant: bool = False) -> Any:
    """A body as traced: redacted JSON or form data, else a description."""
    if not raw:
        return None
    kind = content_type.split(";")[0].strip().lower()
    if len(raw) > MAX_BODY_BYTES:
        return f"[{len(raw)} bytes of {kind or 'unknown type'}]"
    if kind == "application/x-www-form-urlencoded":
        with contextlib.suppress(UnicodeDecodeError):
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True)
            return redact(dict(pairs), texts=texts, grant=grant)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return f"[{len(raw)} bytes of {kind or 'unknown type'}, not JSON]"
    return redact(data, texts=texts, grant=grant)


class TraceWriter:
    """Appends trace lines to a file created readable by its owner only (0600)."""

    def __init__(self, path: Path | str, *, texts: bool = False) -> None:
        self.path = Path(path).expanduser()
        self.texts = texts
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        """Append one record as a JSON line (best effort: tracing never breaks a request)."""
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as handle:
                    handle.write(line)
            except OSError:
                return

    def record(
        self,
        request: httpx.Request,
        *,
        started: float,
        response: httpx.Response | None = None,
        body: bytes = b"",
        error: BaseException | None = None,
    ) -> None:
        """Write one request with its response (or the error that replaced it)."""
        grant = request.url.path.rstrip("/").endswith(TOKEN_ENDPOINT_PATH)
        query = redact(
            dict(parse_qsl(request.url.query.decode("ascii", "replace"))),
            texts=self.texts,
            grant=grant,
        )
        entry: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": request.method,
            "host": request.url.host,
            "path": request.url.path,
            "query": query,
            "status": response.status_code if response is not None else None,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "request": _body(
                request.content,
                request.headers.get("content-type", ""),
                texts=self.texts,
                grant=grant,
            ),
            "response": (
                _body(body, response.headers.get("content-type", ""), texts=self.texts)
                if response is not None
                else None
            ),
        }
        if error is not None:
            entry["error"] = type(error).__name__
        self.write(entry)


class TracingTransport(httpx.AsyncBaseTransport):
    """Wraps a transport and writes every request and response to a :class:`TraceWriter`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, writer: TraceWriter) -> None:
        self._inner = inner
        self.writer = writer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the inner transport, then trace what came back."""
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
            # Read as it came over the wire (decoded once, by the client), within the cap.
            body = await read_capped(response, READ_CAP, raw=True)
        except BaseException as exc:
            self.writer.record(request, started=started, error=exc)
            raise
        self.writer.record(request, started=started, response=response, body=body)
        # The body was read here; hand the caller a response that still has it.
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=body,
            request=request,
            extensions={k: v for k, v in response.extensions.items() if k != "network_stream"},
        )

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()


def prepare_trace_file(path: Path | str) -> Path:
    """Check before anything is sent that ``path`` can hold a trace; create it (0600) if missing.

    An existing file readable by others is tightened to 0600 (the trace holds ids and errors);
    one owned by someone else, a directory, or a place that cannot be written is refused with
    a :class:`ConfigError` (one line, exit 2), since a trace that silently records nothing is
    worse than none.
    """
    target = Path(path).expanduser()
    where = f"the trace file {target}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, 0o600)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise ConfigError(f"cannot write {where} ({why}).", path=str(target)) from None
    try:
        info = os.fstat(fd)
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise ConfigError(
                f"{where} belongs to another user; choose a file of your own.", path=str(target)
            )
        if info.st_mode & 0o077:
            try:
                os.fchmod(fd, 0o600)
            except OSError as exc:
                why = exc.strerror or type(exc).__name__
                raise ConfigError(
                    f"{where} is readable by others and cannot be made private ({why}).",
                    path=str(target),
                ) from None
    finally:
        os.close(fd)
    return target


# --- which trace is on -------------------------------------------------------------------------

_active: TraceWriter | None = None


def active_trace() -> TraceWriter | None:
    """The trace every new client writes to: set by :func:`tracing`, else ``$CLIQ_TRACE``."""
    if _active is not None:
        return _active
    path = os.environ.get(TRACE_ENV)
    if not path:
        return None
    return TraceWriter(path, texts=_texts_from_env())


def _texts_from_env() -> bool:
    return os.environ.get(TRACE_TEXTS_ENV, "").strip().lower() in ("1", "true", "yes")


@contextlib.contextmanager
def tracing(path: Path | str | None, *, texts: bool = False) -> Iterator[TraceWriter | None]:
    """Trace every client made inside the block to ``path`` (None: leave tracing as it is)."""
    global _active
    if path is None:
        yield active_trace()
        return
    previous, _active = _active, TraceWriter(path, texts=texts or _texts_from_env())
    try:
        yield _active
    finally:
        _active = previous


def traced(
    transport: httpx.AsyncBaseTransport | None, writer: TraceWriter | None
) -> httpx.AsyncBaseTransport | None:
    """``transport`` wrapped for ``writer`` (the default transport when None); as is without."""
    if writer is None:
        return transport
    return TracingTransport(transport or httpx.AsyncHTTPTransport(), writer)
