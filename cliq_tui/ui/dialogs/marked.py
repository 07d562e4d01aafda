"""Radio buttons and checkboxes whose state shows as a mark, not by colour alone."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class MarkedRadioButton(RadioButton):
    """A radio button drawn ``●`` when chosen and blank otherwise."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
        return "●" if self.value else " "


class MarkedCheckbox(Checkbox):
    """A checkbox drawn ``X`` when ticked and blank otherwise."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
        return "X" if self.value else " "
