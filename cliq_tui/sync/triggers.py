"""What Cliq has said about status triggers in each kind of chat, remembered per profile.

Which chats accept which trigger is disputed (the spec's error table says check-in is refused
"e.g. in direct messages", its own example has a check-in message in a DM, and third-party code
says status triggers work only in DMs). The client does not guess: it sends, and remembers what
Cliq answered for that kind of chat (DM, group, channel, ...), so a dialog can say so next time.

The file is small JSON, written atomically with mode 0600. Its content is untrusted: anything
unreadable is ignored (and replaced on the next write), never fatal.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from cliq_tui.base.files import make_private_dir, read_regular

log = logging.getLogger(__name__)

_MAX_BYTES = 64_000
_MAX_WORDS = 300
_MAX_ENTRIES = 64
TRIGGERS = ("check_in", "check_out", "user_available", "call_end")


def default_path(profile: str) -> Path:
    """Where a profile's knowledge lives: the user data folder, one file per profile."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in profile)[:64] or "default"
    return Path(platformdirs.user_data_dir("cliq-tui")) / "learned" / f"{safe}.json"


@dataclass(frozen=True)
class Learned:
    """What Cliq answered the last time this trigger was used in this kind of chat."""

    accepted: bool
    words: str
    at: datetime


def _clean(text: object, limit: int = _MAX_WORDS) -> str:
    if not isinstance(text, str):
        return ""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(printable.split())[:limit]


class TriggerMemory:
    """Per chat kind and trigger: accepted or refused, with Cliq's words and when.

    ``path`` None keeps it in memory only (the demo).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._entries: dict[tuple[str, str], Learned] = {}
        self.problem: str | None = None
        self._load()

    # --- reading ---------------------------------------------------------------------------

    def learned(self, kind: str, trigger: str) -> Learned | None:
        """What is known about ``trigger`` in chats of ``kind``, if anything."""
        return self._entries.get((kind, trigger))

    def note(self, kind: str, trigger: str, label: str) -> str | None:
        """A sentence for a dialog about ``trigger`` (its ``label``) in a chat of ``kind``."""
        known = self.learned(kind, trigger)
        if known is None:
            return None
        chats = f"{kind}s" if kind in ("DM", "group", "channel", "bot") else f"{kind} chats"
        day = known.at.strftime("%Y-%m-%d")
        if known.accepted:
            return f"Cliq accepted {label} in {chats} before ({day})."
        if not known.words:
            return f"Cliq refused {label} in {chats} on {day}. You can still try."
        said = known.words if known.words[-1] in ".!?" else f"{known.words}."
        return f"Cliq refused {label} in {chats} on {day}, saying: {said} You can still try."

    # --- learning ----------------------------------------------------------------------------

    def record(
        self, kind: str, trigger: str, *, accepted: bool, words: str = "", at: datetime
    ) -> None:
        """Remember Cliq's answer and write the file (a failed write is logged, not raised)."""
        if trigger not in TRIGGERS:
            return
        entry = Learned(accepted, _clean(words), at)
        if self._entries.get((kind, trigger)) == entry:
            return
        self._entries[(_clean(kind, 40), trigger)] = entry
        self._save()

    # --- the file ------------------------------------------------------------------------------

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            raw = read_regular(self.path, _MAX_BYTES)  # never blocks on a FIFO
            if len(raw) > _MAX_BYTES:
                raise ValueError("too large")
            data = json.loads(raw)
            entries = data["triggers"]
            if not isinstance(entries, list):
                raise ValueError("not a list")
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            self.problem = f"ignored {self.path.name}: unreadable ({type(exc).__name__})"
            log.warning("trigger knowledge %s", self.problem)
            return
        for item in entries[:_MAX_ENTRIES]:
            parsed = _parse(item)
            if parsed is not None:
                key, learned = parsed
                self._entries[key] = learned

    def _save(self) -> None:
        if self.path is None:
            return
        items = [
            {
                "chat_kind": kind,
                "trigger": trigger,
                "accepted": known.accepted,
                "words": known.words,
                "at": known.at.astimezone(UTC).isoformat(timespec="seconds"),
            }
            for (kind, trigger), known in sorted(self._entries.items())[:_MAX_ENTRIES]
        ]
        body = json.dumps({"version": 1, "triggers": items}, indent=1)
        try:
            make_private_dir(self.path.parent)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".learned-")
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(body)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning("could not remember what Cliq said about triggers: %s", exc)


def _parse(item: object) -> tuple[tuple[str, str], Learned] | None:
    if not isinstance(item, dict):
        return None
    kind, trigger = item.get("chat_kind"), item.get("trigger")
    accepted, at = item.get("accepted"), item.get("at")
    if not isinstance(kind, str) or not kind or trigger not in TRIGGERS:
        return None
    if not isinstance(accepted, bool) or not isinstance(at, str):
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    if moment.tzinfo is None or not 1970 <= moment.year <= 9998:
        return None
    return (_clean(kind, 40), str(trigger)), Learned(accepted, _clean(item.get("words")), moment)
