"""The schedule section follows the chat it schedules into: a create dialog whose chat is changed
with the picker shows what Cliq said about each trigger in the new chat's kind."""

from __future__ import annotations

from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.widgets import OptionList, Select

from cliq_tui.api.models import ScheduleStatus
from cliq_tui.sync.triggers import TriggerMemory
from cliq_tui.ui.dialogs.schedule import ScheduleSection
from tests.support.dialogs import NOW, fixed_now, make_chat

CHANNEL = make_chat("CT_1", "#marketing", "channel")
DM = make_chat("CT_2", "Priya Raman", "direct_message")


class SectionApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        memory = TriggerMemory()
        memory.record(DM.kind, "check_in", accepted=False, words="Not in a DM.", at=NOW)
        self.engine = SimpleNamespace(triggers=memory)

    def compose(self) -> ComposeResult:
        yield ScheduleSection(
            CHANNEL, now=fixed_now, mode="status", status=ScheduleStatus.CHECK_IN, id="schedule"
        )


def labels(select: Select[ScheduleStatus]) -> list[str]:
    """The choices the select's drop-down lists."""
    return [str(option.prompt) for option in select.query_one(OptionList).options]


async def test_a_new_chat_brings_its_kinds_notes_and_keeps_the_chosen_trigger() -> None:
    app = SectionApp()
    async with app.run_test() as pilot:
        section = app.query_one(ScheduleSection)
        select: Select[ScheduleStatus] = section.query_one("#status", Select)
        assert not any("refused" in label for label in labels(select))
        section.set_chat(DM)
        await pilot.pause()
        assert any("refused in DM before" in label for label in labels(select))
        assert select.value is ScheduleStatus.CHECK_IN
        note = str(section.query_one("#status-note").render())
        assert "Cliq refused" in note
