"""The benchmark runs end to end in quick mode and reports every figure with target and verdict.

No timed assertions: speed is what the benchmark reports, not what these tests check.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from benchmarks.report import Figure, Verdict, at_least, at_most, percentile, render_text
from benchmarks.simclock import run_simulated
from benchmarks.terminal import plain_text

FIGURES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}


# Every process a run starts inherits this variable (the benchmark passes the environment on),
# with a value unique to the run: other benchmarks or fake servers on the machine never match.
RUN_MARK = "BENCH_TEST_RUN_MARK"  # no CLIQ_ prefix: clean_env would drop it


def _processes_marked(mark: str) -> list[str]:
    """Command lines of live processes whose environment carries ``RUN_MARK=mark``."""
    needle = f"{RUN_MARK}={mark}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle not in environ.read_bytes().split(b"\0"):
                continue
            cmdline = environ.with_name("cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile, or not ours to read
        found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


@pytest.fixture(scope="module")
def quick_run() -> dict[str, Any]:
    """One ``python -m benchmarks --quick --json`` run, shared by the tests below."""
    mark = uuid.uuid4().hex
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json"],
        env={**os.environ, RUN_MARK: mark},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return {"report": json.loads(done.stdout), "stderr": done.stderr, "mark": mark}


def test_quick_run_reports_every_figure_with_a_target_and_a_verdict(
    quick_run: dict[str, Any],
) -> None:
    figures = quick_run["report"]["figures"]

    assert {f["number"] for f in figures.values()} == FIGURES
    for key, figure in figures.items():
        assert figure["target"]["op"] in ("<=", ">="), key
        assert isinstance(figure["target"]["limit"], int | float), key
        assert figure["verdict"] in ("pass", "fail"), (key, figure.get("error"))


def test_quick_run_measures_every_figure(quick_run: dict[str, Any]) -> None:
    figures = quick_run["report"]["figures"]

    unmeasured = {k: f["error"] for k, f in figures.items() if f["value"] is None}

    assert unmeasured == {}


def test_quick_run_names_the_machine(quick_run: dict[str, Any]) -> None:
    info = quick_run["report"]["machine"]

    assert info["cores"] >= 1
    assert info["python"].startswith("3.")


def test_quick_run_leaves_no_process_behind(quick_run: dict[str, Any]) -> None:
    assert _processes_marked(quick_run["mark"]) == []


def test_a_process_left_behind_by_a_run_would_be_seen() -> None:
    """The check above can fail: a live process carrying a run's mark is found, others not."""
    mark = uuid.uuid4().hex
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        env={**os.environ, RUN_MARK: mark},
        stdin=subprocess.PIPE,
    )
    try:
        found = _processes_marked(mark)
        others = _processes_marked(uuid.uuid4().hex)
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)

    assert len(found) == 1 and "sys.stdin.read()" in found[0]
    assert others == []


def test_text_report_prints_each_figure_beside_its_target_and_verdict() -> None:
    figures = [
        Figure(1, "a", "start to first paint", 0.5, at_most(1.0, "s")),
        Figure(
            3,
            "b",
            "apply a delta",
            20.0,
            at_most(16, "ms"),
            also=[("speed-up", 30.0, at_least(20, "x"))],
        ),
    ]

    text = render_text(
        figures,
        {
            "cores": 2,
            "cpu": "x",
            "python": "3.11",
            "implementation": "C",
            "platform": "p",
            "memory_mb": 1024,
        },
        1.0,
        "full",
    )

    lines = text.splitlines()
    first = next(line for line in lines if line.startswith("1. "))
    third = next(line for line in lines if line.startswith("3. "))
    assert "0.5 s" in first and "<= 1 s" in first and first.endswith("PASS")
    assert "20 ms" in third and "<= 16 ms" in third and third.endswith("FAIL")
    assert any("speed-up" in line and line.endswith("PASS") for line in lines)


def test_a_figure_fails_when_a_further_condition_is_missed() -> None:
    figure = Figure(3, "d", "delta", 5.0, at_most(16, "ms"), also=[("x", 3.0, at_least(20, "x"))])

    assert figure.verdict is Verdict.FAIL


def test_a_figure_without_a_value_is_an_error_not_a_pass() -> None:
    figure = Figure(1, "a", "paint", None, at_most(1.0, "s"), error="never painted")

    assert figure.verdict is Verdict.ERROR


def test_percentile_is_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]

    assert percentile(samples, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0


def test_plain_text_drops_escape_sequences_and_keeps_the_text() -> None:
    stream = "\x1b[2J\x1b[1;1H\x1b[38;2;1;2;3mHello\x1b[0m \x1b]0;title\x07world\x1b(B"

    assert plain_text(stream) == "Hello world"


def test_simulated_time_passes_an_hour_of_sleeping_at_once() -> None:
    async def main(loop: Any) -> tuple[float, float]:
        before = loop.wall()
        await asyncio.sleep(3600)
        return before, loop.wall()

    before, after = run_simulated(1_000.0, main)

    assert after - before == pytest.approx(3600)


def test_the_peak_per_window_counts_as_the_fakes_limiter_does() -> None:
    from benchmarks.several import peak_per_window, peaks_by_endpoint

    assert peak_per_window([]) == 0
    assert peak_per_window([0, 59_999, 60_000, 119_999]) == 2
    assert peak_per_window([5, 1, 3, 2, 4]) == 5
    log = [{"endpoint": "list_all", "at_ms": t} for t in (0, 10, 60_010)]
    assert peaks_by_endpoint([*log, {"endpoint": "_fake", "at_ms": 1}]) == {"list_all": 2}
