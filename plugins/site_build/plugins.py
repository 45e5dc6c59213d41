"""Which plugin needs which: declared by each plugin, checked at start-up.

Pelican runs plugins' receivers of a signal in the order of `PLUGINS`, and our plugins hand
each other what they make through the build (`site_build.state`): the `listings` plugin makes
the site model that `feeds`, `seo`, `search_index`, `newsletter` and `incremental` read, so it
must be listed before them; `content_model` must be first (it reads the documents and begins
each run's state) and `atomic_output` last (it swaps in what every other plugin wrote). Each
plugin says so in code:

    PLUGIN = Plugin("feeds", needs={"listings": "the listings and terms of the site model"})

and calls `PLUGIN.check(pelican.settings)` at `initialized`: a plugin missing, or in the wrong
place, stops the build with one `settings:` line, before anything is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .settings import SettingsError


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
