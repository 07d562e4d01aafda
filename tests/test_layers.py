"""The layers stay clean: the core never loads Textual, the fake server never loads the client."""

from __future__ import annotations

import subprocess
import sys

import pytest

_WALK_AND_REPORT = """
import importlib, pkgutil, sys
import {package} as root
for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
    if info.name.endswith("__main__"):
        continue
    importlib.import_module(info.name)
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "cliq_tui"))))
"""


def _modules_loaded_by(package: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _WALK_AND_REPORT.format(package=package)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return set(out.split(",")) if out else set()


@pytest.mark.parametrize("package", ["cliq_tui.api", "cliq_tui.sync"])
def test_core_layers_never_import_textual(package: str) -> None:
    loaded = _modules_loaded_by(package)
    assert package in loaded
    assert not any(m.startswith("textual") for m in loaded)


def test_fake_server_is_independent_of_the_client_models() -> None:
    loaded = _modules_loaded_by("cliq_tui.fake")
    assert "cliq_tui.fake" in loaded
    assert not any(m.startswith(("cliq_tui.api", "cliq_tui.sync", "textual")) for m in loaded)
