"""The heads-up settings: lead times from config.toml or CLIQ_HEADS_UP, refused in one line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cliq_tui.api.errors import ConfigError
from cliq_tui.storage.config import Settings, load_settings


def _load(tmp_path: Path, ui: str, env: dict[str, str] | None = None) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(f"[ui]\n{ui}\n")
    return load_settings(path, env=env or {})


def test_five_minutes_by_default_bell_and_desktop_off() -> None:
    ui = Settings().ui
    assert ui.heads_up_leads == (timedelta(minutes=5),)
    assert not ui.heads_up_bell and not ui.heads_up_desktop


def test_several_lead_times_from_the_file_and_the_variable_wins(tmp_path: Path) -> None:
    ui = _load(tmp_path, 'heads_up = ["5m", "1m"]\nheads_up_bell = true').ui
    assert ui.heads_up_leads == (timedelta(minutes=5), timedelta(minutes=1))
    assert ui.heads_up_bell
    assert _load(tmp_path, 'heads_up = ["5m"]', {"CLIQ_HEADS_UP": "90s, 10m"}).ui.heads_up == [
        "90s",
        "10m",
    ]
    assert _load(tmp_path, 'heads_up = ["5m"]', {"CLIQ_HEADS_UP": ""}).ui.heads_up_leads == ()
    assert _load(tmp_path, "heads_up = []").ui.heads_up_leads == ()
    assert _load(tmp_path, 'heads_up = "5m,1m"').ui.heads_up == ["5m", "1m"]  # as the variable


@pytest.mark.parametrize(
    ("ui", "env", "words"),
    [
        (
            'heads_up = ["5m", "soon"]',
            {},
            'config.toml: ui.heads_up: \'soon\' is not a lead time such as "5m", "90s", "1h" or '
            '"1h30m" (at most 24h)',
        ),
        ("heads_up = [5]", {}, 'ui.heads_up: expected lead times in quotes, e.g. ["5m", "1m"]'),
        ("heads_up = 5", {}, 'ui.heads_up: expected a list of lead times, e.g. ["5m", "1m"]'),
        ("", {"CLIQ_HEADS_UP": "2d"}, "the environment: CLIQ_HEADS_UP: '2d' is not a lead time"),
    ],
)
def test_a_wrong_lead_time_is_one_line_naming_its_source(
    tmp_path: Path, ui: str, env: dict[str, str], words: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, ui, env)
    message = str(caught.value)
    assert words in message and "\n" not in message
