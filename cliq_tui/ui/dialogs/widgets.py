"""What the dialogs share: plain text that is never markup, radio buttons and checkboxes whose
state shows as a mark, not by colour alone, and the screen heights at which they go compact."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, RadioButton, Static

from cliq_tui.base.textsafe import visible

# A dialog screen gets the class "-short" on a terminal under 32 rows (80x24, say): dialogs.tcss
# then drops the blank rows and draws one-line buttons, so a form keeps room for its fields.
DIALOG_BREAKPOINTS: list[tuple[int, str]] = [(0, "-short"), (32, "-tall")]


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
    or sent by servers may contain ``[`` and must never be read as markup, nor escape
    sequences reach the terminal (they are shown visibly)."""

    def __init__(self, content: str = "", **kwargs: Any) -> None:
        super().__init__(visible(content, newlines=True), markup=False, **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        """Show new text (made visible like the first)."""
        if isinstance(content, str):
            content = visible(content, newlines=True)
        super().update(content, layout=layout)
