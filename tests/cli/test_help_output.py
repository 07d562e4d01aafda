"""Help and version text that cannot be written fail like any other output: argparse swallows
the write error and exits 0, which told a script the help had been shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.cli import cli_in_a_process, env_without_config, on_a_full_disk


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["--version"]])
def test_help_on_a_full_disk_is_one_line_and_fails(tmp_path: Path, argv: list[str]) -> None:
    done = on_a_full_disk(tmp_path, *argv)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "cliq-tui: error: cannot write the output (No space left on device)."
    )


def test_help_that_can_be_written_still_exits_0(tmp_path: Path) -> None:
    done = cli_in_a_process("--help", env=env_without_config(tmp_path), timeout=60)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: cliq-tui") and done.stderr == ""
