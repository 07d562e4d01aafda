"""The queue's filter field: an ``Input`` whose typing does not lay out the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.keys import REPLACED_KEYS, key_to_character
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    """An ``Input`` of fixed size (set in the app's styles) for the queue's filter.

    ``Input`` sets its ``virtual_size`` to the width of its text on every change, and a
    widget's ``virtual_size`` asks for a layout of the whole screen; each layout then repaints
    the scrollbars of every scrolling pane (the queue, the chat list). The filter shows no
    scrollbar and its size never depends on its text, so here a new virtual size only repaints
    the field itself: the text still scrolls within it, since its scroll limits are read from
    ``virtual_size`` when needed.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Every key that types a character is text here, ``/`` too.

        ``/`` focuses the filter as a priority binding (so keys typed right after it land here,
        not in the pane that had focus); while the filter has focus, a binding on a key the
        field consumes is set aside. Textual asks with ``key_to_character(key)``, which knows
        no character for the keys it renamed (``slash``, ``minus``, ``plus``, ``at``, ...): look
        them up under their Unicode names.
        """
        if character is None:
            character = key_to_character(REPLACED_KEYS.get(key, key))
        return super().check_consume_key(key, character)
