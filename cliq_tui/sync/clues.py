"""Which chat to list next: every clue the documented data gives about where a message is.

The documented global list says nothing about a message's chat, and each chat's listing costs
one of 20 requests a minute, so the order in which chats are listed decides how soon every
message is mapped. For each unmapped message the model weighs every chat it could still be in:

- **the text names the chat**: "Marta, can you..." names the DM with Marta Kowalski,
  "Offsite hotel block..." the group Berlin Offsite 2026, "@financeTeam" the channel Finance
  Team. A word weighs by how rare it is among the chat names (a name shared by three chats
  says less than a name only one chat has; "team" says little);
- **recency**: a message is likelier in a chat the user was recently active in (a Zipf-like
  prior over the chat list's recency order);
- **when the chat began**: a chat created after the message was scheduled cannot hold it;
- **the chat's type**: bots and threads rarely get scheduled messages; "Hi all", "team" and
  "everyone" speak to a group or channel, "our 1:1" to a DM; and a trigger fits the chat types
  where this account's mapped messages with that trigger are (check-in is refused in DMs in
  some realities and the only kind allowed in others: the account's own data decides).

Each message's weights are normalised over the chats still possible for it, and a chat's score
is the number of messages its listing is expected to map. Listing the best chat first,
then scoring again, is the greedy order this module gives the resolver.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from cliq_tui.api.models import Chat, ScheduledMessage


def _split(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about a chat.
_STOP = _split(
    "the and for you your our are was were this that with from have has had not but all any "
    "can will would could should please thanks thank hi hello hey dear its it's just into "
    "about when what who how why where there here them they then than also some more most "
    "very before after today tomorrow tonight monday tuesday wednesday thursday friday "
    "saturday sunday morning evening day week month year new get got let make need needs "
    "sure ready send see one two three done via per"
)
# Words that speak to several people: a group or a channel, not a DM.
_AUDIENCE = frozenset(
    {"all", "everyone", "everybody", "team", "folks", "guys", "people", "yall", "channel"}
)
_ONE_TO_ONE = re.compile(r"\b1\s*[:\-]\s*1\b|\bone[- ]on[- ]one\b", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[a-z0-9]+")

# A match on a word used by df of N chat names multiplies the odds by (N/df) ** MATCH_POWER.
MATCH_POWER = 2.0
# Cap on the log-odds one message's text can give one chat (several matching words add up).
MAX_MATCH = 12.0
# Recency prior: a mixture of "any chat" (share RECENCY_FLAT) and a Zipf-like weight
# 1 / (rank + RECENCY_OFFSET), rank 0 the most recently active chat. Recency orders chats
# without clues, but a message can be anywhere: a chat quiet for weeks that the text names
# must still beat a busy chat that merely shares a common word with it.
RECENCY_OFFSET = 3.0
RECENCY_FLAT = 0.5
# Seconds a chat's creation may follow a message's scheduling (a new DM may be created by it).
SLACK = 3600.0
# At most this many unmapped messages are scored at a time.
MAX_SCORED = 100
_KIND_PRIOR = {"dm": 1.0, "group": 1.0, "channel": 1.0, "other": 0.25}


def kind_of(chat_type: str | None) -> str:
    """dm, group, channel or other, for the v3 and the v2-era spellings of chat types."""
    kind = (chat_type or "").lower()
    if kind in ("direct_message", "dm", "direct", "directchat"):
        return "dm"
    if kind in ("group_chat", "group", "chat", "groupchat"):
        return "group"
    if kind == "channel":
        return "channel"
    return "other"


def words(text: str) -> set[str]:
    """The telling words of a text: lower case, camelCase split, no stop words, 3+ letters."""
    split = _CAMEL.sub(" ", text).lower()
    return {
        w
        for w in _WORD.findall(split)
        if w not in _STOP and (len(w) >= 3 or (len(w) == 2 and not w.isdigit() and w[1].isdigit()))
    }


def same_word(a: str, b: str) -> bool:
    """Equal, or the same long word with another ending (vendor/vendors, escalation/s)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and len(long_) - len(short) <= 3 and long_.startswith(short)


def message_words(message: ScheduledMessage) -> set[str]:
    """The words of a message's text, file comment and file name."""
    content = message.message.content
    parts = [content.text or "", content.comment or "", content.file_name or ""]
    return words(" ".join(parts))


def _trigger(message: ScheduledMessage) -> str:
    status = message.schedule_status
    return status.value if status is not None else "time"


