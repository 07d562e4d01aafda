"""The message subcommands of ``cliq-tui``: list, send-now, reschedule, edit, delete, create."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.errors import BadRequestError, CliqError, OutcomeUnknownError, is_cap_refusal
from cliq_tui.api.models import Chat, dump_message
from cliq_tui.base.textsafe import dumps_json, visible
from cliq_tui.cli.common import EXIT_OK, NO_ACCOUNT, PROG, Cancelled, UsageError
from cliq_tui.cli.listing import dump_listed, format_table, in_queue_order
from cliq_tui.cli.lookups import chat_title, check_editable, nothing_due, nothing_waits
from cliq_tui.core import timeparse
from cliq_tui.storage.config import Profile, load_settings
from cliq_tui.sync.cap import MESSAGE_CAP

__all__ = ["budget_path", "client_for", "format_table", "open_budgets", "run", "warn"]


def budget_path(profile: Profile) -> Path:
    """The account's rate budget, shared with every other process (see Profile.budget_path)."""
    return profile.budget_path()


def warn(text: str) -> None:
    """One warning line on stderr (the budget's own, said once per run)."""
    print(f"{PROG}: warning: {text}", file=sys.stderr)


def open_budgets(profile: Profile) -> RateBudgets:
    """The account's shared rate budget; its warnings go to stderr."""
    return shared_budgets(budget_path(profile), on_warning=warn)


def client_for(args: argparse.Namespace) -> tuple[CliqClient, Profile]:
    """A client for the profile the options, environment and config select.

    Its budget is the account's shared one: what every process spent in the last minute, and
    the locks the server reported (see :func:`budget_path`).
    """
    settings = load_settings(
        args.config, profile=args.profile, base_url=args.base_url, access_token=args.token
    )
    profile = settings.profile()
    if profile is None:
        raise UsageError(NO_ACCOUNT)
    client = CliqClient(
        profile.cliq_url, profile.make_auth(on_warning=warn), budgets=open_budgets(profile)
    )
    return client, profile


def run(args: argparse.Namespace) -> int:
    """Run one message subcommand."""
    handler = _HANDLERS[args.command]
    # Usage checks come first: nothing is loaded or sent for a command that cannot run.
    prepared = handler(args)
    client, profile = client_for(args)

    async def go() -> int:
        try:
            async with client:
                return await prepared(client, profile)
        finally:
            client.budgets.close()

    return asyncio.run(go())


Prepared = Callable[[CliqClient, Profile], Awaitable[int]]

# Cliq's answer to a bulk reschedule that matched no message.
_NO_PENDING = "scheduled_msg_no_pending_msgs"


# --- helpers ---------------------------------------------------------------------------------


def _zone(name: str | None) -> ZoneInfo:
    return timeparse.resolve_timezone(name or timeparse.local_timezone_name())


def _when(text: str, zone: ZoneInfo, option: str, far_ok: bool | None = None) -> datetime:
    """The time typed for ``option``; ``far_ok`` False refuses one more than a year ahead."""
    now = datetime.now(zone)
    try:
        when = timeparse.parse_when(text, tz=zone, now=now)
    except CliqError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if far_ok is False and timeparse.is_far_future(when, now):
        raise UsageError(
            f"{option}: {timeparse.describe_far_future(when)} Pass --far-future-ok if you mean it."
        )
    return when


def _emit(args: argparse.Namespace, human: str, data: Any) -> int:
    if args.json:
        print(dumps_json(data))
    else:
        print(visible(human))
    return EXIT_OK


# --- list ------------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> Prepared:
    async def go(client: CliqClient, profile: Profile) -> int:
        from cliq_tui.cli.resolve import cached_chats, list_with_chats

        unreadable: list[str] = []
        chats: dict[str, Chat] = {}
        if args.chat:
            listing = await client.list_chat_scheduled_messages(args.chat)
            items = listing.data
            unreadable = [item.describe() for item in listing.unreadable]
            chats = cached_chats(profile.name, client.base_url)
        else:
            items = await list_with_chats(
                client, profile.name, on_warning=warn, unreadable=unreadable, chats=chats
            )
        items = in_queue_order(items)
        if args.json:
            print(dumps_json([dump_listed(m, chats) for m in items]))
        else:
            print(format_table(items, chats=chats))
        # Items that could not be read are named on stderr; the rest were printed (exit 0).
        for line in unreadable:
            print(f"cliq-tui: warning: {visible(line)}", file=sys.stderr)
        return EXIT_OK

    return go


# --- changes ---------------------------------------------------------------------------------


def _send_now(args: argparse.Namespace) -> Prepared:
    async def go(client: CliqClient, profile: Profile) -> int:
        if args.all:
            await client.send_all_now(args.chat)
            return _emit(
                args,
                f"Sent every pending message in chat {args.chat} now.",
                {"ok": True, "action": "send_all_now", "chat_id": args.chat},
            )
        await client.send_now(args.chat, args.id)
        return _emit(
            args,
            f"Sent message {args.id} now.",
            {"ok": True, "action": "send_now", "chat_id": args.chat, "id": args.id},
        )

    return go


