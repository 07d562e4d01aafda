"""``cliq_tui.api`` exports every public name of its public modules, and nothing missing."""

from __future__ import annotations

import importlib
import inspect

import cliq_tui.api as api

PUBLIC_MODULES = ["auth", "budget", "client", "endpoints", "errors", "models", "retry"]


def _public_names(module_name: str) -> set[str]:
    module = importlib.import_module(f"cliq_tui.api.{module_name}")
    names = set()
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        defined_here = getattr(value, "__module__", None) == module.__name__
        if (inspect.isclass(value) or inspect.isfunction(value)) and defined_here:
            names.add(name)
    return names


def test_every_name_in_all_exists() -> None:
    missing = [name for name in api.__all__ if not hasattr(api, name)]

    assert missing == []


def test_all_lists_every_public_class_and_function() -> None:
    defined = set().union(*(_public_names(m) for m in PUBLIC_MODULES))

    assert sorted(defined - set(api.__all__)) == []


def test_all_has_no_duplicates() -> None:
    assert len(api.__all__) == len(set(api.__all__))
