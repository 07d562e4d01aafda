"""Help and version text that cannot be written fail like any other output: argparse swallows
the write error and exits 0, which told a script the help had been shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["--version"]])
def test_help_on_a_full_disk_is_one_line_and_fails(tmp_path: Path, argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIQ_")}
    env["CLIQ_TUI_CONFIG"] = str(tmp_path / "none.toml")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cliq_tui", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "cliq-tui: error: cannot write the output (No space left on device)."
    )


def test_help_that_can_be_written_still_exits_0(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIQ_")}
    env["CLIQ_TUI_CONFIG"] = str(tmp_path / "none.toml")
    done = subprocess.run(
        [sys.executable, "-m", "cliq_tui", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: cliq-tui") and done.stderr == ""
