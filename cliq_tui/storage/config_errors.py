"""The wording of a wrong setting: one line per problem, naming where the value came from (the
file, a variable, an option), the key and what is expected; never pydantic's own report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cliq_tui.api.errors import ConfigError

__all__ = ["dotted", "explain", "refuse", "validated"]

_M = TypeVar("_M", bound=BaseModel)

Loc = tuple[int | str, ...]


def dotted(loc: Loc) -> str:
    """A key as the TOML file spells it: ``profiles.work.base_url``."""
    return ".".join(str(part) for part in loc) or "(top level)"


def validated(
    model: type[_M], data: Mapping[str, Any], where: str, name: Callable[[Loc], str] = dotted
) -> _M:
    """``data`` as a ``model``, or a :class:`ConfigError` of one line per problem, each saying
    ``where`` the value came from and its ``name`` there (a key, a variable, an option)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        refuse(exc, where, name)


def refuse(exc: ValidationError, where: str, name: Callable[[Loc], str] = dotted) -> NoReturn:
    """Raise ``exc`` again as a :class:`ConfigError` in the project's words."""
    lines = []
    first_key = None
    for error in exc.errors():
        key = name(tuple(error["loc"]))
        first_key = first_key or key
        lines.append(f"{where}: {key}: {explain(error)}")
    raise ConfigError("\n".join(lines), path=where, key=first_key) from None


def explain(error: ErrorDetails) -> str:
    """What was expected, in words a user of the config file reads (pydantic's, trimmed)."""
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "is not a known setting (see config.example.toml)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a table (a [section] or { key = value, ... })"
    message = str(error.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if message.startswith("Input should be "):
        return f"expected {message.removeprefix('Input should be ').rstrip('.')}"
    return message
