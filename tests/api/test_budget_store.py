"""The shared rate budget: one file per account, counted by every process, safe to any content."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cliq_tui.api import Endpoint, RateBudgets
from cliq_tui.api.budget_records import Clocks
from cliq_tui.api.budget_store import SharedStore, shared_budgets
from tests.support.clock import START, FakeClock


@pytest.fixture
def opened(path: Path, clock: FakeClock, warnings: list[str]) -> Iterator[list[RateBudgets]]:
    """Every budget a test opens on ``path``, closed at the end."""
    budgets: list[RateBudgets] = []
    yield budgets
    for b in budgets:
        b.close()


def open_on(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> RateBudgets:
    budgets = shared_budgets(path, clock=clock, on_warning=warnings.append)
    opened.append(budgets)
    return budgets


def spend(budgets: RateBudgets, endpoint: Endpoint, n: int) -> None:
    for _ in range(n):
        assert budgets.try_acquire(endpoint) == 0


# --- one budget for every process ------------------------------------------------------------


def test_two_budgets_on_one_file_count_together(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    first = open_on(path, clock, warnings, opened)
    second = open_on(path, clock, warnings, opened)

    spend(first, Endpoint.LIST_CHAT, 12)
    spend(second, Endpoint.LIST_CHAT, 8)

    assert first.remaining(Endpoint.LIST_CHAT) == 0
    assert second.try_acquire(Endpoint.LIST_CHAT) == pytest.approx(61.0)
    assert first.remaining(Endpoint.LIST_ALL) == 20
    assert warnings == []


def test_a_lock_one_process_was_told_about_holds_for_the_other_and_after_a_restart(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    first = open_on(path, clock, warnings, opened)
    second = open_on(path, clock, warnings, opened)

    first.lock(Endpoint.LIST_ALL)
    first.close()
    clock.advance(30)
    again = open_on(path, clock, warnings, opened)

    assert second.locked_until(Endpoint.LIST_ALL) == pytest.approx(START + 600)
    assert again.status(Endpoint.LIST_ALL).locked
    assert again.try_acquire(Endpoint.LIST_ALL) == pytest.approx(570)
    clock.advance(571)
    assert again.locked_until(Endpoint.LIST_ALL) is None


def test_a_restart_keeps_what_was_sent_until_it_leaves_the_window(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    spend(open_on(path, clock, warnings, opened), Endpoint.EDIT, 20)
    opened[0].close()

    again = open_on(path, clock, warnings, opened)

    assert again.used(Endpoint.EDIT) == 20
    assert again.seconds_until_free(Endpoint.EDIT) == pytest.approx(61.0)
    clock.advance(61)
    assert again.remaining(Endpoint.EDIT) == 20


def test_a_request_in_flight_counts_from_its_answer(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    budgets = open_on(path, clock, warnings, opened)
    for _ in range(20):
        assert budgets.try_acquire(Endpoint.LIST_ALL, pending=True) == 0

    clock.advance(100)  # the answers are slow: the server may have seen them only now
    assert budgets.remaining(Endpoint.LIST_ALL) == 0
    for _ in range(20):
        budgets.settle(Endpoint.LIST_ALL)
    clock.advance(60)
    assert budgets.remaining(Endpoint.LIST_ALL) == 0
    clock.advance(1)
    assert budgets.remaining(Endpoint.LIST_ALL) == 20


def test_the_file_is_private_and_holds_no_more_than_times(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    old = os.umask(0)
    try:
        spend(open_on(path, clock, warnings, opened), Endpoint.LIST_ALL, 1)
    finally:
        os.umask(old)

    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in path.parent.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


# --- clocks that jump ------------------------------------------------------------------------


class Machine:
    """A wall clock that can be set, and a boot-time clock that only runs forward."""

    def __init__(self) -> None:
        self.clock = FakeClock(START, monotonic=5_000.0)

    def budgets(self, path: Path, opened: list[RateBudgets]) -> RateBudgets:
        clocks = Clocks(self.clock, self.clock.monotonic, "boot-1")
        store = SharedStore(path, path.stem)
        budgets = RateBudgets(clock=clocks.wall, backend=store, clocks=clocks)
        opened.append(budgets)
        return budgets

    def run(self, seconds: float) -> None:
        self.clock.advance(seconds)


@pytest.mark.parametrize("jump", [3600.0, 86_400.0 * 365])
def test_a_wall_clock_set_forward_does_not_make_recent_requests_look_old(
    path: Path, opened: list[RateBudgets], jump: float
) -> None:
    machine = Machine()
    spend(machine.budgets(path, opened), Endpoint.LIST_ALL, 20)

    machine.clock.set(machine.clock() + jump)
    machine.run(1)
    again = machine.budgets(path, opened)

    assert again.remaining(Endpoint.LIST_ALL) == 0
    assert again.try_acquire(Endpoint.LIST_ALL) == pytest.approx(60.0)
    machine.run(60)
    assert again.remaining(Endpoint.LIST_ALL) == 20


@pytest.mark.parametrize("jump", [3600.0, 86_400.0 * 365])
def test_a_wall_clock_set_back_blocks_no_longer_than_the_window(
    path: Path, opened: list[RateBudgets], jump: float
) -> None:
    machine = Machine()
    budgets = machine.budgets(path, opened)
    spend(budgets, Endpoint.LIST_ALL, 20)
    budgets.lock(Endpoint.EDIT)

    machine.clock.set(machine.clock() - jump)
    machine.run(1)

    assert budgets.seconds_until_free(Endpoint.LIST_ALL) == pytest.approx(60.0)
    assert budgets.seconds_until_free(Endpoint.EDIT) == pytest.approx(599.0)
    machine.run(60)
    assert budgets.remaining(Endpoint.LIST_ALL) == 20
    machine.run(540)
    assert budgets.locked_until(Endpoint.EDIT) is None


def test_without_a_boot_clock_a_wall_clock_set_back_blocks_one_window_at_most(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    budgets = open_on(path, clock, warnings, opened)
    spend(budgets, Endpoint.LIST_ALL, 20)
    budgets.lock(Endpoint.EDIT)

    clock.set(clock() - 3600)

    assert budgets.try_acquire(Endpoint.LIST_ALL) == pytest.approx(61.0)
    assert budgets.seconds_until_free(Endpoint.EDIT) == pytest.approx(600.0)
    clock.advance(61)
    assert budgets.remaining(Endpoint.LIST_ALL) == 20
    clock.advance(540)
    assert budgets.locked_until(Endpoint.EDIT) is None
    assert warnings == []  # a clock set back is not a broken file


# --- a shared file that cannot be written ----------------------------------------------------


def test_an_unwritable_folder_says_so_once_and_the_budget_still_holds_alone(
    tmp_path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    (tmp_path / "budgets").write_text("a file where the folder should be")
    budgets = open_on(tmp_path / "budgets" / "x.sqlite3", clock, warnings, opened)

    spend(budgets, Endpoint.LIST_CHAT, 20)

    assert budgets.try_acquire(Endpoint.LIST_CHAT) == pytest.approx(61.0)
    assert len(warnings) == 1
    assert "cannot be written" in warnings[0] and str(tmp_path / "budgets") in warnings[0]
    assert budgets.warning == warnings[0]


def test_a_full_disk_midway_says_so_once_and_keeps_what_was_counted(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    budgets = open_on(path, clock, warnings, opened)
    spend(budgets, Endpoint.LIST_CHAT, 10)
    store = budgets.backend
    assert isinstance(store, SharedStore)
    db = store._db
    assert db is not None
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")

    for endpoint in Endpoint:  # a few hundred entries: more than the pages left
        spend(budgets, endpoint, budgets.limit(endpoint) - budgets.used(endpoint))

    assert not store.shared
    for endpoint in Endpoint:
        assert budgets.used(endpoint) == budgets.limit(endpoint)
        assert budgets.try_acquire(endpoint) == pytest.approx(61.0)
    assert len(warnings) == 1 and "full" in warnings[0]


def test_a_budget_follows_its_file_when_it_was_set_aside_or_deleted_meanwhile(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    first = open_on(path, clock, warnings, opened)
    spend(first, Endpoint.LIST_CHAT, 5)
    path.replace(path.with_name("elsewhere.sqlite3"))  # by hand, or another process
    second = open_on(path, clock, warnings, opened)
    spend(second, Endpoint.LIST_CHAT, 15)

    # The first would otherwise count alone in the orphan and allow 15 more.
    assert first.remaining(Endpoint.LIST_CHAT) == 5
    spend(first, Endpoint.LIST_CHAT, 5)
    assert second.try_acquire(Endpoint.LIST_CHAT) == pytest.approx(61.0)


def test_a_budget_left_readable_by_others_is_made_private_again(
    path: Path, clock: FakeClock, warnings: list[str], opened: list[RateBudgets]
) -> None:
    open_on(path, clock, warnings, opened).close()
    path.chmod(0o644)
    path.parent.chmod(0o755)

    open_on(path, clock, warnings, opened)

    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
