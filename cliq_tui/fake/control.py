"""Control endpoints under ``/_fake/``: the clock, status events, server-side changes, faults,
rate limits, statistics and reset. JSON in and out, no auth, never faulted or rate limited."""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cliq_tui.fake.bodies import BodyTooLarge, read_body
from cliq_tui.fake.errors import ApiError
from cliq_tui.fake.state import FakeState

# The last millisecond of the year 9999: the fake's clock and message times stay below it.
MAX_TIME_MS = 253_402_300_799_999
# The most one advance may move the clock: ten years.
MAX_ADVANCE_SECONDS = 10 * 366 * 86_400


def _state(request: Request) -> FakeState:
    return request.app.state.fake


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


async def _json(request: Request) -> dict[str, Any]:
    raw = await read_body(request)
    if not raw.strip():
        return {}
    try:
        # NaN and Infinity are not JSON: a switch set to them would poison the state.
        body = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ValueError("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _refuse(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"message": message, "code": "fake_control_error"}, status_code=status)


def control(handler: Any) -> Any:
    """Wrap a handler so bad input becomes a 400 (or the ApiError's status) with a message."""

    async def endpoint(request: Request) -> Response:
        try:
            body = await _json(request) if request.method in ("POST", "PUT") else {}
            result = handler(_state(request), request, body)
        except BodyTooLarge as error:
            return _refuse(str(error), 413)
        except ApiError as error:
            return JSONResponse(error.body(), status_code=error.status)
        except (ValueError, TypeError, KeyError, OverflowError) as error:
            return _refuse(str(error))
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    endpoint.__name__ = handler.__name__
    return endpoint


def _not_number(value: object) -> bool:
    """True unless ``value`` is a finite JSON number (true/false are not numbers)."""
    return isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)


_MESSAGE_STRINGS = ("chat_id", "text", "timezone", "status", "file_name", "file_size")


def _check_message_fields(body: dict[str, Any], *, required: tuple[str, ...]) -> None:
    """Refuse a server-side message change with a wrong type or an impossible time, before
    anything changes."""
    for name in required:
        if name not in body:
            raise ValueError(f"{name} is required")
    for name in _MESSAGE_STRINGS:
        if body.get(name) is not None and not isinstance(body[name], str):
            raise ValueError(f"{name} must be a string")
    time_ms = body.get("time_ms")
    if time_ms is not None and (
        _not_number(time_ms) or time_ms != int(time_ms) or not 0 <= time_ms <= MAX_TIME_MS
    ):
        raise ValueError(f"time_ms must be whole epoch milliseconds from 0 to {MAX_TIME_MS}")
    if time_ms is not None:
        body["time_ms"] = int(time_ms)


