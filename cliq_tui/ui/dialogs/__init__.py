"""The modal dialogs: edit, create, bulk reschedule, confirm and batch progress."""

from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from cliq_tui.ui.dialogs.create import CreateDialog
from cliq_tui.ui.dialogs.edit import EditDialog
from cliq_tui.ui.dialogs.requests import CreateRequest, EditRequest, RescheduleRequest

__all__ = [
    "ConfirmDialog",
    "CreateDialog",
    "CreateRequest",
    "EditDialog",
    "EditRequest",
    "RescheduleRequest",
]
