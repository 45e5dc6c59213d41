"""Settings: one helper reads and checks every plugin's (plugins/site_build/settings.py).

A wrong value, or a name under a plugin's prefix that the plugin does not have, stops the
build with one line, `settings: …`, exit status 2; a boolean means the same in every plugin.
"""

from __future__ import annotations

import importlib

import pytest

from site_build.settings import (
    PluginSettings,
    Setting,
    SettingsError,
    boolean,
    cache_dir,
    choice,
    folder,
    path_patterns,
    whole_number,
)

from conftest import doc, new_site


def check_line(result) -> str:
    """The `settings:` line of a build that a setting stopped."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()[-1]


# -- the command line, as a contributor meets it --------------------------------------------


def test_a_misspelt_boolean_stops_the_build_instead_of_turning_reuse_off(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/a.md", doc())
    result = site.cli("-e", 'INCREMENTAL_REUSE="ture"')
    assert check_line(result) == (
        "settings: INCREMENTAL_REUSE must be true or false (or yes/no, 1/0), not 'ture'"
    )
    assert not site.output.exists()


def test_an_unknown_setting_under_a_plugins_prefix_gets_a_did_you_mean(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/a.md", doc())
    result = site.cli("-e", "FEEDS_MAX_ITEM=5")
    assert check_line(result) == (
        "settings: FEEDS_MAX_ITEM is not a setting of the feeds plugin; "
        "did you mean FEEDS_MAX_ITEMS?"
    )


def test_yes_and_no_strings_work_in_every_plugin_and_pelicans_own_settings_pass(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/a.md", doc(title="Published"))
    site.write("blog/draft.md", doc(title="Draft", status="draft"))
    result = site.cli(
        "-e", 'CONTENT_CACHE_DIR=""', 'CONTENT_DRAFTS_PREVIEW="yes"', 'FEEDS_STYLESHEET="No"',
        'SEARCH_INDEX="no"', 'INCREMENTAL_REUSE="NO"', 'CONTENT_CACHING_LAYER="reader"',
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (site.output / "blog" / "draft" / "index.html").exists()  # drafts previewed
    assert "xml-stylesheet" not in (site.output / "feed.xml").read_text()
    assert not (site.output / "pagefind").exists()
    assert "incremental:" not in result.stdout + result.stderr  # nothing reused, none counted


# -- each plugin's settings function --------------------------------------------------------

#: (module, function, boolean setting) for every boolean setting of every plugin.
BOOLEANS = [
    ("content_model.settings", "plugin_settings", "CONTENT_DRAFTS_PREVIEW"),
    ("content_model.settings", "plugin_settings", "CONTENT_CHECK_ONLY"),
    ("content_model.settings", "plugin_settings", "CONTENT_CACHE_MEMORY"),
    ("feeds.settings", "feed_settings", "FEEDS_STYLESHEET"),
    ("search_index", "search_settings", "SEARCH_INDEX"),
    ("search_index", "search_settings", "SEARCH_INDEX_LATER"),
    ("incremental", "incremental_settings", "INCREMENTAL_REUSE"),
]


#: What a boolean may be given as, and what it means.
SAME = [(True, True), ("yes", True), ("True", True), ("1", True), (1, True),
        (False, False), ("no", False), ("FALSE", False), ("0", False)]  # fmt: skip


@pytest.mark.parametrize(("module", "function", "name"), BOOLEANS)
def test_a_boolean_reads_the_same_in_every_plugin(tmp_path, module, function, name):
    read = getattr(importlib.import_module(module), function)
    site = new_site(tmp_path)
    for given, meant in SAME:
        assert read(site.settings(**{name: given}))[name] is meant, given
    for wrong in ["ture", "", "on", 2, None]:
        with pytest.raises(SystemExit) as stopped:
            read(site.settings(**{name: wrong}))
        assert stopped.value.code == 2


@pytest.mark.parametrize(
    ("module", "function"),
    [
        ("content_model.settings", "plugin_settings"),
        ("listings.settings", "listing_settings"),
        ("feeds.settings", "feed_settings"),
        ("event_calendar", "calendar_settings"),
        ("search_index", "search_settings"),
        ("incremental", "incremental_settings"),
        ("media", "media_settings"),
    ],
)
def test_the_projects_settings_are_all_known_to_their_plugin(tmp_path, module, function):
    """pelicanconf.py as it is, Pelican's defaults (CONTENT_CACHING_LAYER) and what other code
    sets on purpose (seo's CONTENT_SECURITY_POLICY, the live-reload server's
    SEARCH_INDEX_LATER) are never reported."""
    read = getattr(importlib.import_module(module), function)
    settings = new_site(tmp_path).settings(
        CONTENT_SECURITY_POLICY="default-src 'self'", SEARCH_INDEX_LATER=True
    )
    assert "CONTENT_CACHING_LAYER" in settings
    read(settings)


def test_every_cache_folder_is_under_the_project(tmp_path):
    from content_model.settings import plugin_settings
    from incremental import incremental_settings
    from media import media_settings

    settings = new_site(tmp_path).settings()
    cache = tmp_path / ".cache"
    assert plugin_settings(settings)["CONTENT_CACHE_DIR"] == str(cache / "content")
    assert media_settings(settings)["MEDIA_CACHE_DIR"] == str(cache / "images")
    assert incremental_settings(settings)["INCREMENTAL_CACHE_DIR"] == str(cache / "output")


# -- the helper itself ----------------------------------------------------------------------


def stopped_with(capsys, call) -> str:
    with pytest.raises(SettingsError) as stopped:
        call()
    assert stopped.value.code == 2
    return capsys.readouterr().err.strip()


def test_the_boolean_rule(capsys):
    for value in (True, "true", "TRUE", "Yes", "yes", "1", 1):
        assert boolean("X", value) is True
    for value in (False, "false", "False", "NO", "no", "0", 0):
        assert boolean("X", value) is False
    for value in ("ture", "", " yes", "on", 2, 1.0, None, []):
        line = stopped_with(capsys, lambda v=value: boolean("X_FLAG", v))
        assert line == f"settings: X_FLAG must be true or false (or yes/no, 1/0), not {value!r}"


def test_whole_numbers_choices_patterns_and_folders(capsys):
    assert whole_number()("N", 3) == 3
    assert whole_number()("N", "12") == 12
    for wrong in (0, -1, True, "lots", "١٢", 1.5, None):
        line = stopped_with(capsys, lambda w=wrong: whole_number()("N", w))
        assert line == f"settings: N must be a whole number ≥ 1, not {wrong!r}"
    assert stopped_with(capsys, lambda: whole_number(0, "bytes")("N", -1)) == (
        "settings: N must be a whole number of bytes ≥ 0, not -1"
    )
    assert choice("a", "b")("C", "b") == "b"
    assert stopped_with(capsys, lambda: choice("a", "b")("C", "c")) == (
        "settings: C must be one of a, b, not 'c'"
    )
    patterns = path_patterns("content/extra/", "x.html")
    assert patterns("P", "x.html") == ("x.html",)
    assert patterns("P", ["a/*.pdf", "b.txt"]) == ("a/*.pdf", "b.txt")
    for wrong in ("/etc/x", "../x", "a/../../x", " "):
        assert stopped_with(capsys, lambda w=wrong: patterns("P", w)) == (
            "settings: P: each item must be a path under content/extra/ such as 'x.html' "
            f"(no '/' first, no '..'), not {wrong!r}"
        )
    assert folder()("F", "/tmp/x") == "/tmp/x"
    assert stopped_with(capsys, lambda: folder()("F", "")) == "settings: F must be a folder, not ''"
    assert folder("no cache")("F", "") == ""
    assert stopped_with(capsys, lambda: folder("no cache")("F", 3)) == (
        "settings: F must be a folder or '' (no cache), not 3"
    )


def example_spec():
    return PluginSettings(
        plugin="feeds",
        prefix="FEEDS_",
        settings=(
            Setting("FEEDS_MAX_ITEMS", 20, whole_number()),
            Setting("FEEDS_STYLESHEET", True, boolean),
            Setting("FEEDS_SITEURL", None, lambda name, value: value),
        ),
        others=("FEEDS_OF_ANOTHER_PLUGIN",),
    )


def test_a_spec_fills_in_defaults_and_checks_each_value(capsys):
    spec = example_spec()
    assert spec.read({}) == {"FEEDS_MAX_ITEMS": 20, "FEEDS_STYLESHEET": True, "FEEDS_SITEURL": None}
    assert spec.read({"FEEDS_MAX_ITEMS": "5", "FEEDS_STYLESHEET": "no", "OTHER": 1}) == {
        "FEEDS_MAX_ITEMS": 5, "FEEDS_STYLESHEET": False, "FEEDS_SITEURL": None
    }  # fmt: skip
    assert stopped_with(capsys, lambda: spec.read({"FEEDS_STYLESHEET": None})) == (
        "settings: FEEDS_STYLESHEET must be true or false (or yes/no, 1/0), not None"
    )


def test_unknown_names_under_the_prefix_are_reported(capsys):
    spec = example_spec()
    assert stopped_with(capsys, lambda: spec.read({"FEEDS_STYLESHET": True})) == (
        "settings: FEEDS_STYLESHET is not a setting of the feeds plugin; "
        "did you mean FEEDS_STYLESHEET?"
    )
    assert stopped_with(capsys, lambda: spec.read({"FEEDS_COLOUR": "red"})) == (
        "settings: FEEDS_COLOUR is not a setting of the feeds plugin; its settings are "
        "FEEDS_MAX_ITEMS, FEEDS_STYLESHEET, FEEDS_SITEURL (docs/settings.md)"
    )
    # Names other code owns, and Pelican's own, are not the plugin's to report.
    spec.read({"FEEDS_OF_ANOTHER_PLUGIN": 1, "FEED_ALL_ATOM": None, "FEEDSX": 1})
    PluginSettings("content model", "CONTENT_", ()).read({"CONTENT_CACHING_LAYER": "reader"})


def test_cache_dir_is_beside_the_content_folder(tmp_path):
    settings = {"PATH": str(tmp_path / "site" / "content")}
    assert cache_dir(settings, "jinja") == str(tmp_path / "site" / ".cache" / "jinja")


@pytest.mark.parametrize("name", ["NEWSLETTER_ISSUES", "SEO_TITLE"])
def test_a_setting_under_a_prefix_with_no_settings_is_reported(tmp_path, name):
    """The newsletter and seo plugins have no settings: a name under their prefix is a
    mistake, not silently ignored (it was, before they declared their prefix)."""

    site = new_site(tmp_path)
    site.write("blog/post.md", doc(title="Post"))
    result = site.cli("-e", f"{name}=1")
    assert result.returncode == 2
    plugin = name.split("_")[0].lower()
    assert result.stderr.splitlines() == [
        f"settings: {name} is not a setting of the {plugin} plugin, which has none "
        "(docs/settings.md)"
    ]
