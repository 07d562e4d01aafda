"""A dialog's request translated into the engine call (no Textual here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.sync.types import Delta

if TYPE_CHECKING:
    from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
    from cliq_tui.dashboard.ports import EnginePort


async def submit_edit(engine: EnginePort, message: ScheduledMessage, req: EditRequest) -> Delta:
    """Edit one message as the request says (None fields stay as they are)."""
    return await engine.edit(
        message,
        text=req.text,
        schedule_time=req.schedule_time,
        timezone=req.timezone,
        status=req.status,
        remove_file=req.remove_file,
    )


async def submit_create(engine: EnginePort, chat_id: str, req: CreateRequest) -> Delta:
    """Schedule the requested message in the chat."""
    return await engine.create(
        chat_id,
        text=req.text,
        schedule_time=req.schedule_time,
        timezone=req.timezone,
        status=req.status,
    )


async def submit_reschedule(engine: EnginePort, chat_id: str, req: RescheduleRequest) -> Delta:
    """Move every message in the chat at one time (or with one trigger) as requested."""
    if req.mode == "time":
        assert req.time is not None and req.new_time is not None
        return await engine.reschedule_time_based(
            chat_id, time=req.time, new_time=req.new_time, timezone=req.timezone
        )
    assert req.existing_status is not None and req.new_status is not None
    return await engine.reschedule_status_based(
        chat_id, existing_status=req.existing_status, new_status=req.new_status
    )
