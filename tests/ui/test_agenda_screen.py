"""The agenda screen: opened with a, every pending message by day and trigger, following the
queue while open, Enter jumps to the message in the queue, esc goes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.screens.agenda import AgendaList, AgendaScreen, fit
from tests.support.app import refresh
from tests.support.pilot import SIZE, demo_server, plain, wait_for_queue, wait_until


def entry_ids(screen: AgendaScreen) -> list[str]:
    options = screen.query_one(AgendaList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    return [i for i in ids if i and not i.startswith("\0")]


def headings(screen: AgendaScreen) -> list[str]:
    options = screen.query_one(AgendaList)
    found = []
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        if option.id and option.id.startswith("\0"):
            found.append(str(getattr(option.prompt, "plain", option.prompt)).strip())
    return found


async def open_agenda(pilot: Pilot[Any], app: CliqApp) -> AgendaScreen:
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen), "the agenda")
    screen = app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


async def test_a_shows_every_pending_message_by_day_and_trigger_and_esc_goes_back(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        screen = await open_agenda(pilot, app)
        model = app.main.model
        assert sorted(entry_ids(screen)) == sorted(model.message_map())
        titles = headings(screen)
        assert titles[0].startswith("── Today · Mon 01 Jun ·")
        assert "── on check-in · 2 messages" in titles
        timelines = plain(screen.query_one("#agenda-timelines", Static))
        assert "next 24h" in timelines and "next 7d" in timelines and "Mon 01" in timelines
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the queue")


async def test_enter_jumps_to_the_message_even_when_the_filter_hides_it(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("slash", *"no such words", "enter")
        await wait_until(pilot, lambda: app.main.queue.row_count == 0, "the filter")
        screen = await open_agenda(pilot, app)
        target = entry_ids(screen)[2]
        await pilot.press("down", "down")
        assert screen.query_one(AgendaList).highlighted_option.id == target  # type: ignore[union-attr]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.main, "the queue")
        current = app.main.model.current
        assert current is not None and current.id == target
        assert app.main.query_one("#filter", Input).value == ""
        assert app.main.queue.row_count == len(app.main.model)


async def test_the_agenda_follows_the_queue_while_open(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        screen = await open_agenda(pilot, app)
        gone = entry_ids(screen)[0]
        assert demo_server(app).state.delete_message(gone)  # deleted elsewhere
        await refresh(pilot)
        await wait_until(pilot, lambda: gone not in entry_ids(screen), "the agenda to follow")
        assert len(entry_ids(screen)) == len(app.main.model)
        assert isinstance(app.screen, AgendaScreen)


def test_timelines_take_the_finest_cells_the_width_allows() -> None:
    assert fit((144, 120, 96, 72, 48, 24), 142) == 120
    assert fit((144, 120, 96, 72, 48, 24), 62) == 48
    assert fit((168, 112, 84, 56, 28), 10) == 28
