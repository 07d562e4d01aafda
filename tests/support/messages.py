"""Scheduled messages for the queue's tests (model and view), built the way the API returns them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cliq_tui.api.models import ScheduledMessage

from .clock import START

# The queue's clock in these tests stands here: the fixed start of every fake clock.
NOW = datetime.fromtimestamp(START, UTC)


def message(
    index: int,
    *,
    text: str | None = None,
    chat_id: str | None = "c1",
    minutes: int | None = None,
    status: str | None = None,
) -> ScheduledMessage:
    """Message ``m{index:04}``, due ``minutes`` (default: ``index``) after NOW, or on ``status``."""
    data: dict[str, Any] = {
        "id": f"m{index:04}",
        "timezone": "Asia/Kolkata",
        "chat_id": chat_id,
        "message": {"type": "text", "content": {"text": text or f"message number {index}"}},
    }
    if status:
        data["schedule_status"] = status
    else:
        data["time"] = (NOW + timedelta(minutes=index if minutes is None else minutes)).isoformat()
    return ScheduledMessage.model_validate(data)
