"""Fault switches: latency, 5xx answers, dropped connections, broken bodies, throttling."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

MAX_LATENCY_MS = 10_000
_RATES = ("error_rate", "reset_rate", "malformed_rate", "truncate_rate")


@dataclass
class Faults:
    """What goes wrong, and how often, on API routes (never on ``/_fake/``)."""

    latency_ms: int = 0
    error_rate: float = 0.0
    reset_rate: float = 0.0
    malformed_rate: float = 0.0
    truncate_rate: float = 0.0
    throttle_all: bool = False
    expire_tokens: bool = False
    oauth: bool = False
    """Apply the faults to ``/oauth/`` as well."""

    def to_json(self) -> dict[str, Any]:
        """The switches as JSON."""
        return asdict(self)

    @property
    def any_active(self) -> bool:
        """True when some fault is switched on."""
        return self != Faults(oauth=self.oauth)


def parse_faults(changes: dict[str, Any], base: Faults) -> Faults:
    """``base`` with ``changes`` applied; ValueError names a bad switch or value."""
    known = {f.name for f in fields(Faults)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ValueError(f"unknown fault switch(es): {', '.join(unknown)}")
    values = asdict(base)
    for name, value in changes.items():
        if name in _RATES:
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValueError(f"{name} must be a number from 0 to 1")
            values[name] = float(value)
        elif name == "latency_ms":
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError("latency_ms must be a non-negative number")
            values[name] = int(min(value, MAX_LATENCY_MS))
        else:
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false")
            values[name] = value
    return Faults(**values)
