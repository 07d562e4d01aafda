"""Property tests of the keymap parser: any config keymap gives usable bindings plus one warning
per entry dropped; never an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cliq_tui.api.errors import ConfigError
from cliq_tui.storage.config import load_settings
from cliq_tui.ui.keymap import check_keymap, describe, key_display, known_ids
from tests.support.toml_writer import document

KNOWN = sorted(known_ids())
ids = st.sampled_from(KNOWN) | st.text(max_size=12)
keys = st.text(max_size=20) | st.lists(
    st.sampled_from(["e", "f2", "ctrl+e", " ", "", "question_mark", "shift+tab", ",", "ü", "+"]),
    max_size=4,
).map(",".join)


@settings(max_examples=300, deadline=None)
@given(keymap=st.dictionaries(ids, keys, max_size=6))
@example(keymap={"edit": " , ,"})
@example(keymap={"": "e"})
@example(keymap={"edit": "e,,f2 "})
def test_check_keymap_keeps_what_is_usable_and_warns_about_the_rest(
    keymap: dict[str, str],
) -> None:
    usable, warnings = check_keymap(keymap)

    assert set(usable) <= set(keymap) & set(KNOWN)
    assert len(usable) + len(warnings) == len(keymap)
    for binding_id, chosen in usable.items():
        parts = chosen.split(",")
        assert parts and all(p and p == p.strip() for p in parts)
        assert parts == [k.strip() for k in keymap[binding_id].split(",") if k.strip()]
    for warning in warnings:
        assert warning.startswith("keymap: ")
    assert len(describe([], usable)) == 0  # describing works on any result


@settings(max_examples=200, deadline=None)
@given(chosen=keys)
def test_key_display_never_fails_and_shows_one_entry_per_key(chosen: str) -> None:
    shown = key_display(chosen)
    assert len(shown.split(", ")) == len(chosen.split(","))


@settings(max_examples=200, deadline=None)
@given(keymap=st.dictionaries(ids, keys | st.integers() | st.booleans(), max_size=4))
def test_a_keymap_in_the_config_loads_or_is_refused_naming_the_key(
    keymap: dict[str, object],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(document({}, {("ui", "keymap"): keymap}), encoding="utf-8")
        try:
            loaded = load_settings(path, env={})
        except ConfigError as exc:
            assert str(path) in str(exc)
            assert exc.key is not None and exc.key.startswith("ui.keymap")
            assert exc.key in str(exc)
            return
    usable, warnings = check_keymap(loaded.ui.keymap)
    assert len(usable) + len(warnings) == len(keymap)
