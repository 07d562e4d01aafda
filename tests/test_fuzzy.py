"""The fuzzy matcher: a query's letters in order, scored so that the match a user means wins."""

from __future__ import annotations

from cliq_tui.core.fuzzy import (
    EXACT_CELLS,
    GAP,
    MATCH,
    WORD_START,
    fuzzy_match,
    fuzzy_rank,
)


def names(query: str, items: list[str]) -> list[str]:
    return [item for item, _ in fuzzy_rank(query, items, key=str)]


def test_letters_in_order_match_anywhere_and_case_does_not_matter() -> None:
    match = fuzzy_match("MLWR", "Mobile Launch War Room")
    assert match is not None
    assert match.positions == (0, 7, 14, 18)
    assert fuzzy_match("mlwr", "mobile launch war room") is not None


def test_letters_out_of_order_or_missing_do_not_match() -> None:
    assert fuzzy_match("rwlm", "Mobile Launch War Room") is None
    assert fuzzy_match("xyz", "Finance Team") is None
    assert fuzzy_match("financee", "Finance") is None


def test_spaces_in_the_query_are_ignored_and_an_empty_query_matches_all() -> None:
    assert fuzzy_match("mob launch", "Mobile Launch War Room") is not None
    empty = fuzzy_match("  ", "anything")
    assert empty is not None and empty.score == 0 and empty.positions == ()
    assert names("", ["b", "a", "c"]) == ["b", "a", "c"]


def test_a_word_start_beats_the_middle_of_a_word() -> None:
    assert names("fin", ["Office Planning", "Refinance", "Finance Team"]) == [
        "Finance Team",
        "Refinance",
        "Office Planning",
    ]


def test_consecutive_letters_beat_scattered_ones() -> None:
    assert names("team", ["The East Asia Marketing", "Finance Team"]) == [
        "Finance Team",
        "The East Asia Marketing",
    ]


def test_the_best_placement_is_found_not_the_first_occurrence() -> None:
    # The first "s" is in "Asia", but "ss" as the start of "Support Squad" is the better match.
    match = fuzzy_match("ss", "Asia Support Squad")
    assert match is not None
    assert match.positions == (5, 13)


def test_initials_and_camel_case_count_as_word_starts() -> None:
    assert names("ps", ["pricingsheet", "pricingSheet"]) == ["pricingSheet", "pricingsheet"]
    assert names("ps", ["Alphasupport", "Alpha Support"]) == ["Alpha Support", "Alphasupport"]
    assert names("q2", ["Teamq2", "Team Q2"]) == ["Team Q2", "Teamq2"]


def test_equal_scores_keep_the_order_given() -> None:
    assert names("a", ["Alan", "Amy", "Ann"]) == ["Alan", "Amy", "Ann"]


def test_positions_point_into_the_original_text_whatever_its_letters() -> None:
    text = "İstanbul Ofis — 東京 Team"
    match = fuzzy_match("ofte", text)
    assert match is not None
    assert [text[i] for i in match.positions] == ["O", "f", "T", "e"]


def test_a_letter_whose_lower_case_is_two_letters_matches_itself() -> None:
    # "İ".lower() is "i" plus a combining dot: the query is folded letter by letter like the
    # name, or typing the name as it is written finds nothing.
    match = fuzzy_match("İst", "İstanbul Ofis")
    assert match is not None and match.positions == (0, 1, 2)
    assert fuzzy_match("İSTANBUL", "İstanbul Ofis") is not None


def test_a_long_query_over_a_long_name_places_each_letter_at_its_first_fit() -> None:
    # Beyond EXACT_CELLS the placement is not searched (hostile names would freeze typing):
    # each letter goes to its first occurrence after the previous one, scored the same way.
    name = "f" + "x" * 600 + " Ft"
    assert 2 * len(name) > EXACT_CELLS
    match = fuzzy_match("ft", name)
    assert match is not None
    assert match.positions == (0, 603)  # the exact search would take "Ft" at (602, 603)
    assert match.score == 2 * MATCH + WORD_START - GAP * 602
    short = fuzzy_match("ft", "f" + "x" * 60 + " Ft")
    assert short is not None and short.positions == (62, 63), "short names: the best placement"


def test_thousands_of_hostile_names_are_ranked_with_the_first_fit() -> None:
    names = ["a" * 80] * 3000 + ["b" * 79 + "a"]
    ranked = fuzzy_rank("a" * 40, names, key=str)
    assert len(ranked) == 3000  # the last name has one "a": it cannot match 40
    assert all(match.positions == tuple(range(40)) for _, match in ranked)
