"""Small widgets the dialogs share: plain text that is never markup, and radio buttons and
checkboxes whose state shows as a mark, not by colour alone."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, RadioButton, Static


class MarkedRadioButton(RadioButton):
    """A radio button drawn ``●`` when chosen and blank otherwise."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else " "


class MarkedCheckbox(Checkbox):
    """A checkbox drawn ``X`` when ticked and blank otherwise."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else " "


class PlainText(Static):
    """A Static that shows its text as is: chat names, message text and errors typed by users
    or sent by servers may contain ``[`` and must never be read as markup."""

    def __init__(self, content: str = "", **kwargs: Any) -> None:
        super().__init__(content, markup=False, **kwargs)
