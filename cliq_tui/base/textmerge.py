"""Applying an edit of the shown text back to the server's own text.

The edit dialog shows a message with its controls made visible (``visible(text, newlines=True)``:
``␇`` for a BEL, ``\\x9b`` for a C1 CSI, ``\\u202e`` for a bidi override, a line feed for CRLF).
Sending the edited shown text would write those symbols back to the server in place of controls
the user never touched. Instead, the edit is read as a diff against the shown text and applied
to the original: every original character maps to one or more shown characters, an untouched
one comes back byte for byte, a control whose symbol the edit touched is dropped (the user
deleted or changed it; what is left of its symbol stays as typed).

When the edit can be read in more than one way (aligned from the start or from the end, it
gives different texts, e.g. next to a typed ``␇`` that looks like a BEL), the outcome says so;
the dialog then asks before sending, with the exact effect. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from cliq_tui.base.textsafe import visible

__all__ = ["ShownEdit", "apply_shown_edit", "control_count", "control_symbols", "needs_mapping"]

# (tag, i1, i2, j1, j2) as difflib gives them: shown[i1:i2] became edited[j1:j2].
_Opcode = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class _Piece:
    original: str
    shown: str

    @property
    def is_control(self) -> bool:
        """A control shown as a symbol (CRLF shown as a line feed is not one)."""
        return self.original != self.shown and self.original != "\r\n"


@dataclass(frozen=True)
class ShownEdit:
    """What to send for an edit of the shown text, and what happened to the controls."""

    text: str
    kept: tuple[str, ...]
    """The controls sent as they were (raw characters)."""
    dropped: tuple[str, ...]
    """The controls the edit touched, so they are not sent."""
    ambiguous: bool
    """True when the edit could also be read another way: ask before sending."""


def _pieces(original: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    index = 0
    while index < len(original):
        if original.startswith("\r\n", index):
            pieces.append(_Piece("\r\n", "\n"))
            index += 2
            continue
        char = original[index]
        pieces.append(_Piece(char, visible(char, newlines=True)))
        index += 1
    return pieces


def needs_mapping(original: str) -> bool:
    """True when the shown text differs from ``original`` (edits must be mapped back)."""
    return visible(original, newlines=True) != original


def control_count(original: str) -> int:
    """How many controls of ``original`` the dialog shows as symbols."""
    return sum(1 for piece in _pieces(original) if piece.is_control)


def control_symbols(original: str, limit: int = 6) -> str:
    """The distinct symbols the controls of ``original`` are shown as, in order: "␇, \\x9b"."""
    symbols: list[str] = []
    for piece in _pieces(original):
        if piece.is_control and piece.shown not in symbols:
            symbols.append(piece.shown)
    return ", ".join(symbols[:limit]) + (", …" if len(symbols) > limit else "")


def _apply(pieces: Sequence[_Piece], edited: str, opcodes: Sequence[_Opcode]) -> ShownEdit:
    # Which equal block (if any) holds each shown position; a piece is untouched when one
    # equal block holds all of it.
    block = [-1] * sum(len(piece.shown) for piece in pieces)
    for number, (tag, i1, i2, _j1, _j2) in enumerate(opcodes):
        if tag == "equal":
            block[i1:i2] = [number] * (i2 - i1)
    starts: dict[int, int] = {}  # shown position where a piece starts -> piece index
    untouched: set[int] = set()
    position = 0
    for index, piece in enumerate(pieces):
        starts[position] = index
        held = set(block[position : position + len(piece.shown)])
        if len(held) == 1 and -1 not in held:
            untouched.add(index)
        position += len(piece.shown)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            out.append(edited[j1:j2])  # insert/replace: as typed; delete: nothing
            continue
        i = i1
        while i < i2:
            start = starts.get(i)
            if start is not None and start in untouched:
                out.append(pieces[start].original)
                i += len(pieces[start].shown)
            else:
                out.append(edited[j1 + (i - i1)])
                i += 1
    controls = [index for index, piece in enumerate(pieces) if piece.is_control]
    return ShownEdit(
        text="".join(out),
        kept=tuple(pieces[i].original for i in controls if i in untouched),
        dropped=tuple(pieces[i].original for i in controls if i not in untouched),
        ambiguous=False,
    )


def _opcodes(shown: str, edited: str) -> list[_Opcode]:
    return list(SequenceMatcher(None, shown, edited, autojunk=False).get_opcodes())


def _opcodes_from_the_end(shown: str, edited: str) -> list[_Opcode]:
    """The same diff aligned from the end (the other reading of a repeated run)."""
    n, m = len(shown), len(edited)
    backwards = SequenceMatcher(None, shown[::-1], edited[::-1], autojunk=False).get_opcodes()
    return [(tag, n - i2, n - i1, m - j2, m - j1) for tag, i1, i2, j1, j2 in reversed(backwards)]


def apply_shown_edit(original: str, edited: str) -> ShownEdit:
    """The text to send when ``edited`` is what became of ``visible(original, newlines=True)``.

    What the user did not change is kept exactly; see the module's description.
    """
    pieces = _pieces(original)
    shown = "".join(piece.shown for piece in pieces)
    forward = _apply(pieces, edited, _opcodes(shown, edited))
    backward = _apply(pieces, edited, _opcodes_from_the_end(shown, edited))
    # The text sent must look exactly like the text typed; anything else needs a yes.
    looks_right = visible(forward.text, newlines=True) == visible(edited, newlines=True)
    if (
        forward.text != backward.text
        or not looks_right
        or shown != visible(original, newlines=True)
    ):
        return ShownEdit(forward.text, forward.kept, forward.dropped, ambiguous=True)
    return forward
