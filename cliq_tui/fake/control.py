"""Control endpoints under ``/_fake/``: the clock, status events, server-side changes, faults,
rate limits, statistics and reset. JSON in and out, no auth, never faulted or rate limited."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cliq_tui.fake.errors import ApiError
from cliq_tui.fake.state import FakeState


def _state(request: Request) -> FakeState:
    return request.app.state.fake


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
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
        except ApiError as error:
            return JSONResponse(error.body(), status_code=error.status)
        except (ValueError, TypeError, KeyError) as error:
            return _refuse(str(error))
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    endpoint.__name__ = handler.__name__
    return endpoint


def get_clock(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/clock."""
    return {"now_ms": state.now_ms(), "mode": state.clock.mode}


def advance_clock(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/clock/advance {"seconds": N}: returns the new time and what got delivered."""
    seconds = body.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ValueError("seconds must be a non-negative number")
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
    item = state.create_message(
        str(body["chat_id"]),
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


def get_rate_limits(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """GET /_fake/rate-limits: switches, window usage and locks."""
    return state.rate_limits()


def set_rate_limits(state: FakeState, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """POST /_fake/rate-limits {enabled?, scale?, throttle_form?, clear_locks?}."""
    unknown = set(body) - {"enabled", "scale", "throttle_form", "clear_locks"}
    if unknown:
        raise ValueError(f"unknown rate-limit switch(es): {', '.join(sorted(unknown))}")
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
    Route("/_fake/oauth/grant-code", control(grant_code), methods=["POST"]),
    Route("/_fake/reset", control(reset), methods=["POST"]),
]
