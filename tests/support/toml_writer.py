"""Just enough TOML writing for property tests (the standard library only reads TOML)."""

from __future__ import annotations

import json
import math
from typing import Any

Scalar = str | int | float | bool


def value(v: Any) -> str:
    """One TOML value: strings, numbers, booleans, arrays and inline tables."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        # A JSON string is a TOML basic string once DEL, which TOML wants escaped, is escaped.
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def key(k: str) -> str:
    """A key, quoted unless it is a bare key."""
    bare = k and all(c.isascii() and (c.isalnum() or c in "-_") for c in k)
    return k if bare else value(k)


def document(top: dict[str, Any], tables: dict[tuple[str, ...], dict[str, Any]]) -> str:
    """Top-level key/values, then ``[a.b]`` tables in order."""
    lines = [f"{key(k)} = {value(v)}" for k, v in top.items()]
    for path, body in tables.items():
        lines.append("")
        lines.append("[" + ".".join(key(p) for p in path) + "]")
        lines.extend(f"{key(k)} = {value(v)}" for k, v in body.items())
    return "\n".join(lines) + "\n"
