"""Settings: one helper reads and checks every plugin's (plugins/site_build/settings.py).

A wrong value, or a name under a plugin's prefix that the plugin does not have, stops the
build with one line, `settings: …`, exit status 2; a boolean means the same in every plugin.
"""

from __future__ import annotations

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
