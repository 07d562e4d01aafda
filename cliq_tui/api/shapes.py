"""Compare an answer's JSON with the client's models: unknown fields, missing ones, wrong types.

The models accept unknown fields and default missing ones, so the client keeps working when
Cliq adds or drops a field; that tolerance also hides the difference. ``cliq-tui doctor`` uses
this module to say plainly where a real account's answers differ from what the client expects.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from cliq_tui.api.models import (
    Chat,
    Message,
    MessageContent,
    Person,
    ScheduledMessage,
    ScheduledMessageList,
)

__all__ = ["EXPECTED", "ShapeNote", "check_shape"]

NoteKind = Literal["unknown", "missing", "type"]


@dataclass(frozen=True)
class ShapeNote:
    """One difference: where (``data[0].message.content``), what kind, and in words."""

    where: str
    kind: NoteKind
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


# Fields every answer of this kind carries in the documentation (the rest are optional).
EXPECTED: dict[type[BaseModel], frozenset[str]] = {
    ScheduledMessageList: frozenset({"data", "sync_token"}),
    ScheduledMessage: frozenset({"id", "created_time", "message", "creator", "timezone"}),
    Message: frozenset({"type", "content", "sender"}),
    MessageContent: frozenset(),
    Person: frozenset({"id", "name"}),
    Chat: frozenset({"chat_id", "name", "chat_type", "last_modified_time"}),
}
# Fields of ours that a server never sends (set by the client itself).
_OURS: dict[type[BaseModel], frozenset[str]] = {
    ScheduledMessageList: frozenset({"incremental"}),
    ScheduledMessage: frozenset({"chat_id"}),
}
# At most this many items of a list are compared (they share one shape).
MAX_ITEMS = 5


def _models_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model in an annotation (``X``, ``X | None``, ``list[X]``) and whether it is a list."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found, many = _models_in(arg)
            if found is not None:
                return found, many
        return None, False
    if origin is list:
        args = typing.get_args(annotation)
        inner, _ = _models_in(args[0]) if args else (None, False)
        return inner, inner is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _expects_text(annotation: Any) -> bool:
    """True for ``str`` and ``str | None``."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and str in typing.get_args(annotation)


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _walk(
    model: type[BaseModel],
    data: object,
    where: str,
    notes: list[ShapeNote],
    max_items: int = MAX_ITEMS,
) -> None:
    if not isinstance(data, dict):
        notes.append(
            ShapeNote(where or "(answer)", "type", f"an object expected, got {_describe(data)}")
        )
        return
    fields = model.model_fields
    known = set(fields) | {f.alias for f in fields.values() if f.alias}
    for key in data:
        if key not in known:
            notes.append(
                ShapeNote(
                    _join(where, key),
                    "unknown",
                    f"not known to the client ({_describe(data[key])}); kept and ignored",
                )
            )
    for name in sorted(EXPECTED.get(model, frozenset()) - set(data)):
        notes.append(
            ShapeNote(
                _join(where, name),
                "missing",
                "missing (the documentation shows it on every answer)",
            )
        )
    for name, field in fields.items():
        if name in _OURS.get(model, frozenset()) or name not in data or data[name] is None:
            continue
        inner, many = _models_in(field.annotation)
        value = data[name]
        if inner is None:
            if _expects_text(field.annotation) and _describe(value) == "a number":
                # The client reads it as text (harmless), but it differs from the documentation.
                notes.append(
                    ShapeNote(_join(where, name), "type", "a string expected, got a number")
                )
            continue
        if many:
            if isinstance(value, list):
                for i, item in enumerate(value[:max_items]):
                    _walk(inner, item, _join(_join(where, name), i), notes, max_items)
            continue
        _walk(inner, value, _join(where, name), notes, max_items)


def check_shape(
    model: type[BaseModel], data: object, where: str = "", *, max_items: int = MAX_ITEMS
) -> list[ShapeNote]:
    """Every difference between ``data`` and ``model``: unknown, missing and mistyped fields.

    The first ``max_items`` items of each list are compared (a diagnosis may want them all).
    """
    notes: list[ShapeNote] = []
    _walk(model, data, where, notes, max_items)
    typed = {n.where for n in notes if n.kind == "type"}
    if isinstance(data, dict):
        try:
            model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors()[: max(MAX_ITEMS, max_items)]:
                loc = where
                for part in error["loc"]:
                    loc = _join(loc, part if isinstance(part, int) else str(part))
                if (loc or "(answer)") in typed:
                    continue  # already said by the walk, in plainer words
                got = _describe(error.get("input"))
                message = str(error.get("msg", "not valid")).removeprefix("Input should be ")
                notes.append(ShapeNote(loc or "(answer)", "type", f"expected {message}, got {got}"))
    return notes
