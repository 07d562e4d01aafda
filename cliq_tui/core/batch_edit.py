"""One edit applied to several messages: what the user set, and what it does to each message.

Every field the user leaves blank keeps each message's own value; what the user sets applies to
every message it can apply to. A message the change would leave as it is gets no request (it is
skipped, and the plan says so), and a request carries only what changes for that message.

How the time fields combine with each message's schedule (a time-based message is a wall time in
a zone, as Cliq's own time picker shows it):

- a time typed (``tomorrow 10:00``) is read in the zone set, or else in each message's own zone;
  a relative time (``+2h``) is the same instant for all;
- a zone alone keeps each message's time of day and date, in the new zone: 09:00 Europe/London
  becomes 09:00 Asia/Tokyo (delivered at 09:00 in Tokyo), as the edit dialog does for one
  message; a trigger-based message has no time to keep, so a zone alone leaves it as it is;
- a trigger chosen applies to every message, time-based ones included.

No Textual here: the batch edit dialog shows the plan, the dashboard sends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from cliq_tui.api.errors import InputError
from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.api.validation import EDIT_TEXT_MAX
from cliq_tui.base.textsafe import visible
from cliq_tui.core import timeparse
from cliq_tui.core.format import plural, quoted
from cliq_tui.core.requests import EditRequest

Mode = Literal["time", "status"]


@dataclass(frozen=True)
class BatchEditChoice:
    """What the user set in the batch edit dialog; a blank field keeps each message's value.

    ``mode`` says which schedule fields count: ``when`` and ``zone`` for "time", ``status`` for
    "status" (the others are ignored, as the dialog hides them).
    """

    text: str = ""
    mode: Mode = "time"
    when: str = ""
    zone: str = ""
    status: ScheduleStatus | None = None
    remove_file: bool = False

    @property
    def new_text(self) -> str | None:
        """The text to give every text message; None keeps each one's (blank or only spaces)."""
        return self.text if self.text.strip() else None

    @property
    def sets_time(self) -> bool:
        """True when a time or a zone is set (and counts)."""
        return self.mode == "time" and bool(self.when.strip() or self.zone.strip())

    @property
    def is_blank(self) -> bool:
        """True when the user set nothing at all."""
        trigger = self.mode == "status" and self.status is not None
        return not (self.new_text is not None or self.sets_time or trigger or self.remove_file)


@dataclass(frozen=True)
class MessagePlan:
    """What the choice does to one message in one line (``09:00 Europe/London → 10:00
    Asia/Tokyo (in 20h) · text unchanged``), and the request to send (None: skipped) or why
    the change cannot apply to it (``problem``)."""

    message: ScheduledMessage
    line: str
    request: EditRequest | None
    problem: str | None = None

    @property
    def skipped(self) -> bool:
        """True when the choice leaves this message as it is (nothing is sent for it)."""
        return self.request is None and self.problem is None


@dataclass(frozen=True)
class BatchEditPlan:
    """The choice applied to each message, and a field that cannot be read (``error``)."""

    choice: BatchEditChoice
    items: tuple[MessagePlan, ...]
    error: str | None = None
    error_field: Literal["text", "when", "zone"] | None = None
    # The zone a trigger-based message moved to a time is read in (None: this machine's).
    local_zone: str | None = None

    @property
    def to_send(self) -> list[MessagePlan]:
        """The messages to edit, each with its own request."""
        return [item for item in self.items if item.request is not None]

    @property
    def skipped(self) -> list[MessagePlan]:
        """The messages the change leaves as they are."""
        return [item for item in self.items if item.skipped]

    @property
    def problems(self) -> list[MessagePlan]:
        """The messages the change cannot apply to (a time that has passed)."""
        return [item for item in self.items if item.problem is not None]

    @property
    def summary(self) -> str:
        """``2 to change, 1 unchanged (skipped)``."""
        if self.error:
            return "Fix the field marked ✗ to see what changes."
        if self.choice.is_blank:
            return "Nothing set yet: each message stays as it is."
        parts = [f"{len(self.to_send)} to change"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} unchanged (skipped)")
        if self.problems:
            parts.append(f"{len(self.problems)} refused")
        return ", ".join(parts)

    @property
    def refusal(self) -> str | None:
        """Why nothing may be sent yet, in one line; None when the plan can be sent."""
        if self.error:
            return self.error
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return f"{quoted(first.message.preview or first.message.id, 24)} {first.problem}{more}."
        if not self.to_send:
            if self.choice.is_blank:
                return "Nothing set: every field is blank, so each message stays as it is."
            return "Nothing to change: every message already is as set."
        return None


