"""Settings: TOML, env overrides, profiles, credential files and clear errors."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from pydantic import SecretStr

from cliq_tui.api import OAuthRefresh, StaticToken
from cliq_tui.api.errors import ConfigError
from cliq_tui.storage.config import Profile, Settings, UiSettings, check_base_url, load_settings
from cliq_tui.storage.credentials import StoredCredentials, read_credentials, write_credentials

REPO = Path(__file__).resolve().parents[1]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def _load(path: Path | None, **env: str) -> Settings:
    return load_settings(path, env=env)


def _creds() -> StoredCredentials:
    return StoredCredentials(
        client_id="1000.ABC",
        client_secret=SecretStr("the-secret"),
        refresh_token=SecretStr("the-refresh"),
        data_centre="eu",
    )


def test_no_file_and_no_env_means_no_account(tmp_path: Path) -> None:
    settings = _load(None, CLIQ_TUI_CONFIG=str(tmp_path / "absent.toml"))

    assert settings.profile() is None
    assert settings.ui.theme == "textual-dark"


def test_an_explicit_config_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        _load(tmp_path / "nope.toml")


def test_a_profile_with_a_data_centre_gets_both_urls(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[profiles.eu]\ndata_centre = "eu"\nclient_id = "c"\n'
        'client_secret = "s"\nrefresh_token = "r"\n',
    )

    profile = _load(path).profile()

    assert profile is not None
    assert (profile.name, profile.cliq_url, profile.oauth_url) == (
        "eu",
        "https://cliq.zoho.eu",
        "https://accounts.zoho.eu",
    )
    assert isinstance(profile.make_auth(), OAuthRefresh)
    assert profile.token_kind == "OAuth refresh token"


def test_default_profile_picks_among_several(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'default_profile = "b"\n[profiles.a]\naccess_token = "ta"\n'
        '[profiles.b]\naccess_token = "tb"\ndata_centre = "in"\n',
    )

    profile = _load(path).profile()

    assert profile is not None and profile.name == "b"
    assert profile.cliq_url == "https://cliq.zoho.in"


def test_several_profiles_without_a_default_ask_for_one(tmp_path: Path) -> None:
    path = _write(tmp_path, '[profiles.a]\naccess_token = "x"\n[profiles.b]\naccess_token = "y"\n')

    with pytest.raises(ConfigError, match="default_profile"):
        _load(path).profile()


def test_cliq_profile_selects_a_profile(tmp_path: Path) -> None:
    path = _write(tmp_path, '[profiles.a]\naccess_token = "x"\n[profiles.b]\naccess_token = "y"\n')

    profile = _load(path, CLIQ_PROFILE="b").profile()

    assert profile is not None and profile.name == "b"


def test_an_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, '[profiles.work]\naccess_token = "x"\n')

    with pytest.raises(ConfigError, match="work"):
        _load(path).profile("home")


def test_env_base_url_and_token_override_the_profile(tmp_path: Path) -> None:
    path = _write(tmp_path, '[profiles.work]\ndata_centre = "eu"\naccess_token = "x"\n')

    profile = _load(
        path, CLIQ_BASE_URL="http://127.0.0.1:8765", CLIQ_ACCESS_TOKEN="env-token"
    ).profile()

    assert profile is not None
    assert profile.cliq_url == "http://127.0.0.1:8765"
    auth = profile.make_auth()
    assert isinstance(auth, StaticToken)


def test_command_line_arguments_beat_the_environment(tmp_path: Path) -> None:
    settings = load_settings(
        None,
        env={
            "CLIQ_TUI_CONFIG": str(tmp_path / "none.toml"),
            "CLIQ_BASE_URL": "https://a.zoho.com",
        },
        base_url="https://b.zoho.com",
        access_token="t",
    )

    profile = settings.profile()

    assert profile is not None and profile.cliq_url == "https://b.zoho.com"


def test_env_ui_settings_override_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, '[ui]\ntheme = "nord"\nread_only = false\n')

    settings = _load(path, CLIQ_THEME="dracula", CLIQ_READ_ONLY="true")

    assert settings.ui.theme == "dracula"
    assert settings.ui.read_only is True


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ('[profiles.x]\nbase_url = "http://cliq.zoho.com"\n', "profiles.x.base_url", "https"),
        ('[profiles.x]\ndata_centre = "mars"\n', "profiles.x.data_centre", "com, eu"),
        ('[profiles.x]\nacess_token = "typo"\n', "profiles.x.acess_token", "not a known"),
        ('[ui]\ntheme = "neon"\n', "ui.theme", "nord"),
        ('[ui]\npoll_interval = "often"\n', "ui.poll_interval", "expected"),
        ("[ui]\npoll_interval = 0.1\n", "ui.poll_interval", "greater than or equal to 1"),
        ('[ui.keymap]\nedit = " , "\n', "ui.keymap", "at least one key"),
        ("colour = 1\n", "colour", "not a known"),
    ],
)
def test_a_wrong_setting_names_the_file_the_key_and_what_is_expected(
    tmp_path: Path, text: str, key: str, expected: str
) -> None:
    path = _write(tmp_path, text)

    with pytest.raises(ConfigError) as caught:
        _load(path)

    line = str(caught.value)
    assert line.startswith(f"{path}: {key}: ")
    assert expected in line
    assert "\n" not in line


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "[profiles\n")

    with pytest.raises(ConfigError, match=str(path)):
        _load(path)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://localhost:1", "http://[::1]:80", "https://x.y"]
)
def test_https_or_loopback_http_base_urls_are_accepted(url: str) -> None:
    assert check_base_url(url + "/") == url


@pytest.mark.parametrize("url", ["http://10.0.0.1", "ftp://cliq.zoho.com", "cliq.zoho.com"])
def test_other_base_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        check_base_url(url)


def test_a_profile_without_credentials_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, '[profiles.x]\ndata_centre = "eu"\n')

    with pytest.raises(ConfigError, match="auth login"):
        _load(path).profile()


def test_secrets_never_show_in_a_profile_repr(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[profiles.x]\naccess_token = "tok-123"\nclient_id = "c"\n'
        'client_secret = "sec-456"\nrefresh_token = "ref-789"\n',
    )

    settings = _load(path)
    text = repr(settings) + repr(settings.profile()) + str(settings.profile())

    assert not [s for s in ("tok-123", "sec-456", "ref-789") if s in text]


# --- credential files ----------------------------------------------------------------------


def test_credentials_are_written_owner_only(tmp_path: Path) -> None:
    path = write_credentials(tmp_path / "creds" / "work.json", _creds())

    assert (path.stat().st_mode & 0o777) == 0o600
    assert read_credentials(path).refresh_token.get_secret_value() == "the-refresh"


def test_a_group_readable_credentials_file_is_refused(tmp_path: Path) -> None:
    path = write_credentials(tmp_path / "work.json", _creds())
    os.chmod(path, 0o640)

    with pytest.raises(ConfigError, match="chmod 600"):
        read_credentials(path)


def test_a_credentials_file_named_by_the_profile_fills_the_oauth_fields(tmp_path: Path) -> None:
    creds = write_credentials(tmp_path / "elsewhere.json", _creds())
    path = _write(tmp_path, f'[profiles.work]\ncredentials_file = "{creds}"\n')

    profile = _load(path).profile()

    assert profile is not None
    assert profile.has_oauth
    assert profile.cliq_url == "https://cliq.zoho.eu"


def test_auth_login_credentials_are_found_without_a_config_entry(tmp_path: Path) -> None:
    write_credentials(tmp_path / "credentials" / "home.json", _creds())

    settings = _load(None, CLIQ_TUI_CONFIG=str(tmp_path / "config.toml"))
    profile = settings.profile()

    assert profile is not None
    assert profile.name == "home"
    assert profile.client_id == "1000.ABC"


def test_the_example_config_is_valid_and_documents_every_setting() -> None:
    example = REPO / "config.example.toml"
    text = example.read_text()
    data = tomllib.loads(text)

    settings = load_settings(example, env={})

    assert settings.default_profile == data["default_profile"]
    documented = [*Settings.model_fields, *UiSettings.model_fields, *Profile.model_fields]
    assert [name for name in documented if name != "name" and name not in text] == []


def test_the_example_config_names_every_environment_variable() -> None:
    from cliq_tui.storage.config import ENV_VARIABLES

    text = (REPO / "config.example.toml").read_text()

    assert "CLIQ_PROFILE" in ENV_VARIABLES and "CLIQ_THEME" in ENV_VARIABLES
    assert [n for n in ENV_VARIABLES if n not in text] == []
