"""Settings of the content model: all under the `CONTENT_` prefix, defaults, checked at start-up."""

from __future__ import annotations

import os

from site_build.settings import SettingsError

DEFAULTS = {
    # Write drafts at their URL (never listed, fed or indexed) to preview them locally.
    "CONTENT_DRAFTS_PREVIEW": False,
    # "error": HTML outside the policy fails the build; "clean": it is removed, with a warning.
    "CONTENT_UNSAFE_HTML": "error",
    # Validate all content, print the problems, and stop before anything is written.
    "CONTENT_CHECK_ONLY": False,
    # "plain": `file:line: message`; "github": also `::error file=…,line=…::` annotations.
    "CONTENT_ERROR_FORMAT": "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "plain",
    # Where parsed documents are kept between builds (parse_cache.py); None: <project>/.cache/
    # content, "": no cache.
    "CONTENT_CACHE_DIR": None,
    # Processes that parse documents; None: one per core.
    "CONTENT_JOBS": None,
    # Keep parsed documents in memory between builds of one process (the live-reload server).
    "CONTENT_CACHE_MEMORY": False,
    # Files of content/extra/ published although their kind is not on the allow-list
    # (schema.EXTRA_KINDS): patterns of their paths under content/extra/, e.g.
    # ["google0123abcd.html"]. Such a file is published as it is, unchecked.
    "CONTENT_EXTRA_ALLOW": (),
    # The largest content file (bytes) a build reads: one file must not keep CI busy for minutes.
    "CONTENT_MAX_FILE_BYTES": 1_000_000,
}
CHOICES = {
    "CONTENT_UNSAFE_HTML": ("error", "clean"),
    "CONTENT_ERROR_FORMAT": ("plain", "github"),
}
BOOLEANS = ("CONTENT_DRAFTS_PREVIEW", "CONTENT_CHECK_ONLY", "CONTENT_CACHE_MEMORY")


def _as_bool(name, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no", ""):
        return value.lower() in ("true", "1", "yes")
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def plugin_settings(settings) -> dict:
    """The plugin's settings with defaults filled in; a wrong value stops the build."""
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    for name in BOOLEANS:
        values[name] = _as_bool(name, values[name])
    for name, allowed in CHOICES.items():
        if values[name] not in allowed:
            raise SettingsError(f"{name} must be one of {', '.join(allowed)}, not {values[name]!r}")
    cache = values["CONTENT_CACHE_DIR"]
    if cache is None:
        project = os.path.dirname(os.path.abspath(settings.get("PATH") or "content"))
        values["CONTENT_CACHE_DIR"] = os.path.join(project, ".cache", "content")
    elif not isinstance(cache, str):
        raise SettingsError(f"CONTENT_CACHE_DIR must be a folder or '', not {cache!r}")
    jobs = values["CONTENT_JOBS"]
    if jobs is None:
        values["CONTENT_JOBS"] = os.cpu_count() or 1
    elif isinstance(jobs, str) and jobs.isdigit():
        values["CONTENT_JOBS"] = int(jobs)
    if not isinstance(values["CONTENT_JOBS"], int) or values["CONTENT_JOBS"] < 1:
        raise SettingsError(f"CONTENT_JOBS must be a whole number ≥ 1, not {jobs!r}")
    values["CONTENT_EXTRA_ALLOW"] = _patterns("CONTENT_EXTRA_ALLOW", values["CONTENT_EXTRA_ALLOW"])
    limit = values["CONTENT_MAX_FILE_BYTES"]
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise SettingsError(
            f"CONTENT_MAX_FILE_BYTES must be a whole number of bytes ≥ 1, not {limit!r}"
        )
    return values


def _patterns(name, value) -> tuple[str, ...]:
    """A list of path patterns under a content folder: no `..`, no absolute path."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise SettingsError(f"{name} must be a list of file patterns, not {value!r}")
    for pattern in value:
        if (
            not isinstance(pattern, str)
            or not pattern.strip()
            or pattern.startswith("/")
            or ".." in pattern.split("/")
        ):
            raise SettingsError(
                f"{name}: each item must be a path under content/extra/ such as "
                f"'google0123.html' (no '/' first, no '..'), not {pattern!r}"
            )
    return tuple(value)