# --- the plan ---------------------------------------------------------------------------------


def plan_batch_edit(
    messages: Sequence[ScheduledMessage],
    choice: BatchEditChoice,
    *,
    now: datetime,
    local_zone: str | None = None,
) -> BatchEditPlan:
    """What ``choice`` does to each of ``messages`` at ``now``; never raises.

    ``local_zone`` is the zone a trigger-based message moved to a time is read in when no zone
    is set (this machine's by default).
    """
    plan = _plan(messages, choice, now=now, local_zone=local_zone)
    return replace(plan, local_zone=local_zone)


def replan(
    plan: BatchEditPlan, messages: Sequence[ScheduledMessage], now: datetime
) -> BatchEditPlan:
    """The same choice applied to ``messages`` as they are now (another window may have
    changed them while the dialog was open)."""
    return plan_batch_edit(messages, plan.choice, now=now, local_zone=plan.local_zone)


def _plan(
    messages: Sequence[ScheduledMessage],
    choice: BatchEditChoice,
    *,
    now: datetime,
    local_zone: str | None,
) -> BatchEditPlan:
    text = choice.new_text
    if text is not None and len(text) > EDIT_TEXT_MAX:
        over = len(text) - EDIT_TEXT_MAX
        error = f"The text is {plural(over, 'character')} over the limit of {EDIT_TEXT_MAX}."
        return BatchEditPlan(choice, _as_they_are(messages, now), error, "text")
    new_zone: ZoneInfo | None = None
    if choice.mode == "time" and choice.zone.strip():
        try:
            new_zone = timeparse.resolve_timezone(choice.zone)
        except InputError as exc:
            return BatchEditPlan(choice, _as_they_are(messages, now), exc.message, "zone")
    fallback = _zone(local_zone or timeparse.local_timezone_name())
    items = []
    for message in messages:
        try:
            items.append(_plan_one(message, choice, new_zone, fallback, now))
        except InputError as exc:  # the time typed cannot be read (in any zone)
            return BatchEditPlan(choice, _as_they_are(messages, now), exc.message, "when")
    return BatchEditPlan(choice, tuple(items))


def _as_they_are(messages: Sequence[ScheduledMessage], now: datetime) -> tuple[MessagePlan, ...]:
    plans = []
    for message in messages:
        current = current_schedule(message, now)
        plans.append(MessagePlan(message, current, None))
    return tuple(plans)


def _plan_one(
    message: ScheduledMessage,
    choice: BatchEditChoice,
    new_zone: ZoneInfo | None,
    fallback: ZoneInfo | None,
    now: datetime,
) -> MessagePlan:
    current = current_schedule(message, now)
    schedule = current
    notes: list[str] = []
    text = _text_change(message, choice.new_text, notes)
    schedule_time: datetime | None = None
    timezone: str | None = None
    status: ScheduleStatus | None = None
    problem: str | None = None
    reason: str | None = None  # why the schedule set does not apply to this message
    if choice.mode == "status" and choice.status is not None:
        if message.time is not None or message.schedule_status != choice.status:
            status = choice.status
            schedule = f"{current} → {choice.status.label}"
    elif choice.sets_time:
        when = choice.when.strip()
        if message.time is None and not when:
            reason = "a zone alone changes timed messages only"
        else:
            own_zone = _zone(message.timezone)
            zone = new_zone or own_zone or fallback
            if when:
                target = timeparse.parse_typed(when, tz=zone or _utc(), now=now).when
            else:  # a zone alone: the same wall time, in the new zone
                assert message.time is not None
                wall = message.time.astimezone(own_zone or message.time.tzinfo)
                target = wall.replace(tzinfo=zone)
            zone_name = zone.key if zone is not None else None
            moved = message.time is None or target != message.time
            rezoned = zone_name is not None and (
                message.time is None or own_zone is None or zone_name != own_zone.key
            )
            if moved or rezoned:
                new = shown_schedule(target, zone, now, since=message.time, was=own_zone)
                schedule = f"{current} → {new} ({timeparse.format_relative(target, now)})"
                if moved:
                    schedule_time = target
                    if target <= now:
                        full = shown_schedule(target, zone, now)
                        problem = f"would move to {full}, which has passed"
                        schedule = f"{current} → {new}: that time has passed"
                if rezoned:
                    timezone = zone_name
    remove_file = False
    if choice.remove_file:
        remove_file = message.is_file
        notes.append("file removed" if message.is_file else "no file to remove")
    request = EditRequest(text, schedule_time, timezone, status, remove_file)
    if problem is None and request.is_empty:
        if choice.is_blank:
            notes.append("unchanged")
        elif reason:
            notes.append(f"skipped: {reason}")
        else:
            notes.append("skipped" if notes else "skipped: already as set")
    elif reason:
        notes.insert(0, f"trigger kept: {reason}")
    line = " · ".join([schedule, *notes])
    if problem is not None:
        return MessagePlan(message, f"✗ {line}", None, problem)
    return MessagePlan(message, line, None if request.is_empty else request)


