"""Figures with their targets and verdicts, the machine they ran on, as text or one JSON object."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Verdict(StrEnum):
    """Whether a figure meets its target (``error``: it could not be measured)."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"


@dataclass(frozen=True)
class Target:
    """A bound on a figure: at most (``<=``) or at least (``>=``) ``limit`` in ``unit``."""

    op: str
    limit: float
    unit: str

    def met_by(self, value: float) -> bool:
        """True when ``value`` is within the bound."""
        return value <= self.limit if self.op == "<=" else value >= self.limit

    def __str__(self) -> str:
        return f"{self.op} {_number(self.limit)} {self.unit}".rstrip()


def at_most(limit: float, unit: str) -> Target:
    """The figure must not exceed ``limit``."""
    return Target("<=", limit, unit)


def at_least(limit: float, unit: str) -> Target:
    """The figure must reach ``limit``."""
    return Target(">=", limit, unit)


# What a figure is before it is measured: number, key, title, target (the fallback when it fails).
Spec = tuple[int, str, str, Target]


@dataclass
class Figure:
    """One measured figure beside its target(s), with how it was measured."""

    number: int
    key: str
    title: str
    value: float | None
    target: Target
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    also: list[tuple[str, float, Target]] = field(default_factory=list)
    """Further conditions of the same figure: (label, value, target), all must be met."""
    error: str | None = None

    @property
    def verdict(self) -> Verdict:
        """Pass when the value and every further condition meet their targets."""
        if self.error is not None or self.value is None:
            return Verdict.ERROR
        checks = [self.target.met_by(self.value)]
        checks += [target.met_by(value) for _, value, target in self.also]
        return Verdict.PASS if all(checks) else Verdict.FAIL

    def value_text(self) -> str:
        """The value with its unit, as printed."""
        if self.value is None:
            return "n/a"
        return f"{_number(self.value)} {self.target.unit}".rstrip()

    def to_json(self) -> dict[str, Any]:
        """The figure as plain JSON values."""
        return {
            "number": self.number,
            "title": self.title,
            "value": self.value,
            "unit": self.target.unit,
            "target": {"op": self.target.op, "limit": self.target.limit},
            "also": [
                {
                    "label": label,
                    "value": value,
                    "unit": target.unit,
                    "target": {"op": target.op, "limit": target.limit},
                }
                for label, value, target in self.also
            ],
            "verdict": self.verdict.value,
            "detail": self.detail,
            "error": self.error,
            "extra": self.extra,
        }


def measured(spec: Spec, value: float | None, **fields: Any) -> Figure:
    """The figure ``spec`` names, at ``value`` (None with an ``error``), with further fields."""
    number, key, title, target = spec
    return Figure(number, key, title, value, target, **fields)


def failed(number: int, key: str, title: str, target: Target, error: BaseException) -> Figure:
    """A figure that could not be measured: the verdict says so, the error says why."""
    reason = f"{type(error).__name__}: {error}".strip()
    return Figure(number, key, title, None, target, error=reason[:500])


def _number(value: float) -> str:
    if value == int(value) and abs(value) >= 1:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def median_and_max(samples: Sequence[float]) -> tuple[float, float]:
    """The median and the largest sample."""
    return statistics.median(samples), max(samples)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.95 for p95) of ``samples``."""
    ordered = sorted(samples)
    rank = math.ceil(fraction * len(ordered) - 1e-9)
    return ordered[min(len(ordered), max(rank, 1)) - 1]


def _memory_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    """Cores, memory, CPU, Python and platform of this machine."""
    memory = _memory_mb()
    return {
        "cores": os.cpu_count(),
        "memory_mb": round(memory) if memory is not None else None,
        "cpu": _cpu_model(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


_MARKS = {Verdict.PASS: "PASS", Verdict.FAIL: "FAIL", Verdict.ERROR: "ERROR"}


def render_text(figures: Sequence[Figure], info: dict[str, Any], elapsed: float, mode: str) -> str:
    """The human report: a header naming the machine, then one line per figure."""
    host = info
    memory = f"{host['memory_mb'] / 1024:.1f} GB" if host.get("memory_mb") else "unknown memory"
    lines = [
        f"cliq-tui benchmark ({mode})",
        f"machine: {host['cores']} cores, {memory}, {host['cpu']}",
        f"python: {host['implementation']} {host['python']} on {host['platform']}",
        "",
    ]
    if mode == "quick":
        lines[1:1] = ["quick mode: smaller queues and fewer runs; verdicts are only indicative"]
    width = max((len(f.title) for f in figures), default=0)
    for figure in figures:
        mark = _MARKS[figure.verdict]
        if figure.also and figure.value is not None and figure.error is None:
            # Each condition shows its own mark; the figure passes only if all of them do.
            own = Verdict.PASS if figure.target.met_by(figure.value) else Verdict.FAIL
            mark = _MARKS[own]
        lines.append(
            f"{figure.number}. {figure.title:<{width}}  {figure.value_text():>14}  "
            f"target {figure.target!s:<14} {mark}"
        )
        for label, value, target in figure.also:
            shown = f"{_number(value)} {target.unit}".rstrip()
            mark = _MARKS[Verdict.PASS if target.met_by(value) else Verdict.FAIL]
            lines.append(f"   {'and ' + label:<{width}}  {shown:>14}  target {target!s:<14} {mark}")
        if figure.also and figure.error is None:
            lines.append(
                f"   {'=> figure ' + str(figure.number):<{width}}  {'':>14}  "
                f"{'':<21} {_MARKS[figure.verdict]}"
            )
        if figure.error:
            lines.append(f"     error: {figure.error}")
        if figure.detail:
            lines.extend(f"     {line}" for line in textwrap.wrap(figure.detail, 94))
    verdicts = [f.verdict for f in figures]
    passed = sum(v is Verdict.PASS for v in verdicts)
    lines += ["", f"{passed} of {len(figures)} figures meet their targets ({elapsed:.0f} s)."]
    return "\n".join(lines)


def render_json(figures: Sequence[Figure], info: dict[str, Any], elapsed: float, mode: str) -> str:
    """The same figures as one JSON object."""
    body = {
        "benchmark": "cliq-tui",
        "mode": mode,
        "machine": info,
        "elapsed_s": round(elapsed, 2),
        "passed": all(f.verdict is Verdict.PASS for f in figures),
        "figures": {f.key: f.to_json() for f in figures},
    }
    return json.dumps(body, indent=2, default=str)


__all__ = [
    "Figure",
    "Spec",
    "Target",
    "Verdict",
    "at_least",
    "at_most",
    "failed",
    "machine",
    "measured",
    "median_and_max",
    "percentile",
    "render_json",
    "render_text",
]