def get_clock(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/clock."""
    return {"now_ms": state.now_ms(), "mode": state.clock.mode}


def advance_clock(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/clock/advance {"seconds": N}: returns the new time and what got delivered."""
    seconds: Any = body.get("seconds")
    if _not_number(seconds) or not 0 <= seconds <= MAX_ADVANCE_SECONDS:
        raise ValueError(f"seconds must be a number from 0 to {MAX_ADVANCE_SECONDS}")
    if state.now_ms() + seconds * 1000 > MAX_TIME_MS:
        raise ValueError("the clock cannot move past the year 9999")
    delivered = state.advance(seconds)
    return {"now_ms": state.now_ms(), "delivered": delivered}


def status_event(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/status-event {"status": "check_in"}: delivers the matching messages."""
    return {"delivered": state.emit_status(str(body.get("status")))}


def deliveries(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/deliveries."""
    return {"deliveries": state.deliveries()}


def list_messages(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/messages: every pending message with its chat_id."""
    return {"data": state.messages()}


def list_chats(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/chats."""
    return {"chats": state.chats()}


def create_message(state: FakeState, request: Request, body: dict[str, Any]) -> Response:
    """POST /_fake/messages {chat_id, text, time_ms | status, timezone?, file_name?}."""
    _check_message_fields(body, required=("chat_id",))
    item = state.create_message(
        body["chat_id"],
        text=body.get("text", ""),
        time_ms=body.get("time_ms"),
        timezone=body.get("timezone"),
        status=body.get("status"),
        file_name=body.get("file_name"),
        file_size=body.get("file_size"),
    )
    return JSONResponse({"data": item}, status_code=201)


def update_message(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """PUT /_fake/messages/{id} {text?, time_ms?, timezone?, status?}."""
    _check_message_fields(body, required=())
    item = state.update_message(
        request.path_params["message_id"],
        text=body.get("text"),
        time_ms=body.get("time_ms"),
        timezone=body.get("timezone"),
        status=body.get("status"),
    )
    return {"data": item}


def delete_message(state: FakeState, request: Request, body: dict[str, Any]) -> Response:
    """DELETE /_fake/messages/{id}: 204, or 404 when no such pending message."""
    if state.delete_message(request.path_params["message_id"]):
        return Response(status_code=204)
    return _refuse("no such pending message", 404)


def get_reality(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/reality: the reality's name and every reality switch in force."""
    from cliq_tui.fake.realities import SWITCHES

    config = state.config
    switches = {name: getattr(config, name) for name in SWITCHES}
    switches["throttle_form"] = state.throttle_form  # may have changed at run time
    return {"reality": config.reality, "switches": switches}


def get_deletions(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/deletions: whether incremental lists report removals in ``deleted``."""
    return {"report": state.report_deletions}


def set_deletions(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/deletions {"report": bool}: report removals incrementally, or omit them."""
    report = body.get("report")
    if not isinstance(report, bool):
        raise ValueError("report must be true or false")
    state.report_deletions = report
    return {"report": state.report_deletions}


def get_faults(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/faults."""
    return state.faults.to_json()


def set_faults(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/faults {switch: value, ...}: changes only the switches given."""
    return state.set_faults(**body).to_json()


def clear_faults(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """DELETE /_fake/faults: every fault off."""
    return state.clear_faults().to_json()


def get_oauth(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/oauth: the OAuth switches and how many tokens were minted."""
    return state.oauth()


def set_oauth(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/oauth {switch: value, ...}: changes only the switches given."""
    return state.set_oauth(**body)


def get_rate_limits(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/rate-limits: switches, window usage and locks."""
    return state.rate_limits()


def set_rate_limits(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/rate-limits {enabled?, scale?, throttle_form?, clear_locks?}."""
    unknown = set(body) - {"enabled", "scale", "throttle_form", "clear_locks"}
    if unknown:
        raise ValueError(f"unknown rate-limit switch(es): {', '.join(sorted(unknown))}")
    for name in ("enabled", "clear_locks"):
        if body.get(name) is not None and not isinstance(body[name], bool):
            raise ValueError(f"{name} must be true or false")
    return state.set_rate_limits(
        enabled=body.get("enabled"),
        scale=body.get("scale"),
        throttle_form=body.get("throttle_form"),
        clear_locks=bool(body.get("clear_locks", False)),
    )


def get_stats(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/stats: requests, bytes sent and throttled, per endpoint and in total."""
    return state.stats()


def clear_stats(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """DELETE /_fake/stats."""
    state.reset_stats()
    return state.stats()


def get_requests(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/requests: the most recent API requests."""
    return {"requests": state.requests()}


def grant_code(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/oauth/grant-code: a fresh one-time authorization code."""
    return {"code": state.new_grant_code()}


def reset(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/reset: back to the seed (the clock keeps its time)."""
    state.reset()
    return {"now_ms": state.now_ms(), "messages": len(state.messages())}


ROUTES = [
    Route("/_fake/clock", control(get_clock), methods=["GET"]),
    Route("/_fake/clock/advance", control(advance_clock), methods=["POST"]),
    Route("/_fake/status-event", control(status_event), methods=["POST"]),
    Route("/_fake/deliveries", control(deliveries), methods=["GET"]),
    Route("/_fake/messages", control(list_messages), methods=["GET"]),
    Route("/_fake/messages", control(create_message), methods=["POST"]),
    Route("/_fake/messages/{message_id}", control(update_message), methods=["PUT"]),
    Route("/_fake/messages/{message_id}", control(delete_message), methods=["DELETE"]),
    Route("/_fake/chats", control(list_chats), methods=["GET"]),
    Route("/_fake/reality", control(get_reality), methods=["GET"]),
    Route("/_fake/deletions", control(get_deletions), methods=["GET"]),
    Route("/_fake/deletions", control(set_deletions), methods=["POST"]),
    Route("/_fake/faults", control(get_faults), methods=["GET"]),
    Route("/_fake/faults", control(set_faults), methods=["POST"]),
    Route("/_fake/faults", control(clear_faults), methods=["DELETE"]),
    Route("/_fake/rate-limits", control(get_rate_limits), methods=["GET"]),
    Route("/_fake/rate-limits", control(set_rate_limits), methods=["POST"]),
    Route("/_fake/stats", control(get_stats), methods=["GET"]),
    Route("/_fake/stats", control(clear_stats), methods=["DELETE"]),
    Route("/_fake/requests", control(get_requests), methods=["GET"]),
    Route("/_fake/oauth", control(get_oauth), methods=["GET"]),
    Route("/_fake/oauth", control(set_oauth), methods=["POST"]),
    Route("/_fake/oauth/grant-code", control(grant_code), methods=["POST"]),
    Route("/_fake/reset", control(reset), methods=["POST"]),
]
