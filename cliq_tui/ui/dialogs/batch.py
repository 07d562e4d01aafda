"""One action applied to many messages in turn, with progress and one result line each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, ProgressBar, Static

from cliq_tui.api.errors import CliqError, OutcomeUnknownError, RateLimitError
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.ports import BatchResult
from cliq_tui.ui.dialogs.widgets import DIALOG_BREAKPOINTS, PlainText

PREVIEW_WIDTH = 40


def short_preview(message: ScheduledMessage) -> str:
    """The message's one-line preview, cut to fit a result line."""
    return fmt.one_line(message.preview or f"message {message.id}", PREVIEW_WIDTH)


class BatchDialog(ModalScreen[BatchResult]):
    """Runs ``action`` for each message in turn; stops on a rate limit; Esc while running stops
    after the current message, Esc or Enter when done closes with the :class:`BatchResult`."""

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = DIALOG_BREAKPOINTS
    BINDINGS = [Binding("escape", "stop_or_close", "Stop / close", id="dialog.cancel")]

    def __init__(
        self,
        title: str,
        messages: Sequence[ScheduledMessage],
        action: Callable[[ScheduledMessage], Awaitable[object]],
        *,
        done_label: str = "done",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.messages = list(messages)
        self.action = action
        self.done_label = done_label
        self.result = BatchResult()
        self.finished = False
        self.stop_requested = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="batch-dialog"):
            # Plain text: callers pass chat names and counts, never markup.
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield ProgressBar(total=len(self.messages), show_eta=False, id="batch-progress")
            with VerticalScroll(id="batch-results"):
                for index, message in enumerate(self.messages):
                    yield PlainText(
                        f"· {short_preview(message)} — waiting",
                        id=f"result-{index}",
                        classes="result-line",
                    )
            with Horizontal(classes="dialog-buttons"):
                yield PlainText("", id="batch-summary")
                yield Button("Stop", id="close")
            yield PlainText(
                "Esc stops after the current message", id="batch-hint", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
        self.run_worker(self._run(), group="batch", exclusive=True, exit_on_error=False)

    def _line(self, index: int, symbol: str, outcome: str) -> None:
        line = self.query_one(f"#result-{index}", Static)
        line.update(f"{symbol} {short_preview(self.messages[index])} — {outcome}")
        line.set_class(symbol == "✗", "error")
        line.scroll_visible()

    async def _run(self) -> None:
        progress = self.query_one(ProgressBar)
        stop_reason = "stopped"
        index = 0
        while index < len(self.messages):
            if self.stop_requested:
                break
            message = self.messages[index]
            self._line(index, "…", "working")
            try:
                await self.action(message)
            except RateLimitError as exc:
                self._fail(index, "✗", f"{exc.title}: {exc.message}")
                stop_reason = "rate limited"
                index += 1
                progress.advance(1)
                break
            except OutcomeUnknownError as exc:
                self._fail(index, "?", f"{exc.title}: {exc.message}")
            except CliqError as exc:
                self._fail(index, "✗", f"{exc.title}: {exc.message}")
            except Exception as exc:  # one broken message must not hide the others' results
                self._fail(index, "✗", f"Unexpected error: {type(exc).__name__}: {exc}")
            else:
                self.result.ok.append(message.id)
                self._line(index, "✓", self.done_label)
            index += 1
            progress.advance(1)
        for rest in range(index, len(self.messages)):
            self.result.not_attempted.append(self.messages[rest].id)
            self._line(rest, "·", f"not attempted ({stop_reason})")
        self._finish()

    def _fail(self, index: int, symbol: str, reason: str) -> None:
        self.result.failed[self.messages[index].id] = reason
        self._line(index, symbol, reason)

    def _finish(self) -> None:
        self.finished = True
        result = self.result
        parts = [f"{len(result.ok)} {self.done_label}"]
        if result.failed:
            parts.append(f"{len(result.failed)} failed")
        if result.not_attempted:
            parts.append(f"{len(result.not_attempted)} not attempted")
        self.query_one("#batch-summary", Static).update(", ".join(parts))
        self.query_one("#batch-hint", Static).update("Enter or Esc closes")
        button = self.query_one("#close", Button)
        button.label = "Close"
        button.focus()

    def action_stop_or_close(self) -> None:
        """While running: stop after the current message. When done: close."""
        if self.finished:
            self.dismiss(self.result)
        elif not self.stop_requested:
            self.stop_requested = True
            self.query_one("#batch-summary", Static).update("Stopping after the current message…")

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_stop_or_close()
