"""Every spelling of ``chat_type`` Cliq has used, mapped to the kinds the user sees, in one place.

v3 answers spell them ``direct_message``, ``group_chat`` (also seen as ``group``), ``channel``,
``bot``, ``thread``; v2-era answers ``dm``, ``chat``, ``channel``, ``bot``, ``entity_chat``.
"""

from __future__ import annotations

DM = "DM"
GROUP = "group"
CHANNEL = "channel"
BOT = "bot"
THREAD = "thread"

_KINDS = {
    "direct_message": DM,
    "dm": DM,
    "direct": DM,
    "group_chat": GROUP,
    "group": GROUP,
    "chat": GROUP,
    "channel": CHANNEL,
    "bot": BOT,
    "thread": THREAD,
    "entity_chat": "entity chat",
    "crossproduct_custom_chat": "custom chat",
}


def chat_kind(chat_type: str | None) -> str:
    """The chat type in the user's words (DM, group, channel, bot, ...); unknown ones as given."""
    if not chat_type:
        return "chat"
    return _KINDS.get(chat_type.strip().lower(), chat_type)


def is_direct(chat_type: str | None) -> bool:
    """True for a one-to-one chat, in any spelling."""
    return chat_kind(chat_type) == DM
