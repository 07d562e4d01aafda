"""Where settings come from, as pydantic-settings sources: the TOML file and the ``CLIQ_*``
environment. Each source reads its input safely and answers for what it brings: a wrong value is
refused in one line naming that source (the file and key, or the variable) before the sources are
merged, so a mistake is never blamed on the wrong place.

Both are hand-written on pydantic-settings' public source API because its own cannot do the job:
``TomlConfigSettingsSource`` opens the file itself (it would block on a FIFO, read a device
without end, accept any size, and let a decode error out as a traceback), and
``EnvSettingsSource`` reads only ``os.environ`` and names a nested setting after its path
(``CLIQ_UI__THEME``) where ours are flat, documented names (``CLIQ_THEME``).
"""

from __future__ import annotations

import errno
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from cliq_tui.api.errors import ConfigError
from cliq_tui.base.files import NotARegularFile, read_regular
from cliq_tui.storage.config_errors import Loc, dotted, validated

__all__ = ["MAX_CONFIG_BYTES", "EnvSource", "TomlFileSource", "read_toml"]

# No config file is larger: anything bigger is not one (and is not read into memory).
MAX_CONFIG_BYTES = 1024 * 1024


class TomlFileSource(PydanticBaseSettingsSource):
    """The config file, read when the source is made (so a missing or unreadable file is the
    first thing reported) and checked against the model when pydantic-settings asks for it."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path, *, must_exist: bool) -> None:
        super().__init__(settings_cls)
        self.path = path
        self.data = read_toml(path, must_exist=must_exist)
        profiles = self.data.get("profiles")
        if isinstance(profiles, dict):
            for name, section in profiles.items():
                if isinstance(section, dict):
                    section.setdefault("name", name)  # a profile knows its table's name

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        # Checked as it will be used: a value a variable replaces is not the file's to answer for.
        validated(self.settings_cls, _beneath(self.data, self.current_state), str(self.path))
        return self.data


class EnvSource(PydanticBaseSettingsSource):
    """``CLIQ_*`` variables from ``environ`` (``os.environ`` or a test's mapping). ``names`` maps
    each variable, without the model's ``env_prefix``, to the setting it fills (a path in the
    model, e.g. ``("ui", "theme")``); the model's ``env_ignore_empty`` says whether an empty
    variable counts."""

    def __init__(
        self,
        settings_cls: type[BaseSettings],
        environ: Mapping[str, str],
        names: Mapping[str, Loc],
    ) -> None:
        super().__init__(settings_cls)
        prefix = self.config.get("env_prefix") or ""
        skip_empty = bool(self.config.get("env_ignore_empty"))
        self.found: dict[str, tuple[Loc, str]] = {}
        for suffix, loc in names.items():
            value = environ.get(f"{prefix}{suffix}")
            if value is not None and (value or not skip_empty):
                self.found[f"{prefix}{suffix}"] = (loc, value)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.values().get(field_name), field_name, False

    def variable(self, loc: Loc) -> str:
        """The variable that set the setting at ``loc`` (an error's location)."""
        for name, (where, _) in self.found.items():
            if tuple(loc[: len(where)]) == where:
                return name
        return dotted(loc)

    def values(self) -> dict[str, Any]:
        """The variables found, as the model's nested tables."""
        data: dict[str, Any] = {}
        for loc, value in self.found.values():
            table = data
            for part in loc[:-1]:
                table = table.setdefault(str(part), {})
            table[str(loc[-1])] = value
        return data

    def __call__(self) -> dict[str, Any]:
        data = self.values()
        if data:
            validated(self.settings_cls, data, "the environment", self.variable)
        return data


def _beneath(lower: dict[str, Any], upper: dict[str, Any]) -> dict[str, Any]:
    """``lower`` with the values of ``upper`` laid over it, table by table; a key that is not a
    table in ``lower`` stays as it is, so a wrong ``ui = 3`` is still the file's error."""
    merged = dict(lower)
    for key, value in upper.items():
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = _beneath(below, value)
        elif key not in merged or not isinstance(value, dict):
            merged[key] = value
    return merged


def read_toml(path: Path, *, must_exist: bool) -> dict[str, Any]:
    """The TOML document at ``path``, read without trusting what stands there; ``{}`` when it is
    absent and was not named explicitly. Every failure is one :class:`ConfigError` line."""
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)  # never blocks on a FIFO
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(
                f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB: not a config file.",
                path=str(path),
            )
        return tomllib.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply).", path=str(path)) from None
    except NotARegularFile as exc:
        what = "a directory" if exc.errno == errno.EISDIR else "a pipe, a socket or a device"
        raise ConfigError(
            f"{path}: not a config file: it is {what}, not a regular file.", path=str(path)
        ) from None
    except FileNotFoundError:
        if must_exist:
            raise ConfigError(f"{path}: the config file does not exist.", path=str(path)) from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML (TOML files are UTF-8 text; byte {exc.start} is not).",
            path=str(path),
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the file ({exc.strerror}).", path=str(path)
        ) from None
