"""Switching profiles from the command palette: the app exits, the CLI restarts it on the other."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.bootstrap import build_app
from cliq_tui.storage.config import load_settings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.profiles import ProfileChoice, ProfileSwitch
from tests.support.app import run_from_palette
from tests.support.pilot import wait_for_queue, wait_until

SIZE = (160, 48)
CONFIG = (
    'default_profile = "work"\n'
    '[profiles.work]\naccess_token = "tw"\n'
    '[profiles.eu]\naccess_token = "te"\ndata_centre = "eu"\n'
)


async def test_the_palette_offers_each_other_profile_and_switching_exits_with_the_request(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    app.profiles = ProfileChoice(["work", "eu"], current="work")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await run_from_palette(pilot, app, "Switch profile")
        await wait_until(pilot, lambda: app.profiles.requested is not None, "the switch")
    assert app.profiles.requested == "eu"
    assert app.return_value == 0


def test_the_cli_restarts_the_dashboard_on_the_requested_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cliq_tui.cli.main import main

    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    runs: list[tuple[str | None, str | None]] = []
    read_only_runs: list[bool] = []

    def run_app(
        settings: Any, *, demo: bool, read_only: bool = False, switched_from: str | None = None
    ) -> int | ProfileSwitch:
        profile = settings.profile()
        runs.append((profile.name if profile else None, switched_from))
        read_only_runs.append(read_only)
        if len(runs) == 1:
            return ProfileSwitch("eu")  # as the palette does
        return 0

    module = types.ModuleType("cliq_tui.bootstrap")
    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cliq_tui.bootstrap", module)
    for name in ("CLIQ_PROFILE", "CLIQ_ACCESS_TOKEN", "CLIQ_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--config", str(config), "--read-only"]) == 0
    assert runs == [("work", None), ("eu", "work")]
    assert read_only_runs == [True, True]


def test_switching_to_a_broken_profile_stops_with_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cliq_tui.cli.main import main

    config = tmp_path / "config.toml"
    config.write_text(CONFIG + "[profiles.empty]\n", encoding="utf-8")
    monkeypatch.delenv("CLIQ_ACCESS_TOKEN", raising=False)

    def run_app(settings: Any, *, demo: bool, read_only: bool = False) -> ProfileSwitch:
        return ProfileSwitch("empty")

    module = types.ModuleType("cliq_tui.bootstrap")
    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cliq_tui.bootstrap", module)
    assert main(["--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "empty" in err and "Traceback" not in err


def test_the_factory_offers_the_other_configured_profiles_and_says_which_was_left(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    settings = load_settings(config, env={}, profile="eu")

    app = build_app(settings, demo=False, switched_from="work")

    assert app.profiles.current == "eu"
    assert app.profiles.others() == ["work"]
    assert app.profiles.switched_from == "work"


def test_the_demo_offers_every_configured_profile(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")

    app = build_app(load_settings(config, env={}), demo=True)

    assert app.profiles.current is None
    assert app.profiles.others() == ["work", "eu"]
