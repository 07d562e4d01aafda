"""Making untrusted text safe for a terminal: the one boundary every server or file string
passes before it is shown (CLI tables and errors, the dashboard, exports' messages).

A chat name, message text, file name or error from the server can hold escape sequences
(an OSC window title, ``ESC[2J``), C1 controls a terminal reads as CSI (``\\x9b``), or bidi
overrides that reorder what the reader sees. None of them may reach the terminal; each is
shown visibly instead (``␛``, ``\\x9b``, ``\\u202e``), so nothing is hidden either. The model
is kubectl's fix for CVE-2021-25743. No Textual here: the CLI uses it too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.cells import cell_len

__all__ = ["cut_cells", "dumps_json", "pad_cells", "visible"]

# C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, line/paragraph separators
# and lone surrogates (a JSON "\ud800" decodes to one, and printing it raises).
# On one line (names, table cells) also the invisible zero-width space, joiner, word joiner and
# BOM: Rich measures the character after a joiner as part of one cluster (no width) while a
# terminal gives it its cell, so a padded row comes out a cell too wide, and "Fin\u200bance" is
# not "Finance". Multi-line text (message panes, editors, drafts) keeps them: they are harmless
# to a terminal there, and an emoji such as a family (joined by U+200D) must come back as typed.
_ZERO_WIDTH = "\u200b\u200d\u2060\ufeff"
_UNSAFE = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff{_ZERO_WIDTH}]"
)
_UNSAFE_KEEP_NEWLINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# In JSON output, C0 is already escaped by json.dumps; the rest is escaped here.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _symbol(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟: ␛ for ESC, ␇ for BEL, ␊ for a line feed
    if code == 0x7F:
        return "␡"
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: object, *, newlines: bool = False) -> str:
    """``text`` with every control, escape, bidi override and lone surrogate shown visibly.

    Line feeds and tabs stay only when ``newlines`` (multi-line panes and editors; CRLF is
    read as LF there); elsewhere a tab is a space. Safe text comes back unchanged (the same
    object), so calling this on every cell costs little.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if newlines and "\r\n" in text:
        text = text.replace("\r\n", "\n")
    pattern = _UNSAFE_KEEP_NEWLINES if newlines else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_symbol, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps_json(data: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal or a pipe: readable non-ASCII text, every control escaped.

    ``json.dumps(ensure_ascii=False)`` escapes C0 but passes DEL, C1 (``\\x9b`` is a CSI),
    bidi overrides and lone surrogates through raw; those are written as ``\\uXXXX`` here,
    which any JSON reader turns back into the same string.
    """
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(data, indent=indent, ensure_ascii=False))


def cut_cells(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``width`` terminal cells, with ``ellipsis`` when cut.

    Counts cells, not characters: CJK and most emoji take two, combining and zero-width
    characters none (Rich's tables, the same ones the dashboard uses).
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - cell_len(ellipsis)
    used = 0
    out: list[str] = []
    for char in text:
        size = cell_len(char)
        if used + size > room:
            break
        out.append(char)
        used += size
    return "".join(out) + ellipsis if room >= 0 else ellipsis[:width]


def pad_cells(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells."""
    return text + " " * max(0, width - cell_len(text))
