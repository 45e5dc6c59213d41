"""Settings of the content model: all under the `CONTENT_` prefix, defaults, checked at start-up
(read and checked by site_build.settings, the rules are there)."""

from __future__ import annotations

import os

from site_build.settings import (
    PluginSettings,
    Setting,
    boolean,
    cache_dir,
    choice,
    folder,
    path_patterns,
    whole_number,
)

SETTINGS = PluginSettings(
    plugin="content_model",
    prefix="CONTENT_",
    settings=(
        Setting("CONTENT_DRAFTS_PREVIEW", False, boolean,
                "Write drafts at their URL (never listed, fed or indexed) to preview them."),
        Setting("CONTENT_UNSAFE_HTML", "error", choice("error", "clean"),
                '"error": HTML outside the policy fails the build; "clean": it is removed, '
                "with a warning."),
        Setting("CONTENT_CHECK_ONLY", False, boolean,
                "Validate all content, print the problems, and stop before anything is "
                "written."),
        Setting("CONTENT_ERROR_FORMAT",
                "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "plain",
                choice("plain", "github"),
                '"plain": `file:line: message`; "github": also `::error file=…,line=…::` '
                "annotations."),
        Setting("CONTENT_CACHE_DIR", None, folder("no cache"),
                "Where parsed documents are kept between builds (parse_cache.py); None: "
                '<project>/.cache/content, "": no cache.'),
        Setting("CONTENT_JOBS", None, whole_number(1),
                "Processes that parse documents; None: one per core."),
        Setting("CONTENT_CACHE_MEMORY", False, boolean,
                "Keep parsed documents in memory between builds of one process (the "
                "live-reload server)."),
        Setting("CONTENT_EXTRA_ALLOW", (), path_patterns("content/extra/", "google0123.html"),
                "Files of content/extra/ published although their kind is not on the "
                "allow-list (schema.EXTRA_KINDS): patterns of their paths under "
                'content/extra/, e.g. ["google0123abcd.html"]. Published as they are, '
                "unchecked."),
        Setting("CONTENT_MAX_FILE_BYTES", 1_000_000, whole_number(1, "bytes"),
                "The largest content file (bytes) a build reads: one file must not keep CI "
                "busy for minutes."),
    ),
    # The seo plugin's: the Content-Security-Policy pages carry (set at start-up).
    others=("CONTENT_SECURITY_POLICY",),
)  # fmt: skip


def plugin_settings(settings) -> dict:
    """The plugin's settings with defaults filled in; a wrong value stops the build."""
    values = SETTINGS.read(settings)
    if values["CONTENT_CACHE_DIR"] is None:
        values["CONTENT_CACHE_DIR"] = cache_dir(settings, "content")
    if values["CONTENT_JOBS"] is None:
        values["CONTENT_JOBS"] = os.cpu_count() or 1
    return values
