"""An edit of the shown text applied to the server's text: what was not changed is kept exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cliq_tui.base.textmerge import apply_shown_edit, control_count, control_symbols, needs_mapping
from cliq_tui.base.textsafe import visible

HOSTILE = "C1 \x9b31mcsi and \u202etxt.exe and bell\x07 and DEL\x7f"
SHOWN = visible(HOSTILE, newlines=True)

# Ordinary letters and the characters the dialog shows as symbols (CRLF included).
texts = st.lists(
    st.sampled_from(["a", "b", " ", "\n", "\r\n", "\x07", "\x1b", "\x9b", "\u202e", "\x7f", "\t"]),
    max_size=30,
).map("".join)


def test_the_report_case_appends_and_keeps_every_control() -> None:
    outcome = apply_shown_edit(HOSTILE, SHOWN + " Y")
    assert outcome.text == HOSTILE + " Y"
    assert outcome.kept == ("\x9b", "\u202e", "\x07", "\x7f")
    assert outcome.dropped == ()
    assert not outcome.ambiguous


def test_deleting_a_symbol_drops_that_control_only() -> None:
    outcome = apply_shown_edit(HOSTILE, SHOWN.replace("␡", ""))
    assert outcome.text == HOSTILE.replace("\x7f", "")
    assert outcome.dropped == ("\x7f",)


def test_a_partly_deleted_symbol_is_sent_as_the_text_left_in_view() -> None:
    outcome = apply_shown_edit(HOSTILE, SHOWN.replace("\\x9b", "\\x9"))
    assert outcome.text == HOSTILE.replace("\x9b", "\\x9")
    assert outcome.dropped == ("\x9b",)


def test_crlf_shown_as_a_line_feed_stays_crlf_where_untouched() -> None:
    assert apply_shown_edit("a\r\nb\r\nc", "a\nB\nc").text == "a\r\nB\r\nc"


def test_a_typed_symbol_next_to_its_control_is_ambiguous() -> None:
    outcome = apply_shown_edit("x␇\x07y", "x␇y")
    assert outcome.ambiguous


def test_counting_and_naming_the_controls() -> None:
    assert control_count(HOSTILE) == 4
    assert control_count("a\r\nb") == 0  # a CRLF is shown as a line break, not a symbol
    assert control_symbols(HOSTILE) == "\\x9b, \\u202e, ␇, ␡"
    assert needs_mapping(HOSTILE) and needs_mapping("a\r\nb") and not needs_mapping("plain")


@given(texts)
def test_an_untouched_text_maps_back_to_itself(original: str) -> None:
    outcome = apply_shown_edit(original, visible(original, newlines=True))
    assert outcome.text == original
    assert outcome.dropped == ()


@given(texts, st.text(alphabet="xyz .", max_size=10))
def test_appending_keeps_the_original_exactly(original: str, added: str) -> None:
    outcome = apply_shown_edit(original, visible(original, newlines=True) + added)
    assert outcome.text == original + added


@given(texts, texts)
def test_what_is_sent_looks_like_what_was_typed_unless_asked(original: str, typed: str) -> None:
    edited = visible(typed, newlines=True)
    outcome = apply_shown_edit(original, edited)
    assert outcome.ambiguous or visible(outcome.text, newlines=True) == edited
