"""How big and how long each benchmark run is: the full run and the quick smoke run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions of one benchmark run."""

    name: str
    demo_runs: int
    cache_runs: int
    cache_messages: int
    cache_chats: int
    rss_settle: float
    table_messages: int
    table_chats: int
    deltas: int
    rebuilds: int
    queries: tuple[str, ...]
    monitor_messages: int
    monitor_seconds: float
    soak_messages: int
    soak_seconds: float
    several_seconds: float


FULL = Plan(
    name="full",
    demo_runs=5,
    cache_runs=5,
    cache_messages=5000,
    cache_chats=500,
    rss_settle=2.0,
    table_messages=5000,
    table_chats=500,
    deltas=30,
    rebuilds=5,
    queries=("quick nudge", "release", "ines", "billing"),
    monitor_messages=5000,
    monitor_seconds=600,
    soak_messages=5000,
    soak_seconds=1800,
    several_seconds=75,
)

# Small sizes for the smoke test: every figure is printed, the verdicts are only indicative.
QUICK = Plan(
    name="quick",
    demo_runs=1,
    cache_runs=1,
    cache_messages=1000,
    cache_chats=100,
    rss_settle=0.5,
    table_messages=1000,
    table_chats=100,
    deltas=5,
    rebuilds=2,
    queries=("nudge",),
    monitor_messages=1000,
    monitor_seconds=120,
    soak_messages=1000,
    soak_seconds=300,
    several_seconds=15,
)
