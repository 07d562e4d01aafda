"""Property tests of the rate budget: any record content blocks no endpoint for longer than its
lock period, and with any wall-clock jumps the fake's limiter never refuses what it let through."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cliq_tui.api import Endpoint, MemoryBackend, RateBudgets
from cliq_tui.api.budget_records import PENDING_MAX, TOLERANCE, Clocks, Instant, Records, Sent
from cliq_tui.fake.ratelimit import RateLimiter
from tests.support.clock import FakeClock

NOW = 1_780_304_400.0
BOOT = "boot-1"

anything = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=NOW - 7200, max_value=NOW + 7200)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text(max_size=8)
    | st.binary(max_size=8)
    | st.none()
    | st.booleans()
)
names = st.sampled_from([ep.name for ep in Endpoint]) | st.text(max_size=10)
instants = st.builds(Instant, anything, anything, st.sampled_from([BOOT, "other", None]))
entries = st.builds(Sent, names, instants, st.booleans(), st.text(max_size=6))
records = st.builds(
    Records, st.lists(entries, max_size=80), st.dictionaries(names, instants, max_size=12)
)


@settings(max_examples=300, deadline=None)
@given(held=records, boot_clock=st.booleans())
def test_no_content_blocks_an_endpoint_longer_than_its_lock_period(
    held: Records, boot_clock: bool
) -> None:
    clock = FakeClock(NOW, monotonic=10_000.0)
    clocks = Clocks(clock, clock.monotonic, BOOT) if boot_clock else Clocks(clock)
    budgets = RateBudgets(clock=clocks.wall, backend=MemoryBackend(held), clocks=clocks)

    for ep in Endpoint:
        longest = max(ep.spec.lock_seconds, PENDING_MAX + 61.0 + TOLERANCE)
        assert 0 <= budgets.seconds_until_free(ep) <= longest + 1e-6, ep
        status = budgets.status(ep)
        assert 0 <= status.remaining <= status.limit
    budgets.snapshot()
    budgets.try_acquire(Endpoint.LIST_ALL)
    budgets.lock(Endpoint.EDIT)


burst = st.tuples(
    st.sampled_from([Endpoint.LIST_ALL, Endpoint.LIST_CHAT, Endpoint.CHAT_DETAILS]),
    st.integers(min_value=1, max_value=30),  # requests tried one after another
    st.floats(min_value=0, max_value=70),  # real seconds before the burst
    st.floats(min_value=0, max_value=3),  # each: until the server counts it
    st.floats(min_value=0, max_value=3),  # each: until its answer is back
    st.one_of(st.just(0.0), st.floats(min_value=-400 * 86_400, max_value=400 * 86_400)),
    st.booleans(),  # a new process from here on (the same shared records)
)


@settings(max_examples=200, deadline=None)
@given(bursts=st.lists(burst, min_size=1, max_size=12))
def test_with_any_wall_clock_jumps_the_limiter_never_refuses_what_the_budget_let_through(
    bursts: list[tuple[Endpoint, int, float, float, float, float, bool]],
) -> None:
    # Real time (the monotonic reading, what the server counts in) and a wall clock that may be
    # set anywhere.
    machine = FakeClock(NOW + 5_000.0, monotonic=5_000.0)
    shared = MemoryBackend()
    limiter = RateLimiter()

    def process() -> RateBudgets:
        clocks = Clocks(machine, machine.monotonic, BOOT)
        return RateBudgets(clock=machine, backend=shared, clocks=clocks)

    budgets = process()
    for endpoint, count, before, to_server, to_answer, jump, restart in bursts:
        machine.set(machine() + jump)
        machine.advance(before)
        if restart:
            budgets = process()
        for _ in range(count):
            if budgets.try_acquire(endpoint, pending=True) > 0:
                continue
            machine.advance(to_server)
            real = machine.monotonic()
            admitted = limiter.admit("user", endpoint.name.lower(), int(real * 1000))
            assert admitted, (endpoint, real)
            machine.advance(to_answer)
            budgets.settle(endpoint)