class ClueModel:
    """Scores the chats still possible for each unmapped message (see the module text)."""

    def __init__(self) -> None:
        self._chat_words: dict[str, set[str]] = {}
        self._idf: dict[str, float] = {}
        self._rank: dict[str, int] = {}
        self._prior: dict[str, float] = {}
        self._created: dict[str, float] = {}
        self._kind: dict[str, str] = {}
        self._names_key: tuple[tuple[str, str], ...] = ()
        # (message id, its text) -> chat id -> log-odds from the text
        self._matches: dict[tuple[str, str], dict[str, float]] = {}

    def set_chats(self, chats: Iterable[Chat]) -> None:
        """Learn the chat names, types and recency order (cheap when nothing changed)."""
        listed = list(chats)
        key = tuple(sorted((c.chat_id, c.name or "") for c in listed))
        order = sorted(
            listed,
            key=lambda c: c.last_modified_time.timestamp() if c.last_modified_time else 0.0,
            reverse=True,
        )
        self._rank = {c.chat_id: i for i, c in enumerate(order)}
        zipf = [1.0 / (i + RECENCY_OFFSET) for i in range(len(order))]
        norm = sum(zipf) or 1.0
        flat = RECENCY_FLAT / max(1, len(order))
        self._prior = {
            c.chat_id: flat + (1.0 - RECENCY_FLAT) * zipf[i] / norm for i, c in enumerate(order)
        }
        self._kind = {c.chat_id: kind_of(c.chat_type) for c in listed}
        self._created = {
            c.chat_id: c.created_time.timestamp() for c in listed if c.created_time is not None
        }
        if key == self._names_key:
            return
        self._names_key = key
        self._chat_words = {c.chat_id: words(c.name or "") for c in listed}
        df = Counter(w for ws in self._chat_words.values() for w in ws)
        total = max(1, len(listed))
        self._idf = {w: math.log((total + 1) / (n + 1)) for w, n in df.items()}
        self._matches.clear()

    def _text_odds(self, message: ScheduledMessage) -> dict[str, float]:
        """Log-odds per chat id from the words of the message that name it."""
        key = (message.id, message.preview)
        cached = self._matches.get(key)
        if cached is not None:
            return cached
        said = message_words(message)
        hits: dict[str, float] = {}
        for word, idf in self._idf.items():
            if idf <= 0 or not any(same_word(word, w) for w in said):
                continue
            for chat_id, chat_words in self._chat_words.items():
                if word in chat_words:
                    hits[chat_id] = min(MAX_MATCH, hits.get(chat_id, 0.0) + MATCH_POWER * idf)
        self._matches[key] = hits
        return hits

    def _audience(self, message: ScheduledMessage) -> dict[str, float]:
        """How the text's way of speaking fits each chat kind."""
        content = message.message.content
        text = " ".join([content.text or "", content.comment or ""])
        if _ONE_TO_ONE.search(text):
            return {"dm": 4.0, "group": 0.5, "channel": 0.5}
        if words(text) & _AUDIENCE or re.search(r"\ball\b", text, re.IGNORECASE):
            return {"dm": 0.5, "group": 2.0, "channel": 2.0}
        return {}

    def scores(
        self,
        unmapped: list[ScheduledMessage],
        possible: Callable[[str, str], bool],
        mapped: Iterable[tuple[ScheduledMessage, str]],
    ) -> dict[str, float]:
        """Chat id -> how many unmapped messages its listing is expected to map.

        ``possible(message_id, chat_id)`` says whether the chat may still hold the message;
        ``mapped`` gives the account's mapped messages with their chat ids, whose triggers
        teach which chat kinds each trigger fits.
        """
        fit = self._trigger_fit(mapped)
        totals: dict[str, float] = {}
        # A big queue (thousands unmapped) is scored on a sample: the order barely changes and
        # the work stays a few milliseconds between two requests.
        for message in sorted(unmapped, key=lambda m: m.id)[:MAX_SCORED]:
            odds = self._text_odds(message)
            audience = self._audience(message)
            trigger = fit.get(_trigger(message), {})
            scheduled = message.created_time.timestamp() if message.created_time else None
            weights: dict[str, float] = {}
            for chat_id, prior in self._prior.items():
                if not possible(message.id, chat_id):
                    continue
                began = self._created.get(chat_id)
                if scheduled is not None and began is not None and began > scheduled + SLACK:
                    continue  # The chat did not exist yet when the message was scheduled.
                kind = self._kind.get(chat_id, "other")
                weight = _KIND_PRIOR[kind] * prior
                weight *= audience.get(kind, 1.0) * trigger.get(kind, 1.0)
                weights[chat_id] = weight * math.exp(odds.get(chat_id, 0.0))
            norm = sum(weights.values())
            if norm <= 0:
                continue
            for chat_id, weight in weights.items():
                totals[chat_id] = totals.get(chat_id, 0.0) + weight / norm
        return totals

    def _trigger_fit(
        self, mapped: Iterable[tuple[ScheduledMessage, str]]
    ) -> dict[str, dict[str, float]]:
        """Trigger -> chat kind -> how much likelier than average (smoothed, 0.25 to 4)."""
        pairs: Counter[tuple[str, str]] = Counter()
        by_kind: Counter[str] = Counter()
        by_trigger: Counter[str] = Counter()
        for message, chat_id in mapped:
            kind = self._kind.get(chat_id)
            if kind is None:
                continue
            trigger = _trigger(message)
            pairs[(trigger, kind)] += 1
            by_kind[kind] += 1
            by_trigger[trigger] += 1
        total = sum(by_kind.values())
        kinds = ("dm", "group", "channel", "other")
        fit: dict[str, dict[str, float]] = {}
        for trigger, count in by_trigger.items():
            fit[trigger] = {}
            for kind in kinds:
                given = (pairs[(trigger, kind)] + 1) / (count + len(kinds))
                overall = (by_kind[kind] + 1) / (total + len(kinds))
                fit[trigger][kind] = min(4.0, max(0.25, given / overall))
        return fit
