"""The layers stay clean: the import contracts in pyproject.toml hold for the whole tree, the core
never loads Textual, the fake server never loads the client."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The rules docs/architecture.md describes; a contract that goes missing fails here, not silently.
CONTRACTS = {
    "layers",
    "textual",
    "fake-independent",
    "fake-wired-at-the-top",
    "http-in-the-client",
    "web-stack-in-the-fake",
    "benchmark-outside",
    "root-package",
    "acyclic",
}
_LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
)


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def test_import_contracts_hold_for_the_whole_tree() -> None:
    """import-linter over the whole tree, as `lint-imports` runs it; fails with its report."""
    run = subprocess.run(
        [sys.executable, "-c", _LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in report, report


def test_every_rule_is_a_contract() -> None:
    assert {str(c["id"]) for c in _contracts()} >= CONTRACTS


def test_the_command_line_package_has_no_cycle_left_ignored() -> None:
    (acyclic,) = (c for c in _contracts() if c["id"] == "acyclic")
    assert "cliq_tui" in acyclic["ancestors"]  # type: ignore[operator]
    ignored = [str(i) for i in acyclic.get("ignore_imports", [])]  # type: ignore[attr-defined]
    assert not [i for i in ignored if i.startswith("cliq_tui.cli")], ignored


_WALK_AND_REPORT = """
import importlib, pkgutil, sys
import {package} as root
# A package: every module in it; a module: itself.
for info in pkgutil.walk_packages(getattr(root, "__path__", []), root.__name__ + "."):
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


@pytest.mark.parametrize(
    "package",
    ["cliq_tui.api", "cliq_tui.sync", "cliq_tui.dashboard.queue_model", "cliq_tui.dashboard"],
)
def test_core_layers_never_import_textual(package: str) -> None:
    loaded = _modules_loaded_by(package)
    assert package in loaded
    assert not any(m.startswith("textual") for m in loaded)


def test_fake_server_is_independent_of_the_client_models() -> None:
    loaded = _modules_loaded_by("cliq_tui.fake")
    assert "cliq_tui.fake" in loaded
    assert not any(m.startswith(("cliq_tui.api", "cliq_tui.sync", "textual")) for m in loaded)
