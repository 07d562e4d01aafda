"""Property tests of config loading: any file gives valid Settings or a ConfigError that names the
file, the key and what is expected; never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cliq_tui.api.auth import DATA_CENTRES
from cliq_tui.api.errors import ConfigError
from cliq_tui.storage.config import Settings, load_settings
from tests.support.toml_writer import document

text = st.text(st.characters(codec="utf-8"), max_size=30)  # no lone surrogates: TOML is UTF-8
scalars = text | st.integers() | st.floats() | st.booleans()
values = scalars | st.lists(scalars, max_size=3) | st.dictionaries(text, scalars, max_size=3)
urls = st.sampled_from(
    [
        "https://cliq.zoho.eu",
        "https://cliq.zoho.com/",
        "http://127.0.0.1:8080",
        "http://localhost",
        "http://[::1]:9",
        "http://example.com",
        "ftp://cliq.zoho.com",
        "https://",
        "https://cliq.zoho.com/?a=1",
        "cliq.zoho.com",
        "",
    ]
)
binding_ids = st.sampled_from(["edit", "delete", "refresh", "quit", "help", "nope", ""])
PROFILE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "data_centre": st.sampled_from([*DATA_CENTRES, "us", ""]),
    "base_url": urls,
    "accounts_url": urls,
    "access_token": text,
    "client_id": text,
    "client_secret": text,
    "refresh_token": text,
    "credentials_file": text,
    "name": text,
}
UI_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "theme": st.sampled_from(["nord", "textual-dark", "gruvbox", "no-such-theme", ""]),
    "poll_interval": st.floats() | st.integers(-10, 10_000),
    "read_only": st.booleans(),
    "keymap": st.dictionaries(binding_ids, text | st.sampled_from(["e,f2", " , ", "ctrl+"])),
}


def known_or_random(known: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A table of some known keys with plausible or random values, maybe a stray key."""
    key_values = st.sampled_from(sorted(known)).flatmap(
        lambda k: st.tuples(st.just(k), known[k] | values)
    )
    return st.lists(key_values | st.tuples(text, values), max_size=5).map(dict)


@st.composite
def config_files(draw: st.DrawFn) -> str:
    top: dict[str, Any] = {}
    tables: dict[tuple[str, ...], dict[str, Any]] = {}
    if draw(st.booleans()):
        top["default_profile"] = draw(text | st.sampled_from(["work", "eu"]) | values)
    if draw(st.integers(0, 9)) == 0:
        top[draw(st.sampled_from(["ui", "profiles"]))] = draw(values)  # a table that is not
    else:
        ui = draw(known_or_random(UI_VALUES))
        keymap = ui.pop("keymap", None)
        tables[("ui",)] = ui
        if isinstance(keymap, dict):
            tables[("ui", "keymap")] = keymap
        for name in draw(st.lists(st.sampled_from(["work", "eu", "x y", ""]) | text, max_size=2)):
            tables[("profiles", name)] = draw(known_or_random(PROFILE_VALUES))
    return document(top, tables)


def load_all(path: Path) -> Settings:
    """Everything the CLI and the app read from a config: settings, the profile, its auth."""
    loaded = load_settings(path, env={})
    profile = loaded.profile()
    if profile is not None:
        assert profile.cliq_url.startswith(("https://", "http://"))
        profile.make_auth()
    return loaded


def check_error_names_file_and_key(exc: ConfigError, path: Path) -> None:
    message = str(exc)
    assert message.strip()
    assert str(path) in message or (exc.path is not None and exc.path in message)
    if exc.key:
        assert exc.key in message, (exc.key, message)


