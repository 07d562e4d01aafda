"""Property tests of per-item tolerance: one mutated item in a list page (any documented shape:
time-based text, status-based text, file) never hides the others. The odd item is either read
or reported by id and field; every other item comes through unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .test_response_properties import CALLS, json_values, run

MUTATED_ID = "mutated-item"


def _documented_items(spec_dir: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load((spec_dir / "scheduledmessages.openapi.yml").read_text("utf-8"))
    answer = spec["paths"]["/scheduledmessages"]["get"]["responses"]["200"]
    examples = answer["content"]["application/json"]["examples"]
    items = [item for ex in examples.values() for item in ex["value"]["data"]]
    assert {i.get("message", {}).get("type") for i in items} == {"text", "file"}
    assert any("time" in i for i in items) and any("schedule_status" in i for i in items)
    return items


@pytest.fixture(scope="module")
def documented(spec_dir: Path) -> list[dict[str, Any]]:
    return _documented_items(spec_dir)


# Every field path of an item, so a mutation can hit any of them.
def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    return found


@st.composite
def mutated_item(draw: st.DrawFn, item: dict[str, Any]) -> dict[str, Any]:
    """``item`` (its id kept readable) with one to three fields removed or retyped."""
    doc = copy.deepcopy(item)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p != ("id",)]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(
                json_values | st.sampled_from(["garbage", "9999-99-99", 1e308, -1, [], {}])
            )
    doc["id"] = MUTATED_ID
    return doc


def _page(items: list[dict[str, Any]]) -> bytes:
    return json.dumps({"sync_token": "s", "data": items}).encode()


quick = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@quick
@given(data=st.data(), which=st.integers(0, 2), where=st.integers(0, 3))
def test_one_mutated_item_never_hides_the_others(
    documented: list[dict[str, Any]], data: st.DataObject, which: int, where: int
) -> None:
    good = [dict(item, id=f"good-{i}") for i, item in enumerate(documented)]
    bad = data.draw(mutated_item(documented[which % len(documented)]))
    items = [*good[:where], bad, *good[where:]]
    for name in ("list", "list-chat"):
        listing = run(CALLS[name], 200, _page(items))
        read = {m.id for m in listing.data}
        assert {g["id"] for g in good} <= read
        # The odd one is read, or reported by id and field: never silently lost.
        reported = [u for u in listing.unreadable if u.id == MUTATED_ID]
        assert (MUTATED_ID in read) != bool(reported)
        for problem in reported:
            assert problem.field and "\n" not in problem.describe()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("message", "content", "file_size"), 2048),
        (("message", "content", "text"), 42),
        (("timezone",), 5.5),
        (("message",), None),
        (("message", "content"), None),
    ],
)
def test_harmless_odd_types_are_read_leniently(
    documented: list[dict[str, Any]], field: tuple[str, ...], value: Any
) -> None:
    item = copy.deepcopy(documented[2])
    parent = item
    for key in field[:-1]:
        parent = parent[key]
    parent[field[-1]] = value
    listing = run(CALLS["list"], 200, _page([item]))
    assert [m.id for m in listing.data] == [item["id"]]
    assert listing.unreadable == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("time",), "garbage"),
        (("message", "content", "text"), ["a", "list"]),
        (("schedule_status",), "on_full_moon"),
        (("created_time",), {"an": "object"}),
    ],
)
def test_an_unreadable_item_is_named_by_id_and_field(
    documented: list[dict[str, Any]], field: tuple[str, ...], value: Any
) -> None:
    bad = copy.deepcopy(documented[0])
    parent = bad
    for key in field[:-1]:
        parent = parent[key]
    parent[field[-1]] = value
    bad["id"] = MUTATED_ID
    listing = run(CALLS["list"], 200, _page([bad, documented[1], documented[2]]))
    assert [m.id for m in listing.data] == [documented[1]["id"], documented[2]["id"]]
    [problem] = listing.unreadable
    assert problem.id == MUTATED_ID
    assert problem.field.startswith(field[0])
    assert MUTATED_ID in problem.describe()


@example(deleted=[1, None, "x", {"a": 1}])
@given(deleted=st.lists(json_values, max_size=5))
@settings(deadline=None)
def test_odd_deleted_entries_keep_the_page(deleted: list[Any]) -> None:
    body = json.dumps({"sync_token": "s", "data": [], "deleted": deleted}).encode()
    listing = run(CALLS["list-incremental"], 200, body)
    assert all(isinstance(d, str) and d for d in listing.deleted)