def _text_change(message: ScheduledMessage, text: str | None, changes: list[str]) -> str | None:
    """The text to send to ``message`` (None: none), with what happens to it in ``changes``."""
    if text is None:
        return None
    if message.is_file:
        changes.append("file message: text cannot be edited")
        return None
    if text == message.text:
        changes.append("text unchanged")
        return None
    changes.append(f"text → {quoted(text, 30)}")
    return text


def time_note(plan: BatchEditPlan, now: datetime) -> tuple[str, bool]:
    """The line under the time fields: the problem (True), or how the fields are read."""
    choice = plan.choice
    if plan.error_field in ("when", "zone"):
        return f"✗ {plan.error}", True
    when, zone = choice.when.strip(), choice.zone.strip()
    if not when and not zone:
        return "Blank: each message keeps its own time and zone.", False
    if not when:
        name = _zone(zone)
        shown = name.key if name is not None else zone
        return (
            f"A zone alone keeps each message's date and time of day, now in {shown} "
            "(09:00 stays 09:00, there).",
            False,
        )
    if not zone:
        return "The time is read in each message's own zone.", False
    new_zone = _zone(zone)
    if new_zone is None:
        return "", False
    try:
        target = timeparse.parse_typed(when, tz=new_zone, now=now).when
    except InputError as exc:
        return f"✗ {exc.message}", True
    shown = timeparse.format_in_zone(target, new_zone, _pattern(target, now))
    return f"→ {shown} {new_zone.key} ({timeparse.format_relative(target, now)})", False


# --- words -----------------------------------------------------------------------------------


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return timeparse.resolve_timezone(name) if name else None
    except InputError:
        return None


def _utc() -> ZoneInfo:
    return ZoneInfo("UTC")


def _pattern(when: datetime, now: datetime, *, date: bool = True) -> str:
    if not date:
        return "%H:%M"
    return "%a %d %b %H:%M" if when.year == now.year else "%a %d %b %Y %H:%M"


def current_schedule(message: ScheduledMessage, now: datetime) -> str:
    """A message's schedule as the plan names it: ``Wed 25 Nov 09:00 Europe/London``."""
    if message.time is not None:
        return shown_schedule(message.time, _zone(message.timezone), now, label=message.timezone)
    if message.schedule_status is not None:
        return message.schedule_status.label
    return "no schedule"


def shown_schedule(
    when: datetime,
    zone: tzinfo | None,
    now: datetime,
    *,
    label: str | None = None,
    since: datetime | None = None,
    was: tzinfo | None = None,
) -> str:
    """``when`` as a wall time in ``zone`` with the zone's name; the date is left out when it is
    the date of ``since`` (the time it replaces, read in ``was``)."""
    local = timeparse.in_zone(when, zone) if zone is not None else when
    if local is None:
        return when.isoformat(timespec="minutes")
    date = True
    if since is not None:
        before = timeparse.in_zone(since, was) if was is not None else since
        date = before is None or before.date() != local.date()
    clock = timeparse.format_in_zone(when, local.tzinfo, _pattern(local, now, date=date))
    name = getattr(zone, "key", None) or (visible(label) if label else local.strftime("UTC%z"))
    return f"{clock} {name}"
