"""Every plugin's settings, read and checked one way.

Each plugin declares its settings once, under its one prefix (`PluginSettings`, a list of
`Setting`), and reads them with `.read(settings)`: defaults filled in, every value checked, and
a setting under the prefix that the plugin does not have (a misspelt `FEEDS_MAX_ITEM`) reported
with the nearest name. The first wrong one stops the build with one line, `settings: …`, exit
status 2, no traceback (`SettingsError`). The rules (docs/settings.md):

- a boolean is True or False, or one of the strings true/false, yes/no, 1/0 (any case), or
  the number 1 or 0; anything else, "" included, is wrong: an empty value is a mistake more
  often than a way to say no;
- a whole number is an int, or a string of digits;
- None is taken as it is where the default is None ("unset": the plugin computes the value).

`cache_dir(settings, name)` is where builds keep what they reuse: `<project>/.cache/<name>`,
the project being the folder that holds the content folder (`PATH`).
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pelican.settings import DEFAULT_CONFIG

TRUE = ("true", "yes", "1")
FALSE = ("false", "no", "0")


class SettingsError(SystemExit):
    """A wrong setting: one clear line, exit status 2, no traceback."""

    def __init__(self, message: str):
        print(f"settings: {message}", file=sys.stderr)
        super().__init__(2)


# -- checks: (name, value) -> the value to use, or SettingsError ----------------------------


def boolean(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in TRUE + FALSE:
        return value.lower() in TRUE
    raise SettingsError(f"{name} must be true or false (or yes/no, 1/0), not {value!r}")


def whole_number(minimum: int = 1, unit: str = "") -> Callable[[str, Any], int]:
    """A whole number ≥ `minimum` (`unit`: "bytes" says "a whole number of bytes")."""
    what = f"a whole number of {unit}" if unit else "a whole number"

    def check(name: str, value) -> int:
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        raise SettingsError(f"{name} must be {what} ≥ {minimum}, not {value!r}")

    return check


def choice(*allowed: str) -> Callable[[str, Any], str]:
    def check(name: str, value) -> str:
        if value in allowed:
            return value
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")

    return check


def path_patterns(under: str, example: str) -> Callable[[str, Any], tuple[str, ...]]:
    """A list of path patterns (`*`, `?`) under the folder `under`: none absolute, no `..`;
    one string is a list of one."""

    def check(name: str, value) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise SettingsError(f"{name} must be a list of file patterns, not {value!r}")
        for pattern in value:
            if (
                not isinstance(pattern, str)
                or not pattern.strip()
                or pattern.startswith("/")
                or ".." in pattern.split("/")
            ):
                raise SettingsError(
                    f"{name}: each item must be a path under {under} such as "
                    f"{example!r} (no '/' first, no '..'), not {pattern!r}"
                )
        return tuple(value)

    return check


def folder(empty: str = "") -> Callable[[str, Any], str]:
    """A folder's path; with `empty` (what "" means, e.g. "no cache"), "" is allowed too."""

    def check(name: str, value) -> str:
        if isinstance(value, str) and (value or empty):
            return value
        allowed = f"a folder or '' ({empty})" if empty else "a folder"
        raise SettingsError(f"{name} must be {allowed}, not {value!r}")

    return check


def text(name: str, value) -> str:
    """A string that is not empty."""
    if isinstance(value, str) and value.strip():
        return value
    raise SettingsError(f"{name} must be a text that is not empty, not {value!r}")


# -- a plugin's settings --------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Callable[[str, Any], Any]
    help: str = ""


@dataclass(frozen=True)
class PluginSettings:
    """The settings of one plugin, all named `prefix…`. `others`: names under the prefix that
    belong to other code (Pelican's own are known already, e.g. CONTENT_CACHING_LAYER)."""

    plugin: str
    prefix: str
    settings: tuple[Setting, ...]
    others: tuple[str, ...] = ()

    def __post_init__(self):
        for setting in self.settings:
            assert setting.name.startswith(self.prefix), setting.name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.settings)

    @property
    def defaults(self) -> dict:
        return {s.name: s.default for s in self.settings}

    def read(self, settings) -> dict:
        """The plugin's settings with defaults filled in and each one checked; a wrong value
        or an unknown name under the prefix stops the build with one line."""
        values = {}
        for setting in self.settings:
            value = settings.get(setting.name, setting.default)
            if not (value is None and setting.default is None):
                value = setting.check(setting.name, value)
            values[setting.name] = value
        self.check_names(settings)
        return values

    def check_names(self, settings) -> None:
        known = {*self.names, *self.others}
        names = settings.keys()  # a dict, or a template's context (no iteration of its own)
        ours = sorted(n for n in names if isinstance(n, str) and n.startswith(self.prefix))
        for name in ours:
            if name not in known and name not in DEFAULT_CONFIG:
                raise SettingsError(self.unknown(name))

    def unknown(self, name: str) -> str:
        cut = len(self.prefix)
        close = difflib.get_close_matches(name[cut:], [n[cut:] for n in self.names], n=1)
        message = f"{name} is not a setting of the {self.plugin} plugin"
        if close:
            return f"{message}; did you mean {self.prefix}{close[0]}?"
        if not self.names:
            return f"{message}, which has none (docs/settings.md)"
        return f"{message}; its settings are {', '.join(self.names)} (docs/settings.md)"


# -- where builds keep what they reuse ------------------------------------------------------


def project_dir(settings) -> str:
    """The folder that holds the content folder (`PATH`)."""
    return os.path.dirname(os.path.abspath(settings["PATH"]))


def cache_dir(settings, name: str) -> str:
    """`<project>/.cache/<name>`: the default home of the build's cache called `name`."""
    return os.path.join(project_dir(settings), ".cache", name)
