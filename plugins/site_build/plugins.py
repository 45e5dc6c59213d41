"""Which plugin needs which: declared by each plugin, checked at start-up.

Pelican runs plugins' receivers of a signal in the order of `PLUGINS`, and our plugins hand
each other what they make through the build (`site_build.state`): the `listings` plugin makes
the site model that `feeds`, `seo`, `search_index`, `newsletter` and `incremental` read, so it
must be listed before them; `content_model` must be first (it reads the documents and begins
each run's state) and `atomic_output` last (it swaps in what every other plugin wrote). Each
plugin says so in code:

    PLUGIN = Plugin("feeds", needs={"listings": "the listings and terms of the site model"})

and calls `PLUGIN.check(pelican.settings)` at `initialized`: a plugin missing, or in the wrong
place, stops the build with one `settings:` line, before anything is read. `requires` names
plugins that must be in PLUGINS wherever they are (`incremental` links files from the output
that `atomic_output` swapped in). The first plugin also checks, with `check_loaded`, that
Pelican loaded every name in PLUGINS (Pelican only logs a misspelt one and builds without
it), and what the theme's templates need (`THEME_NEEDS`).
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field

from .settings import SettingsError
from .site_inputs import PACKAGES  # plugins/: the names a misspelt plugin is compared with
from .state import session_of


def plugin_names(settings) -> list[str]:
    """The names in PLUGINS, in order (a plugin given as a module by its module's name)."""
    names = []
    for plugin in settings.get("PLUGINS") or []:
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", str(plugin))
        names.append(name.removeprefix("pelican.plugins."))
    return names


@dataclass(frozen=True)
class Plugin:
    """A plugin's place among the others: `needs` maps each plugin that must come before it
    to what it takes from that one; `first` / `last`: it must be first / last in PLUGINS."""

    name: str
    needs: dict[str, str] = field(default_factory=dict)
    first: bool = False
    last: bool = False
    requires: dict[str, str] = field(default_factory=dict)

    def problem(self, names: list[str]) -> str | None:
        """What is wrong with this plugin's place in `names` (PLUGINS), or None."""
        if self.name not in names:
            return None  # loaded some other way: nothing to say of its place
        at = names.index(self.name)
        order = ", ".join(names)
        for need, what in self.needs.items():
            if need not in names:
                return (
                    f"PLUGINS: {self.name} needs {need} ({what}); add '{need}' before "
                    f"'{self.name}' (PLUGINS is now: {order})"
                )
            if names.index(need) > at:
                return (
                    f"PLUGINS: {need} must come before {self.name}, which reads {what}; "
                    f"move '{need}' before '{self.name}' (PLUGINS is now: {order})"
                )
        for need, what in self.requires.items():
            if need not in names:
                return (
                    f"PLUGINS: {self.name} needs {need} ({what}); add '{need}' "
                    f"(PLUGINS is now: {order})"
                )
        if self.first and at != 0:
            return f"PLUGINS: {self.name} must be first (PLUGINS is now: {order})"
        if self.last and at != len(names) - 1:
            return (
                f"PLUGINS: {self.name} must be last: whatever writes into the output has to "
                f"run before it swaps the output in (PLUGINS is now: {order})"
            )
        return None

    def check(self, settings) -> None:
        """At start-up: a wrong place stops the build with one `settings:` line."""
        problem = self.problem(plugin_names(settings))
        if problem is not None:
            raise SettingsError(problem)


#: What the theme's templates use of the plugins (filters, globals): without one of them,
#: every page fails to render. Checked with the first plugin's settings.
THEME_NEEDS = {
    "i18n": "gettext in the page's language, chrome_language and LANGUAGES",
    "listings": "its filters country_name, language_name and local_date",
    "media": "its filter video and global lead_picture",
    "seo": "its global structured_data and the Content-Security-Policy",
    "newsletter": "its globals issue_label and event_plain",
}


def note_asked_plugins() -> None:
    """Keep PLUGINS as it was asked for. Called from the first plugin's `register()`: Pelican
    (`Pelican.init_plugins`) replaces PLUGINS with the plugins it could load once every
    `register()` ran, and only logs the others, so by the first signal a misspelt name is
    gone. `register()` gets no arguments: the Pelican object is found in its caller's frame.
    If Pelican's code moves, nothing is kept and `check_loaded` says nothing of misspellings
    (tests/test_plugins_order.py fails first)."""
    from pelican import Pelican

    frame = sys._getframe(1)
    while frame is not None:
        pelican = frame.f_locals.get("self")
        if frame.f_code.co_name == "init_plugins" and isinstance(pelican, Pelican):
            session_of(pelican.settings).asked_plugins = plugin_names(pelican.settings)
            return
        frame = frame.f_back


def check_loaded(pelican) -> None:
    """At start-up, with the first plugin's settings: every name asked for in PLUGINS was
    loaded (a misspelt `feed` is only logged by Pelican, which then builds a site without
    feeds); every loaded plugin is in its place; the theme has the plugins it needs."""
    names = plugin_names(pelican.settings)
    ours = sorted(
        name
        for name in os.listdir(PACKAGES)
        if os.path.isfile(os.path.join(PACKAGES, name, "__init__.py"))
    )
    for name in session_of(pelican.settings).asked_plugins or []:
        if name not in names:
            near = difflib.get_close_matches(name, ours, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise SettingsError(f"PLUGINS: '{name}' could not be loaded{hint}")
    for module in pelican.plugins:  # each plugin's own check, at once, before the theme's
        declared = getattr(module, "PLUGIN", None)
        if isinstance(declared, Plugin):
            declared.check(pelican.settings)
    for need, what in THEME_NEEDS.items():
        if need not in names:
            raise SettingsError(
                f"PLUGINS: the theme needs {need} ({what}); add '{need}' (PLUGINS is now: "
                f"{', '.join(names)})"
            )
