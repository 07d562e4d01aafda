"""The Scheduled Messages v3 endpoints and the v2 create, over the fake state."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from cliq_tui.fake import validation as check
from cliq_tui.fake.api import Call, api_endpoint
from cliq_tui.fake.errors import ApiError, bad_request
from cliq_tui.fake.model import FakeMessage
from cliq_tui.fake.render import message_json, v2_create_json
from cliq_tui.fake.seeds import USER_TIMEZONE, new_id
from cliq_tui.fake.store import GLOBAL

EDIT_KEYS = ("text", "schedule_time", "schedule_timezone", "schedule_status", "file_remove")
SEND_KEYS = ("status", "id", "apply_to")
RESCHEDULE_KEYS = (
    "status",
    "apply_to",
    "time",
    "schedule_time",
    "schedule_timezone",
    "existing_status",
    "schedule_status",
)
CREATE_KEYS = ("text", "schedule_time", "schedule_timezone", "schedule_status")
EDIT_TEXT_MAX = 5000
CREATE_TEXT_MAX = 4096


def _no_pending(what: str = "No pending scheduled messages exist in this chat.") -> Exception:
    return bad_request("scheduled_msg_no_pending_msgs", what)


def _list(call: Call, scope: str) -> tuple[int, Any]:
    query = call.request.query_params
    limit = check.page_limit(query.get("limit"))
    if call.state.config.strict_pagination and query.get("sync_token") and query.get("next_token"):
        # The v3 pagination doc treats the two as separate modes.
        raise bad_request(
            "input_pattern_mismatch",
            "Give either sync_token or next_token, not both: a later page needs only next_token.",
        )
    page = call.state.store.list_page(
        scope,
        limit=limit,
        now_ms=call.now_ms,
        sync_token=query.get("sync_token") or None,
        next_token=query.get("next_token") or None,
        with_chat_id=scope == GLOBAL and call.state.include_chat_id,
    )
    body: dict[str, Any] = {"url": call.path, "type": "scheduledmessages"}
    body.update(page)
    if not call.state.report_deletions:
        body.pop("deleted", None)  # the undocumented case: removals are simply not listed
    return 200, body


def list_all(call: Call) -> tuple[int, Any]:
    """GET /api/v3/scheduledmessages."""
    return _list(call, GLOBAL)


def list_chat(call: Call) -> tuple[int, Any]:
    """GET /api/v3/chats/{chat_id}/scheduledmessages."""
    chat = call.state.chat(call.param("chat_id"))
    return _list(call, chat.chat_id)


def send_now(call: Call) -> tuple[int, Any]:
    """POST /api/v3/chats/{chat_id}/scheduledmessages: deliver one or all now."""
    chat = call.state.chat(call.param("chat_id"))
    body = check.json_object(call.body)
    check.only_keys(body, SEND_KEYS)
    check.required(body, "status")
    check.one_of(body["status"], ("send",), "status")
    store = call.state.store
    if body.get("id") is not None and body.get("apply_to") is not None:
        raise bad_request("input_pattern_mismatch", "Give either id or apply_to, not both.")
    if body.get("id") is not None:
        if not isinstance(body["id"], str):
            raise bad_request("input_pattern_mismatch", "The id must be a string.")
        message = call.state.pending(body["id"], chat.chat_id)
        store.deliver(message.id, call.now_ms, "send_now")
        return 204, None
    if body.get("apply_to") is None:
        check.required(body, "id")
    check.one_of(body["apply_to"], ("all",), "apply_to")
    pending = store.pending_in(chat.chat_id)
    if not pending:
        raise _no_pending()
    for message in pending:
        store.deliver(message.id, call.now_ms, "send_now")
    return 204, None


def reschedule(call: Call) -> tuple[int, Any]:
    """PUT /api/v3/chats/{chat_id}/scheduledmessages: bulk reschedule."""
    chat = call.state.chat(call.param("chat_id"))
    body = check.json_object(call.body)
    check.only_keys(body, RESCHEDULE_KEYS)
    check.required(body, "status")
    check.one_of(body["status"], ("reschedule",), "status")
    check.required(body, "apply_to")
    apply_to = check.one_of(body["apply_to"], ("all_time_based", "all_status_based"), "apply_to")
    store = call.state.store
    pending = store.pending_in(chat.chat_id)
    changed: list[FakeMessage] = []
    if apply_to == "all_time_based":
        check.required(body, "time", "schedule_time")
        old = check.epoch_ms(body["time"], "time")
        new = check.epoch_ms(body["schedule_time"], "schedule_time")
        tz = body.get("schedule_timezone")
        if tz is not None:
            tz = check.timezone(tz)
        check.in_future(new, call.now_ms, "schedule_time")
        changed = [m for m in pending if m.time_ms == old]
        if not changed:
            raise _no_pending("No pending time-based messages are scheduled at that time.")
        for message in changed:
            message.time_ms = new
            if tz is not None:
                message.timezone = tz
            store.touch(message)
    else:
        check.required(body, "existing_status", "schedule_status")
        old_status = check.status(body["existing_status"], "existing_status")
        new_status = check.status(body["schedule_status"], "schedule_status")
        check.chat_allows(chat.chat_type, new_status, call.state.config.status_triggers)
        changed = [m for m in pending if m.status == old_status]
        if not changed:
            raise _no_pending("No pending messages wait for that status in this chat.")
        for message in changed:
            message.status = new_status
            store.touch(message)
    return 200, {
        "url": call.path,
        "type": "scheduledmessages",
        "data": [message_json(m) for m in changed],
    }


def delete_all(call: Call) -> tuple[int, Any]:
    """DELETE /api/v3/chats/{chat_id}/scheduledmessages (an empty chat is fine: 204)."""
    chat = call.state.chat(call.param("chat_id"))
    for message in call.state.store.pending_in(chat.chat_id):
        call.state.store.remove(message.id)
    return 204, None


def edit(call: Call) -> tuple[int, Any]:
    """PUT /api/v3/chats/{chat_id}/scheduledmessages/{message_id}."""
    chat = call.state.chat(call.param("chat_id"))
    body = check.json_object(call.body)
    check.only_keys(body, EDIT_KEYS)
    message = call.state.pending(call.param("message_id"), chat.chat_id)
    if not any(body.get(key) is not None for key in EDIT_KEYS):
        raise bad_request(
            "param_missing",
            "A required parameter is missing: give text, schedule_time, schedule_status "
            "or file_remove.",
        )
    new_text = check.text(body["text"], EDIT_TEXT_MAX) if body.get("text") is not None else None
    new_time = None
    if body.get("schedule_time") is not None:
        new_time = check.in_future(
            check.epoch_ms(body["schedule_time"], "schedule_time"), call.now_ms, "schedule_time"
        )
    tz = check.timezone(body["schedule_timezone"]) if body.get("schedule_timezone") else None
    new_status = None
    if body.get("schedule_status") is not None:
        new_status = check.status(body["schedule_status"], "schedule_status")
        check.chat_allows(chat.chat_type, new_status, call.state.config.status_triggers)
    if new_time is not None and new_status is not None:
        raise bad_request(
            "input_pattern_mismatch", "Give either schedule_time or schedule_status, not both."
        )
    remove_file = body.get("file_remove") is not None and check.boolean(
        body["file_remove"], "file_remove"
    )
    if remove_file and message.type != "file":
        raise bad_request("scheduled_msg_no_file", "This scheduled message has no file attached.")
    if new_text is not None:
        message.text = new_text
    if tz is not None:
        message.timezone = tz
    if new_time is not None:
        message.time_ms, message.status = new_time, None
    if new_status is not None:
        message.time_ms, message.status = None, new_status
    if remove_file:
        message.file_removed = True
    call.state.store.touch(message)
    return 200, {"url": call.path, "type": "scheduledmessages", "data": message_json(message)}


def delete_one(call: Call) -> tuple[int, Any]:
    """DELETE /api/v3/chats/{chat_id}/scheduledmessages/{message_id}."""
    chat = call.state.chat(call.param("chat_id"))
    message = call.state.pending(call.param("message_id"), chat.chat_id)
    call.state.store.remove(message.id)
    return 204, None


def create(call: Call) -> tuple[int, Any]:
    """POST /api/v2/chats/{chat_id}/scheduledmessages: schedule a new text message.

    Answers as the reality says (``create_answer``): the flat v2 object of Zoho's v2 spec, or
    200 ``{"type": "scheduledmessage", "data": item}``. Over the user's cap of pending messages
    (``message_cap``) the create is refused with ``cap_error_code``.
    """
    chat = call.state.chat(call.param("chat_id"))
    body = check.json_object(call.body)
    check.only_keys(body, CREATE_KEYS)
    check.required(body, "text")
    new_text = check.text(body["text"], CREATE_TEXT_MAX)
    if body.get("schedule_time") is None and body.get("schedule_status") is None:
        check.required(body, "schedule_time")
    if body.get("schedule_time") is not None and body.get("schedule_status") is not None:
        raise bad_request(
            "input_pattern_mismatch", "Give either schedule_time or schedule_status, not both."
        )
    tz = check.timezone(body["schedule_timezone"]) if body.get("schedule_timezone") else None
    time_ms = status = None
    if body.get("schedule_time") is not None:
        tz = tz or USER_TIMEZONE
        time_ms = check.in_future(
            check.v2_schedule_time(body["schedule_time"], tz), call.now_ms, "schedule_time"
        )
    else:
        status = check.status(body["schedule_status"], "schedule_status")
        check.chat_allows(chat.chat_type, status, call.state.config.status_triggers)
    state = call.state
    cap = state.config.message_cap
    if cap is not None and len(state.store.messages) >= cap:
        raise ApiError(
            state.config.cap_error_status,
            state.config.cap_error_code,
            f"You can schedule up to {cap} messages. Delete or send one to schedule another.",
        )
    message = FakeMessage(
        id=new_id(state.rng),
        chat_id=chat.chat_id,
        timezone=tz or USER_TIMEZONE,
        created_ms=call.now_ms // 1000 * 1000,
        sender=state.user,
        creator=state.user,
        time_ms=time_ms,
        status=status,
        text=new_text,
    )
    state.store.add(message)
    if state.config.create_answer == "v2":
        return 200, v2_create_json(message, state.user.id, state.user.name)
    return 200, {"type": "scheduledmessage", "data": message_json(message)}


_MESSAGES = "/api/v3/chats/{chat_id}/scheduledmessages"

ROUTES = [
    Route("/api/v3/scheduledmessages", api_endpoint("list_all", list_all), methods=["GET"]),
    Route(_MESSAGES, api_endpoint("list_chat", list_chat), methods=["GET"]),
    Route(_MESSAGES, api_endpoint("send_now", send_now), methods=["POST"]),
    Route(_MESSAGES, api_endpoint("reschedule", reschedule), methods=["PUT"]),
    Route(_MESSAGES, api_endpoint("delete_all", delete_all), methods=["DELETE"]),
    Route(_MESSAGES + "/{message_id}", api_endpoint("edit", edit), methods=["PUT"]),
    Route(_MESSAGES + "/{message_id}", api_endpoint("delete_one", delete_one), methods=["DELETE"]),
    Route(
        "/api/v2/chats/{chat_id}/scheduledmessages",
        api_endpoint("create", create),
        methods=["POST"],
    ),
]
