"""Settings in layers: an option beats a CLIQ_* variable, which beats config.toml, which beats the
default; and each wrong value is refused in the exact words users see, naming its source."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cliq_tui.api.errors import ConfigError
from cliq_tui.storage.config import Settings, load_settings


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


FILE = (
    'default_profile = "work"\n'
    '[profiles.work]\nbase_url = "https://file.example"\naccess_token = "file-token"\n'
    '[profiles.eu]\ndata_centre = "eu"\naccess_token = "eu-token"\n'
    '[ui]\ntheme = "nord"\npoll_interval = 30\n'
)


@pytest.mark.parametrize(
    ("env", "options", "url", "token"),
    [
        ({}, {}, "https://file.example", "file-token"),
        ({"CLIQ_BASE_URL": "https://env.example"}, {}, "https://env.example", "file-token"),
        ({"CLIQ_ACCESS_TOKEN": "env-token"}, {}, "https://file.example", "env-token"),
        (
            {"CLIQ_BASE_URL": "https://env.example", "CLIQ_ACCESS_TOKEN": "env-token"},
            {"base_url": "https://option.example", "access_token": "option-token"},
            "https://option.example",
            "option-token",
        ),
        # An empty variable or option is unset: the next layer down shows through.
        ({"CLIQ_BASE_URL": ""}, {"base_url": ""}, "https://file.example", "file-token"),
    ],
)
def test_an_option_beats_a_variable_which_beats_the_file(
    tmp_path: Path, env: dict[str, str], options: dict[str, str], url: str, token: str
) -> None:
    profile = load_settings(_write(tmp_path, FILE), env=env, **options).profile()

    assert profile is not None and profile.name == "work"
    assert profile.cliq_url == url
    assert profile.access_token is not None
    assert profile.access_token.get_secret_value() == token


@pytest.mark.parametrize(
    ("env", "option", "chosen"),
    [
        ({}, None, "work"),  # the file's default_profile
        ({"CLIQ_PROFILE": "eu"}, None, "eu"),
        ({"CLIQ_PROFILE": "eu"}, "work", "work"),
        ({"CLIQ_PROFILE": ""}, None, "work"),
    ],
)
def test_the_profile_option_beats_cliq_profile_which_beats_default_profile(
    tmp_path: Path, env: dict[str, str], option: str | None, chosen: str
) -> None:
    settings = load_settings(_write(tmp_path, FILE), env=env, profile=option)

    profile = settings.profile()

    assert profile is not None and profile.name == chosen


def test_ui_variables_beat_the_file_key_by_key_and_the_defaults_fill_the_rest(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, FILE)

    from_file = load_settings(path, env={}).ui
    mixed = load_settings(path, env={"CLIQ_POLL_INTERVAL": "5"}).ui

    assert (from_file.theme, from_file.poll_interval, from_file.read_only) == ("nord", 30, False)
    assert (mixed.theme, mixed.poll_interval, mixed.read_only) == ("nord", 5, False)
    absent = {"CLIQ_TUI_CONFIG": str(tmp_path / "absent.toml")}
    assert load_settings(None, env=absent).ui.poll_interval is None


def test_the_themes_the_settings_accept_are_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    from cliq_tui.storage.config_model import THEMES

    assert sorted(THEMES) == sorted(BUILTIN_THEMES)


def test_settings_made_in_code_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIQ_THEME", "dracula")
    for name in ("UI", "ui"):  # as pydantic-settings' own source would name the fields
        monkeypatch.setenv(f"CLIQ_{name}", '{"theme": "dracula"}')
    for name in ("DEFAULT_PROFILE", "default_profile"):
        monkeypatch.setenv(f"CLIQ_{name}", "work")

    settings = Settings()

    assert (settings.ui.theme, settings.default_profile) == ("textual-dark", None)


# --- every message, word for word -----------------------------------------------------------

DC = "com, eu, in, com.au, jp, com.cn, sa, uk, ca"
NO_CREDENTIALS = (
    "no credentials: set access_token (or --token), or client_id + client_secret + "
    "refresh_token, or run `cliq-tui auth login`."
)
FILE_MESSAGES = {
    # Keys are spelled as documented: another case is another (unknown) key.
    "UI = {}\n": "UI: is not a known setting (see config.example.toml)",
    "[profiles.w]\nBase_URL = 'https://x.y'\n": (
        "profiles.w.Base_URL: is not a known setting (see config.example.toml)"
    ),
    "ui = 3\n": "ui: expected a table (a [section] or { key = value, ... })",
    "[profiles.w]\ndata_centre = 'us'\n": f"profiles.w.data_centre: expected one of {DC}",
    "[ui]\npoll_interval = 0\n": "ui.poll_interval: expected greater than or equal to 1",
    "[ui]\nread_only = 'yes please'\n": (
        "ui.read_only: expected a valid boolean, unable to interpret input"
    ),
    "[profiles.w]\ndata_centre = 'eu'\n": f"profiles.w: {NO_CREDENTIALS}",
    "default_profile = 'nope'\n": (
        "default_profile: no profile named 'nope' (known profiles: none)."
    ),
    "[profiles.a]\naccess_token = 'x'\n[profiles.b]\naccess_token = 'y'\n": (
        "several profiles (a, b) and no default_profile; name one with --profile or set "
        "default_profile."
    ),
}


@pytest.mark.parametrize("content", list(FILE_MESSAGES))
def test_a_wrong_file_is_refused_in_exactly_these_words(tmp_path: Path, content: str) -> None:
    path = _write(tmp_path, content)

    with pytest.raises(ConfigError) as refused:
        load_settings(path, env={}).profile()

    expected = FILE_MESSAGES[content]
    assert str(refused.value) == f"{path}: {expected}"


def test_a_file_that_is_not_a_file_or_too_large_is_refused_in_these_words(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "config.d"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))

    refusals = {}
    for path in (folder, fifo, big, tmp_path / "absent.toml"):
        with pytest.raises(ConfigError) as refused:
            load_settings(path, env={})
        refusals[path] = str(refused.value)

    assert refusals == {
        folder: f"{folder}: not a config file: it is a directory, not a regular file.",
        fifo: f"{fifo}: not a config file: it is a pipe, a socket or a device, not a regular file.",
        big: f"{big}: larger than 1024 KiB: not a config file.",
        tmp_path / "absent.toml": f"{tmp_path / 'absent.toml'}: the config file does not exist.",
    }


@pytest.mark.parametrize(
    ("env", "options", "expected"),
    [
        ({"CLIQ_THEME": ""}, {}, "the environment: CLIQ_THEME: expected one of "),
        (
            {"CLIQ_POLL_INTERVAL": "9999"},
            {},
            "the environment: CLIQ_POLL_INTERVAL: expected less than or equal to 3600",
        ),
        ({}, {"access_token": ""}, "--token: the access token is empty."),
        (
            {"CLIQ_ACCESS_TOKEN": "two words"},
            {},
            "the environment / command line: access_token: is not one word of printable ASCII",
        ),
        (
            {"CLIQ_DATA_CENTRE": "mars"},
            {},
            f"the environment / command line: data_centre: expected one of {DC}",
        ),
        (
            {},
            {"base_url": "http://cliq.zoho.com"},
            "the environment / command line: base_url: expected https (plain http is only "
            "allowed for 127.0.0.1/localhost)",
        ),
    ],
)
def test_a_wrong_variable_or_option_is_refused_in_these_words(
    tmp_path: Path, env: dict[str, str], options: dict[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(None, env={"CLIQ_TUI_CONFIG": str(tmp_path / "none.toml"), **env}, **options)

    assert str(refused.value).startswith(expected)
    assert "\n" not in str(refused.value)


def test_a_wrong_variable_is_named_before_a_wrong_file_and_a_wrong_file_table_is_not_hidden(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "ui = 3\n")

    with pytest.raises(ConfigError) as both:
        load_settings(path, env={"CLIQ_THEME": "nope"})
    with pytest.raises(ConfigError) as file_only:
        load_settings(path, env={"CLIQ_THEME": "nord"})

    assert str(both.value).startswith("the environment: CLIQ_THEME: expected one of ")
    # The variable's {"ui": {"theme": ...}} must not paper over the file's wrong [ui].
    assert (
        str(file_only.value)
        == f"{path}: ui: expected a table (a [section] or {{ key = value, ... }})"
    )


def test_a_file_value_a_variable_replaces_is_not_the_files_error(tmp_path: Path) -> None:
    path = _write(tmp_path, '[ui]\ntheme = "neon"\n')

    settings = load_settings(path, env={"CLIQ_THEME": "nord"})

    assert settings.ui.theme == "nord"