def _reschedule(args: argparse.Namespace) -> Prepared:
    by_time = args.from_time is not None or args.to_time is not None
    by_status = args.from_status is not None or args.to_status is not None
    if by_time == by_status:
        raise UsageError(
            "reschedule: give --from-time and --to-time, or --from-status and --to-status."
        )
    if by_time:
        if args.from_time is None or args.to_time is None:
            raise UsageError("reschedule: --from-time and --to-time go together.")
        zone = _zone(args.timezone)
        old = _when(args.from_time, zone, "--from-time")
        new = _when(args.to_time, zone, "--to-time", args.far_future_ok)
    else:
        if args.timezone:
            raise UsageError("reschedule: --timezone only applies to --from-time/--to-time.")
        if args.from_status is None or args.to_status is None:
            raise UsageError("reschedule: --from-status and --to-status go together.")

    async def go(client: CliqClient, profile: Profile) -> int:
        try:
            if by_time:
                moved = await client.reschedule_time_based(
                    args.chat, time=old, new_time=new, timezone=args.timezone
                )
            else:
                moved = await client.reschedule_status_based(
                    args.chat, existing_status=args.from_status, new_status=args.to_status
                )
        except BadRequestError as exc:
            if exc.code != _NO_PENDING:
                raise
            moved = []
        if not moved:
            # "No pending messages in this chat" is not the news: say what is due there.
            from cliq_tui.cli.resolve import cached_chats

            title = chat_title(args.chat, cached_chats(profile.name, client.base_url))
            if by_time:
                raise await nothing_due(client, args.chat, old, title)
            raise await nothing_waits(client, args.chat, args.from_status, title)
        return _emit(
            args,
            f"Rescheduled {len(moved)} message(s) in chat {args.chat}.",
            [dump_message(m) for m in moved],
        )

    return go


def _edit(args: argparse.Namespace) -> Prepared:
    if args.time is not None and args.status is not None:
        raise UsageError("edit: give --time or --status, not both.")
    if not (args.text is not None or args.time or args.status or args.remove_file):
        raise UsageError("edit: nothing to change; give --text, --time, --status or --remove-file.")
    when = (
        _when(args.time, _zone(args.timezone), "--time", args.far_future_ok) if args.time else None
    )
    if args.timezone and when is None:
        raise UsageError("edit: --timezone goes with --time.")

    async def go(client: CliqClient, profile: Profile) -> int:
        if args.text is not None or args.remove_file:
            # The dashboard and the CLI agree on what a message's type lets you change.
            await check_editable(
                client,
                args.chat,
                args.id,
                text=args.text is not None,
                remove_file=args.remove_file,
            )
        edited = await client.edit_message(
            args.chat,
            args.id,
            text=args.text,
            schedule_time=when,
            timezone=args.timezone or (timeparse.local_timezone_name() if when else None),
            status=args.status,
            remove_file=args.remove_file,
        )
        return _emit(args, f"Edited message {edited.id}.", dump_message(edited))

    return go


def _delete(args: argparse.Namespace) -> Prepared:
    if (args.id is None) == (not args.all):
        raise UsageError("delete: give a message ID or --all (not both).")
    what = (
        f"every scheduled message in chat {args.chat}"
        if args.all
        else f"scheduled message {args.id}"
    )
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"refusing to delete {what} without --yes (stdin is not a terminal).")
        try:
            answer = input(f"Delete {what}? This cannot be undone. [y/N] ").strip().lower()
        except EOFError:
            answer = ""
        if answer not in ("y", "yes"):
            raise Cancelled("nothing deleted.")

    async def go(client: CliqClient, profile: Profile) -> int:
        if args.all:
            await client.delete_all(args.chat)
        else:
            await client.delete_message(args.chat, args.id)
        data = {"ok": True, "action": "delete_all" if args.all else "delete", "chat_id": args.chat}
        if not args.all:
            data["id"] = args.id
        return _emit(args, f"Deleted {what}.", data)

    return go


def _create(args: argparse.Namespace) -> Prepared:
    if (args.time is None) == (args.status is None):
        raise UsageError("create: give --time or --status (exactly one).")
    if args.timezone and args.time is None:
        raise UsageError("create: --timezone goes with --time.")
    zone_name = args.timezone or timeparse.local_timezone_name()
    when = _when(args.time, _zone(zone_name), "--time", args.far_future_ok) if args.time else None

    async def go(client: CliqClient, profile: Profile) -> int:
        try:
            created = await client.create_message(
                args.chat,
                text=args.text,
                schedule_time=when,
                timezone=zone_name if when else None,
                status=args.status,
            )
        except BadRequestError as exc:
            if not is_cap_refusal(exc):
                raise
            said = f" Cliq said: {exc.api_message}" if exc.api_message else ""
            raise BadRequestError(
                f"Cliq refused the new message: you have as many scheduled messages as it allows "
                f"({MESSAGE_CAP} per user). Send or delete one first (`cliq-tui list` shows "
                f"them).{said}",
                status_code=exc.status_code,
                code=exc.code,
                api_message=exc.api_message,
                endpoint=exc.endpoint,
            ) from None
        except OutcomeUnknownError:
            # Running the command again could schedule the message twice: say how to look.
            raise OutcomeUnknownError(
                "The connection broke after the create request was sent: the message may or may "
                "not have been scheduled, and it was not repeated. Check with "
                f"`cliq-tui list --chat {args.chat}` before creating it again."
            ) from None
        if created is None:
            return _emit(
                args,
                f"Scheduled a new message in chat {args.chat}.",
                {"ok": True, "action": "create", "chat_id": args.chat},
            )
        return _emit(args, f"Scheduled message {created.id}.", dump_message(created))

    return go


_HANDLERS: dict[str, Callable[[argparse.Namespace], Prepared]] = {
    "list": _list,
    "send-now": _send_now,
    "reschedule": _reschedule,
    "edit": _edit,
    "delete": _delete,
    "create": _create,
}
