"""A hostile organisation: what anyone who can rename a group, send a file or run a broken
server could put in front of the client.

Chat names, texts, file names and senders hold escape sequences (an OSC window title, a screen
clear, C1 controls, bidi overrides) and Rich markup; ids are ``.``, ``..`` and ``%2e``; some
items carry odd types (a number as file size, a time that is no time, text as a list) and
extreme times (years 1 and 9999). A correct client shows all of it visibly, keeps the readable
items usable, reports the rest by id and field, and never lets an id widen an action.
"""

from __future__ import annotations

import random

from cliq_tui.fake.model import FakeChat, FakeMessage, Person
from cliq_tui.fake.seeds.common import DAY, HOUR, USER, Seed, new_id

OSC_TITLE = "\x1b]0;PWNED\x07"
"""Sets the terminal's window (pane) title."""
CLEAR = "\x1b[2J\x1b[H"
"""Clears the screen and homes the cursor."""
C1_CSI = "\x9b31m"
"""A one-byte CSI (C1 control): red text on terminals that read C1."""
BIDI = "\u202etxt.exe"
"""A right-to-left override: shows as "exe.txt"."""

WIDE = "\uff37\uff49\uff44\uff45"
"""Fullwidth "Wide": two cells a character."""

_SENDER = Person("666", f"Mallory{OSC_TITLE}")


def _chat(chat_id: str, name: str, chat_type: str, now_ms: int, n: int) -> FakeChat:
    return FakeChat(
        chat_id=chat_id,
        name=name,
        chat_type=chat_type,
        participant_count=3,
        created_ms=now_ms - 90 * DAY,
        last_modified_ms=now_ms - n * HOUR,
        creator=_SENDER,
    )


def hostile_seed(now_ms: int, rng: random.Random) -> Seed:
    """The hostile data set (deterministic for a given ``rng``)."""
    chats = [
        _chat("CT_hostile_title", f"Ops{OSC_TITLE} room", "group_chat", now_ms, 1),
        _chat("CT_hostile_clear", f"Clear{CLEAR}me", "channel", now_ms, 2),
        _chat(
            "CT_hostile_markup",
            "[red]x[/] [link=https://evil.example]click[/link]",
            "channel",
            now_ms,
            3,
        ),
        _chat("CT_hostile_c1", f"C1{C1_CSI}chat {BIDI}", "group_chat", now_ms, 4),
        _chat(
            "CT_wide",
            "設計レビュー 🚀 \uff37\uff49\uff44\uff45\u200b\u200dzero",
            "group_chat",
            now_ms,
            5,
        ),
        # Ids a careless client would let vanish from a URL path.
        _chat(".", "Dot chat", "group_chat", now_ms, 6),
        _chat("%2e", "Encoded dot chat", "group_chat", now_ms, 7),
    ]
    soon = now_ms + 3 * HOUR
    far = now_ms + 3650 * DAY  # never delivered by the fake's clock during a session

    def message(chat_id: str, text: str, **kwargs: object) -> FakeMessage:
        fields: dict[str, object] = {
            "id": new_id(rng),
            "chat_id": chat_id,
            "timezone": "Asia/Kolkata",
            "created_ms": now_ms - 2 * HOUR,
            "sender": _SENDER,
            "creator": USER,
            "time_ms": soon,
            "text": text,
        }
        fields.update(kwargs)
        return FakeMessage(**fields)  # type: ignore[arg-type]

    messages = [
        message("CT_hostile_title", f"Title{OSC_TITLE} change"),
        message("CT_hostile_clear", f"Screen{CLEAR} clear", time_ms=soon + HOUR),
        message("CT_hostile_markup", "[bold red]markup[/] [link=https://evil.example]x[/link]"),
        message("CT_hostile_c1", f"C1 {C1_CSI}csi and {BIDI} and bell\x07 and DEL\x7f"),
        message(
            "CT_wide",
            "漢字とかな 🎉🎉 emoji, zero\u200bwidth, \uff46\uff55\uff4c\uff4c",
            status="check_out",
            time_ms=None,
        ),
        message(
            "CT_hostile_c1",
            f"report{OSC_TITLE}",
            type="file",
            file_name=f"invoice{CLEAR}{BIDI}",
            file_size="1 KB",
        ),
        # Hostile message ids: "." must never turn a delete of one into a delete of all.
        message("CT_hostile_title", "Message with id dot", id="."),
        message("CT_hostile_title", "Message with id dot-dot", id=".."),
        message("CT_hostile_title", "Message with id %2e", id="%2e"),
        message("CT_hostile_title", f"Message with an escape id{CLEAR}", id=f"esc{CLEAR}"),
        # A message in a chat whose id is ".": its chat actions must be refused, not widened.
        message(".", "In the dot chat"),
        # Odd types: harmless ones are read leniently, the rest reported by id and field.
        message(
            "CT_hostile_clear",
            "file size as a number",
            type="file",
            file_name="numbers.csv",
            raw={"message.content.file_size": 2048},
        ),
        message("CT_hostile_clear", "time as garbage", raw={"time": "garbage"}),
        message("CT_hostile_clear", "text as a list", raw={"message.content.text": ["a", "b"]}),
        message("CT_hostile_clear", "no message at all", raw={"message": None}),
        # Extreme times: the last minute of year 9999 behind UTC, the first of year 1 ahead.
        message(
            "CT_hostile_markup",
            "due in year 9999",
            time_ms=far,
            timezone="Etc/GMT+12",
            raw={"time": "9999-12-31T23:59:00-12:00"},
        ),
        message(
            "CT_hostile_markup",
            "due in year 1",
            time_ms=far,
            timezone="Pacific/Kiritimati",
            raw={"time": "0001-01-01T00:00:00+14:00"},
        ),
        message("CT_hostile_markup", "zone name with an escape", timezone=f"Evil{OSC_TITLE}"),
    ]
    return Seed(chats, messages)
