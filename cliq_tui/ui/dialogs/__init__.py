"""The modal dialogs: edit, create, bulk reschedule, confirm and batch progress."""

from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
from cliq_tui.ui.dialogs.batch import BatchDialog, BatchResult
from cliq_tui.ui.dialogs.batch_edit import BatchEditDialog
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from cliq_tui.ui.dialogs.create import CreateDialog
from cliq_tui.ui.dialogs.edit import EditDialog
from cliq_tui.ui.dialogs.reschedule import RescheduleDialog

__all__ = [
    "BatchDialog",
    "BatchEditDialog",
    "BatchResult",
    "ConfirmDialog",
    "CreateDialog",
    "CreateRequest",
    "EditDialog",
    "EditRequest",
    "RescheduleDialog",
    "RescheduleRequest",
]
