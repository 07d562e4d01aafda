"""Reading the OpenAPI spec files: operations, documented error codes, and example shapes.

The spec's response schemas are mostly a bare ``type: object``, so the examples are the real
contract: :func:`example_shape` learns from every example which fields a body always has (at each
path) and which JSON type each field has, and :func:`shape_problems` checks a body against that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

METHODS = ("get", "put", "post", "delete", "patch")


def load_spec(spec_dir: Path, name: str) -> dict[str, Any]:
    """A spec file as data."""
    return yaml.safe_load((spec_dir / f"{name}.openapi.yml").read_text(encoding="utf-8"))


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (METHOD, path, operation)."""
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                found[operation["operationId"]] = (method.upper(), path, operation)
    return found


def documented_codes(operation: dict[str, Any]) -> list[str]:
    """The error codes in the operation's "Possible Error Codes" HTML table."""
    return re.findall(r"font-family:monospace[^>]*>([a-z_]+)<", operation.get("description", ""))


def inline_refs(node: Any, root: dict[str, Any]) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points at."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return inline_refs(target, root)
        return {key: inline_refs(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(value, root) for value in node]
    return node


def json_response(operation: dict[str, Any], status: int) -> dict[str, Any] | None:
    """The operation's ``application/json`` response entry for ``status``, if documented."""
    response = operation["responses"].get(str(status))
    if response is None:
        return None
    return response.get("content", {}).get("application/json", {})


def json_type(value: Any) -> str:
    """The JSON type name of a value (integers and floats are both numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass
class Shape:
    """What examples say about the object at one path."""

    seen: int = 0
    key_counts: dict[str, int] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)


def example_shape(examples: list[Any]) -> dict[str, Shape]:
    """Path (``$``, ``$.data[]``, ...) -> what every example shows at that path."""
    shapes: dict[str, Shape] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            shape = shapes.setdefault(path, Shape())
            shape.seen += 1
            for key, child in value.items():
                shape.key_counts[key] = shape.key_counts.get(key, 0) + 1
                shape.types.setdefault(key, set()).add(json_type(child))
                walk(child, f"{path}.{key}")
        elif isinstance(value, list):
            for child in value:
                walk(child, f"{path}[]")

    for example in examples:
        walk(example, "$")
    return shapes


def shape_problems(body: Any, shapes: dict[str, Shape]) -> list[str]:
    """Fields the examples always have but ``body`` lacks, and fields of another JSON type."""
    problems: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            shape = shapes.get(path)
            if shape is None:
                return
            for key, count in shape.key_counts.items():
                if count == shape.seen and key not in value:
                    problems.append(f"{path}.{key} missing")
            for key, child in value.items():
                expected = shape.types.get(key)
                if expected is not None and json_type(child) not in expected:
                    problems.append(f"{path}.{key} is {json_type(child)}, examples: {expected}")
                walk(child, f"{path}.{key}")
        elif isinstance(value, list):
            for child in value:
                walk(child, f"{path}[]")

    walk(body, "$")
    return problems


def examples_of(media: dict[str, Any]) -> list[Any]:
    """Every example value of a media entry (``examples`` and ``example``)."""
    values = [entry["value"] for entry in media.get("examples", {}).values() if "value" in entry]
    if "example" in media:
        values.append(media["example"])
    return values
