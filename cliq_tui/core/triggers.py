"""Reading a status trigger as people type it: ``check_in``, ``check-in``, ``Check-In``.

The API's values use underscores; people (and the dashboard's labels, "on check-in") use
hyphens. Both spellings name the same trigger wherever one is typed.
"""

from __future__ import annotations

from cliq_tui.api.errors import InputError
from cliq_tui.api.models import ScheduleStatus

__all__ = ["TRIGGERS_HELP", "parse_trigger"]

TRIGGERS_HELP = ", ".join(s.value.replace("_", "-") for s in ScheduleStatus) + (
    " (check_in with an underscore works too)"
)


def parse_trigger(text: str) -> ScheduleStatus:
    """The trigger ``text`` names, in either spelling; InputError listing them otherwise."""
    key = "_".join(str(text).strip().lower().replace("-", "_").split())
    try:
        return ScheduleStatus(key)
    except ValueError:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise InputError(
            f"{shown!r} is not a trigger; use one of {TRIGGERS_HELP}.", field="status"
        ) from None
