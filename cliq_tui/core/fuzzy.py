"""Fuzzy matching as in fzf or k9s: the query's letters in order anywhere in a name.

``fmo`` finds "**F**inance Tea**m** ... **o**" and "Mobile Launch" is found by ``mola``. Case does
not matter and spaces in the query are ignored. Among the names that match, the better match
scores higher: letters at the start of a word or right after the previous match count most, and
every letter skipped in between costs a little, so ``fin`` ranks "Finance Team" above "Office
Planning". The best placement of the letters is found exactly (dynamic programming over the
query and the name), not by taking each letter at its first occurrence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# What a matched letter earns, and what it earns on top at a word start or right after the
# previous matched letter; every letter skipped between two matches costs GAP.
MATCH = 1.0
WORD_START = 8.0
CONSECUTIVE = 6.0
GAP = 1.0
# Letters before the first match cost a little too: "fin" in "Finance" beats "Refinance".
LEADING_GAP = 0.1
_NONE = float("-inf")
# The exact placement costs query x name steps per name. Beyond this many (a server can name
# thousands of chats with 80 letters each, and a query can be long) the letters are placed at
# their first fitting occurrence instead, so a keystroke stays quick whatever the names are.
EXACT_CELLS = 1024


@dataclass(frozen=True)
class FuzzyMatch:
    """How well a query matched a name, and where its letters are (indexes into the name)."""

    score: float
    positions: tuple[int, ...]


def _word_starts(text: str) -> list[bool]:
    """Which letters start a word: the first, one after a non-alphanumeric, a capital after a
    lower-case letter (camelCase), a digit after a letter."""
    starts = []
    previous = ""
    for char in text:
        start = (
            not previous
            or (not previous.isalnum() and char.isalnum())
            or (previous.islower() and char.isupper())
            or (previous.isalpha() and char.isdigit())
        )
        starts.append(start)
        previous = char
    return starts


def _is_subsequence(query: str, text: str) -> bool:
    at = 0
    for char in query:
        at = text.find(char, at) + 1
        if at == 0:
            return False
    return True


def _fold(text: str) -> str:
    """``text`` lower-cased letter by letter: one letter for each (index-preserving)."""
    return "".join(c.lower()[:1] or c for c in text)


def fuzzy_match(query: str, text: str) -> FuzzyMatch | None:
    """How ``query`` matches ``text`` (None: its letters are not all in ``text`` in order).

    An empty query (or one of spaces only) matches everything with score 0.
    """
    # Lower-casing letter by letter keeps every index pointing at the letter of ``text``; the
    # query is folded the same way ("İ" lower-cases to two letters), or it could never match.
    needle = _fold("".join(query.split()))
    if not needle:
        return FuzzyMatch(0.0, ())
    hay = _fold(text)
    if not _is_subsequence(needle, hay):
        return None
    starts = _word_starts(text)
    n, m = len(needle), len(hay)
    if n * m > EXACT_CELLS:
        return _first_fit(needle, hay, starts)
    # score[i][j]: the best score with needle[i] placed at hay[j]; back[i][j]: where needle[i-1]
    # was placed for it.
    score = [[_NONE] * m for _ in range(n)]
    back = [[-1] * m for _ in range(n)]
    for j in range(m):
        if hay[j] == needle[0]:
            score[0][j] = MATCH + (WORD_START if starts[j] else 0.0) - LEADING_GAP * j
    for i in range(1, n):
        previous = score[i - 1]
        # The best previous placement k < j - 1, with its gap cost counted up to j - 1:
        # previous[k] - GAP * (j - 1 - k), kept as previous[k] + GAP * k.
        best, best_at = _NONE, -1
        for j in range(i, m):
            k = j - 2
            if k >= 0 and previous[k] != _NONE and previous[k] + GAP * k > best:
                best, best_at = previous[k] + GAP * k, k
            if hay[j] != needle[i]:
                continue
            own = MATCH + (WORD_START if starts[j] else 0.0)
            candidate, came_from = _NONE, -1
            if previous[j - 1] != _NONE:
                candidate, came_from = previous[j - 1] + CONSECUTIVE, j - 1
            if best != _NONE and best - GAP * (j - 1) > candidate:
                candidate, came_from = best - GAP * (j - 1), best_at
            if came_from >= 0:
                score[i][j] = candidate + own
                back[i][j] = came_from
    last = score[n - 1]
    end = max(range(m), key=lambda j: (last[j], -j))
    positions = [end]
    for i in range(n - 1, 0, -1):
        positions.append(back[i][positions[-1]])
    return FuzzyMatch(last[end], tuple(reversed(positions)))


def _first_fit(needle: str, hay: str, starts: list[bool]) -> FuzzyMatch:
    """Each letter of ``needle`` at its first occurrence after the previous one (``needle`` is
    known to be a subsequence of ``hay``), scored as the exact placement scores."""
    positions = []
    at = 0
    for char in needle:
        at = hay.find(char, at)
        positions.append(at)
        at += 1
    score = -LEADING_GAP * positions[0]
    for index, j in enumerate(positions):
        score += MATCH + (WORD_START if starts[j] else 0.0)
        if index:
            gap = j - positions[index - 1] - 1
            score += CONSECUTIVE if gap == 0 else -GAP * gap
    return FuzzyMatch(score, tuple(positions))


def fuzzy_rank(
    query: str, items: Iterable[T], key: Callable[[T], str]
) -> list[tuple[T, FuzzyMatch]]:
    """The items whose ``key`` matches ``query``, best first; equal scores keep the items'
    order (with an empty query: every item, in order)."""
    found: list[tuple[float, int, T, FuzzyMatch]] = []
    for index, item in enumerate(items):
        match = fuzzy_match(query, key(item))
        if match is not None:
            found.append((-match.score, index, item, match))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [(item, match) for _, _, item, match in found]