@settings(max_examples=300, deadline=None)
@given(content=config_files())
@example(content="profiles = [1]\n")
@example(content='profiles = "work"\n')
@example(content="ui = 3\n")
@example(content="[profiles.work]\n")
@example(content="[profiles.a]\naccess_token = 'x'\n[profiles.b]\naccess_token = 'y'\n")
@example(content="default_profile = 'missing'\n")
@example(content="[profiles.w]\nbase_url = 'http://example.com'\naccess_token = 'x'\n")
def test_any_config_gives_settings_or_a_config_error_naming_file_and_key(content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(content, encoding="utf-8")
        try:
            load_all(path)
        except ConfigError as exc:
            check_error_names_file_and_key(exc, path)


tomlish = st.text(st.sampled_from(list("ab_.=[]{}\"'#,\n 019-+:tTzZ")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(raw=tomlish.map(str.encode) | st.binary(max_size=80))
@example(raw=b"x = '\xff'\n")
@example(raw=b"\xef\xbb\xbfx = 1\n")
@example(raw=b"\x00")
def test_any_bytes_give_settings_or_a_config_error_naming_the_file(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(raw)
        try:
            load_all(path)
        except ConfigError as exc:
            check_error_names_file_and_key(exc, path)


ENV_KEYS = ["CLIQ_POLL_INTERVAL", "CLIQ_READ_ONLY", "CLIQ_THEME", "CLIQ_BASE_URL"]


@settings(max_examples=200, deadline=None)
@given(env=st.dictionaries(st.sampled_from(ENV_KEYS), text, max_size=3))
def test_any_environment_gives_settings_or_a_config_error(env: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        try:
            loaded = load_settings(path, env=env)
            loaded.profile()
        except ConfigError as exc:
            assert str(exc).strip()
            if exc.key:
                assert exc.key in str(exc)


BAD_CONFIGS = {
    "a word for a number": (
        b'[ui]\npoll_interval = "fast"\n',
        "ui.poll_interval: expected a valid number",
    ),
    "nan for a number": (b"[ui]\npoll_interval = nan\n", "ui.poll_interval: expected a finite"),
    "unknown theme": (b'[ui]\ntheme = "nope"\n', "ui.theme: expected one of "),
    "unknown data centre": (
        b'[profiles.w]\ndata_centre = "us"\n',
        "profiles.w.data_centre: expected one of com, eu, in",
    ),
    "plain http": (
        b'[profiles.w]\nbase_url = "http://cliq.zoho.com"\n',
        "profiles.w.base_url: expected https (plain http is only allowed for 127.0.0.1/localhost)",
    ),
    "a sentence for a boolean": (
        b'[ui]\nread_only = "yes please"\n',
        "ui.read_only: expected a valid boolean",
    ),
    "unknown key": (b'colour = "red"\n', "colour: is not a known setting"),
    "profiles as a list": (b"profiles = [1]\n", "profiles: expected a table"),
    "ui as a number": (b"ui = 3\n", "ui: expected a table"),
    "a profile as a string": (b'[profiles]\nwork = "x"\n', "profiles.work: expected a table"),
    "keys as a number": (b"[ui.keymap]\nedit = 3\n", "ui.keymap.edit: expected a valid string"),
    "no keys": (b'[ui.keymap]\nedit = " , "\n', "ui.keymap: 'edit' needs at least one key"),
    "not UTF-8": (b"x = '\xff'\n", "not valid TOML (TOML files are UTF-8 text; byte 5 is not)"),
    "not TOML": (b"[ui\n", "not valid TOML ("),
    "no credentials": (
        b'default_profile = "w"\n[profiles.w]\nbase_url = "https://cliq.zoho.eu"\n',
        "profiles.w: no credentials: set access_token",
    ),
    "missing default": (
        b'default_profile = "nope"\n',
        "default_profile: no profile named 'nope' (known profiles: none).",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_a_config_error_names_the_file_the_key_and_what_is_expected(
    tmp_path: Path, case: str
) -> None:
    content, expected = BAD_CONFIGS[case]
    path = tmp_path / "config.toml"
    path.write_bytes(content)

    with pytest.raises(ConfigError) as refused:
        load_all(path)

    assert f"{path}: " in str(refused.value)
    assert expected in str(refused.value)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("CLIQ_POLL_INTERVAL", "fast", "CLIQ_POLL_INTERVAL: expected a valid number"),
        ("CLIQ_READ_ONLY", "maybe", "CLIQ_READ_ONLY: expected a valid boolean"),
        ("CLIQ_THEME", "nope", "CLIQ_THEME: expected one of "),
    ],
)
def test_a_bad_environment_variable_is_named_not_blamed_on_the_file(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui]\nread_only = false\n")

    with pytest.raises(ConfigError) as refused:
        load_settings(path, env={variable: value})

    assert f"the environment: {expected}" in str(refused.value)
    assert str(path) not in str(refused.value)
