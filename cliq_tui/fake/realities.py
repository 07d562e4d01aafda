"""Named sets of the fake's reality switches: the ways the real Cliq may differ from the spec.

Each switch is a :class:`~cliq_tui.fake.config.FakeConfig` field; a reality is a coherent set
of them, so tests (and ``cliq-tui fake-server --reality NAME``) can run the client against
each plausible service at once. ``default`` is the most likely reality; the sources behind each
switch are in cliq_tui/fake/README.md.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from cliq_tui.fake.config import FakeConfig

# The switches a reality sets (every other FakeConfig field is left alone).
SWITCHES = (
    "create_answer",
    "chats_paging",
    "chats_filtered_order",
    "chat_types",
    "status_triggers",
    "throttle_form",
    "message_cap",
    "strict_pagination",
    "error_codes",
    "token_limit_status",
    "expires_in_unit",
    "scope_error_status",
)

_DEFAULTS = {f.name: f.default for f in fields(FakeConfig) if f.name in SWITCHES}

REALITIES: dict[str, dict[str, Any]] = {
    # The most likely service: what Zoho's published files and reports agree on.
    "default": dict(_DEFAULTS),
    # Exactly as our v3 spec shows it (and the old guesses of this fake).
    "spec": {
        **_DEFAULTS,
        "create_answer": "v3",
        "chats_paging": "none",
        "throttle_form": "429",
        "message_cap": None,
        "strict_pagination": False,
        "token_limit_status": 400,
    },
    # The v3 documents read strictly: cursors everywhere, separate pagination modes, 429,
    # oldest first under modified_* filters, and the spec's own example (a check-in message in
    # a DM) taken at its word: every trigger everywhere.
    "strict-v3": {
        **_DEFAULTS,
        "chats_filtered_order": "oldest",
        "status_triggers": "everywhere",
        "throttle_form": "429",
        "scope_error_status": 403,
    },
    # An account still answering as in the v2 era: no chat cursor, v2 chat types, status
    # triggers only in DMs (third-party v2 code), errors without codes.
    "v2-era": {
        **_DEFAULTS,
        "chats_paging": "none",
        "chats_filtered_order": "oldest",
        "chat_types": "v2",
        "status_triggers": "only_in_dms",
        "strict_pagination": False,
        "error_codes": False,
        "expires_in_unit": "ms",
    },
}

NAMES = tuple(REALITIES)


def apply_reality(config: FakeConfig, name: str) -> FakeConfig:
    """``config`` with the switches of reality ``name`` (ValueError for an unknown name)."""
    try:
        switches = REALITIES[name]
    except KeyError:
        raise ValueError(f"unknown reality {name!r}; one of {', '.join(NAMES)}") from None
    return replace(config, reality=name, **switches)


def reality_config(name: str, **overrides: Any) -> FakeConfig:
    """A fresh config of reality ``name`` with other fields from ``overrides``."""
    return apply_reality(FakeConfig(**overrides), name)
