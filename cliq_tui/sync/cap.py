"""Cliq's cap on pending scheduled messages per user, in the words the UI and CLI use.

Zoho's help: "You can schedule up to 25 messages in Cliq". The error for the 26th is not
documented (see :func:`cliq_tui.api.errors.is_cap_refusal`); the count is shown against the cap
so nobody runs into it blind, and a create beyond it is warned about before it is sent.
"""

from __future__ import annotations

MESSAGE_CAP = 25


def cap_count(pending: int) -> str:
    """``23/25 scheduled``; over the cap (an account over it) says so."""
    text = f"{pending}/{MESSAGE_CAP} scheduled"
    if pending > MESSAGE_CAP:
        return f"{text} (over Cliq's cap)"
    if pending == MESSAGE_CAP:
        return f"{text} (full)"
    return text


def cap_warning(pending: int) -> str | None:
    """What to tell someone about to schedule one more, or None when there is room."""
    if pending >= MESSAGE_CAP:
        return (
            f"You have {pending} scheduled messages and Cliq allows {MESSAGE_CAP}: it will "
            "likely refuse this one. Send or delete one first."
        )
    if pending == MESSAGE_CAP - 1:
        return f"This will be message {MESSAGE_CAP} of {MESSAGE_CAP}, the last one Cliq allows."
    return None
