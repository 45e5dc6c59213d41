"""Plugins say which plugins they need before them; a wrong PLUGINS stops the build at start-up
with one `settings:` line (site_build/plugins.py), and the site model fails loudly."""

from __future__ import annotations

import json

import pytest

from conftest import doc, new_site

PLUGINS = [
    "content_model",
    "i18n",
    "listings",
    "newsletter",
    "feeds",
    "event_calendar",
    "media",
    "seo",
    "search_index",
    "incremental",
    "atomic_output",
]


def build_with(tmp_path, plugins):
    site = new_site(tmp_path)
    site.write("blog/post.md", doc(title="Post"))
    result = site.cli("-e", f"PLUGINS={json.dumps(plugins)}")
    return site, result


def test_the_project_order_is_right():
    from pelican.settings import read_settings

    from site_build.plugins import plugin_names

    from conftest import ROOT

    assert plugin_names(read_settings(str(ROOT / "pelicanconf.py"))) == PLUGINS


def test_without_listings_the_build_stops_with_one_line(tmp_path):
    site, result = build_with(tmp_path, [p for p in PLUGINS if p != "listings"])
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("settings: PLUGINS: newsletter needs listings (")
    assert "add 'listings' before 'newsletter'" in line
    assert not site.output.exists()


def test_feeds_before_listings_stops_the_build_with_one_line(tmp_path):
    order = ["content_model", "feeds", "listings", "atomic_output"]
    site, result = build_with(tmp_path, order)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "settings: PLUGINS: listings must come before feeds, which reads the listings and "
        "terms of the site model; move 'listings' before 'feeds' (PLUGINS is now: "
        "content_model, feeds, listings, atomic_output)"
    ]
    assert not site.output.exists()


def test_atomic_output_must_be_last(tmp_path):
    order = ["content_model", "i18n", "listings", "atomic_output", "feeds"]
    _site, result = build_with(tmp_path, order)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("settings: PLUGINS: atomic_output must be last")


def test_content_model_must_be_first(tmp_path):
    _site, result = build_with(tmp_path, ["listings", "content_model", "atomic_output"])
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("settings: PLUGINS: content_model must come before listings")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a", "b"], None),
        (["b"], "PLUGINS: b needs a (what b reads); add 'a' before 'b' (PLUGINS is now: b)"),
        (
            ["b", "a"],
            "PLUGINS: a must come before b, which reads what b reads; move 'a' "
            "before 'b' (PLUGINS is now: b, a)",
        ),
        (["c"], None),  # not listed: nothing to say of its place
    ],
)
def test_a_plugins_place_alone(names, expected):
    from site_build.plugins import Plugin

    assert Plugin("b", needs={"a": "what b reads"}).problem(names) == expected


def test_first_and_last_alone():
    from site_build.plugins import Plugin

    assert Plugin("a", first=True).problem(["a", "b"]) is None
    assert "must be first" in Plugin("a", first=True).problem(["b", "a"])
    assert Plugin("z", last=True).problem(["a", "z"]) is None
    assert "must be last" in Plugin("z", last=True).problem(["z", "a"])


def test_plugins_given_as_modules_are_named_by_their_module():
    import types

    from site_build.plugins import plugin_names

    module = types.ModuleType("listings")
    settings = {"PLUGINS": ["content_model", module, "pelican.plugins.sitemap"]}
    assert plugin_names(settings) == ["content_model", "listings", "sitemap"]


def test_the_site_model_fails_loudly_when_nobody_made_it():
    from site_build.model import ModelError, site_model
    from site_build.state import NoBuild, session_of

    settings = {}
    with pytest.raises(NoBuild):
        site_model(settings)
    session_of(settings).begin_build(settings)
    with pytest.raises(ModelError, match="the listings plugin makes it"):
        site_model(settings)


def test_templates_may_read_only_what_the_incremental_key_covers(tmp_path):
    """`SITE.anything_else` in a template is an error, not an empty string."""
    from jinja2 import Environment

    from site_build.model import ModelError, TemplateSite

    view = TemplateSite(
        upcoming=frozenset(), timezone=None, terms={}, siteurl="https://example.org"
    )
    env = Environment()
    assert env.from_string("{{ SITE.siteurl }}").render(SITE=view) == "https://example.org"
    with pytest.raises(ModelError, match=r"not SITE\.listings"):
        env.from_string("{{ SITE.listings }}").render(SITE=view)
    # Not "now" itself: it changes with every build, and no page's key holds it; templates
    # read which webinars are upcoming (SITE.upcoming), which the key does hold.
    with pytest.raises(ModelError, match=r"not SITE\.now"):
        env.from_string("{{ SITE.now }}").render(SITE=view)


def test_templates_read_a_terms_name_not_its_count():
    """A term's count is not in every page's key (a new document would re-render every page),
    so the view templates get has no count: reading it is an error, not a stale number."""
    from datetime import UTC, datetime

    from jinja2 import Environment

    from listings.model import TermEntry
    from site_build.model import ModelError, SiteModel

    entry = TermEntry("topics", "health", "Health", "Clinics and budgets", documents=[object()])
    model = SiteModel(
        now=datetime(2026, 1, 1, tzinfo=UTC),
        siteurl="https://example.org",
        documents=[],
        pages=[],
        type_listings=[],
        term_listings=[],
        terms={"topics": [entry]},
        home=None,
    )
    env = Environment()
    page = env.from_string("{{ SITE.terms.topics.health.name }} {{ SITE.terms.topics.health.url }}")
    assert page.render(SITE=model.for_templates()) == "Health topics/health/"
    with pytest.raises(ModelError, match=r"not \.count"):
        env.from_string("{{ SITE.terms.topics.health.count }}").render(SITE=model.for_templates())
    # Plugins read the whole entry, documents included.
    assert model.terms_by_slug["topics"]["health"].count == 1


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        ({"SITEURL": "decentralization.net"}, "SITEURL must be an absolute http(s) URL"),
        ({"SITEURL": "/site"}, "SITEURL must be an absolute http(s) URL"),
        ({"SITEURL": "ftp://example.org"}, "SITEURL must be an absolute http(s) URL"),
        ({"FEEDS_SITEURL": "example.org"}, "FEEDS_SITEURL must be an absolute http(s) URL"),
        ({"FEEDS_SITEURL": "http://"}, "FEEDS_SITEURL must be an absolute http(s) URL"),
        ({"FEEDS_SITEURL": 5}, "FEEDS_SITEURL must be"),
        ({"SITEURL": "http://[::1"}, "SITEURL must be an absolute http(s) URL"),
    ],
)
def test_a_site_url_without_a_scheme_or_host_stops_the_build(settings, line, capsys):
    """Before, `SITEURL = "decentralization.net"` built, and every canonical link and feed
    pointed at http://127.0.0.1:8000."""
    from site_build.model import absolute_siteurl

    with pytest.raises(SystemExit) as stopped:
        absolute_siteurl(settings)
    assert stopped.value.code == 2
    (printed,) = capsys.readouterr().err.splitlines()
    assert printed.startswith(f"settings: {line}")


def test_the_site_url_rule():
    from site_build.model import absolute_siteurl

    assert absolute_siteurl({"SITEURL": "https://x.org/"}) == "https://x.org"
    assert absolute_siteurl({"SITEURL": "https://x.org", "FEEDS_SITEURL": "http://y.org/a/"}) == (
        "http://y.org/a"
    )
    assert absolute_siteurl({"SITEURL": "", "PORT": 8123}) == "http://127.0.0.1:8123"


def test_a_production_build_with_a_bare_host_as_site_url_stops_with_one_line(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/post.md", doc(title="Post"))
    result = site.cli("-e", 'SITEURL="decentralization.net"', settings="publishconf.py")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "settings: SITEURL must be an absolute http(s) URL (https://decentralization.net), or "
        "empty for the local server, not 'decentralization.net'"
    ]
    assert not site.output.exists()


def test_setting_the_builds_own_state_stops_with_one_line(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/post.md", doc(title="Post"))
    result = site.cli("-e", "SITE_BUILD_SESSION=1")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "settings: SITE_BUILD_SESSION is the build's own state: remove it from the settings"
    ]


@pytest.mark.parametrize(
    ("read", "refused"),
    [("{{ SITE.listings }}", "not SITE.listings"), ("{{ SITE.now }}", "not SITE.now")],
)
def test_a_theme_reading_what_the_key_does_not_cover_fails_with_one_line(tmp_path, read, refused):
    """A copied theme whose base template reads SITE.listings: one line, not a traceback, and
    the last good output stays."""
    import shutil

    from conftest import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", f"{read}</body>"), "utf-8")
    site = new_site(tmp_path / "site")
    site.write("blog/post.md", doc(title="Post"))
    assert site.cli().returncode == 0
    before = sorted(p.relative_to(site.output) for p in site.output.rglob("*"))
    result = site.cli("-e", f'THEME="{theme}"')
    assert result.returncode == 1
    (line,) = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert "theme: templates may read" in line and refused in line
    assert sorted(p.relative_to(site.output) for p in site.output.rglob("*")) == before


@pytest.mark.parametrize(
    ("change", "line"),
    [
        # Pelican only logs a plugin it cannot load, and built a site without feeds.
        (
            ("feeds", "feed"),
            "settings: PLUGINS: 'feed' could not be loaded (did you mean 'feeds'?)",
        ),
        (("media", None), "settings: PLUGINS: the theme needs media (its filter video and global "),
        (("seo", None), "settings: PLUGINS: the theme needs seo ("),
        (("newsletter", None), "settings: PLUGINS: the theme needs newsletter ("),
        # The second build hard-linked files onto themselves (a traceback).
        (("atomic_output", None), "settings: PLUGINS: incremental needs atomic_output ("),
    ],
)
def test_a_misspelt_or_missing_plugin_stops_the_build_with_one_line(tmp_path, change, line):
    old, new = change
    plugins = [new if p == old else p for p in PLUGINS if new is not None or p != old]
    site, result = build_with(tmp_path, plugins)
    assert result.returncode == 2, result.stderr
    ours = [ln for ln in result.stderr.splitlines() if ln.startswith("settings:")]
    assert len(ours) == 1 and ours[0].startswith(line), result.stderr
    # Nothing but Pelican's own "cannot load" line beside ours, and no traceback.
    assert "Traceback" not in result.stderr
    assert not site.output.exists()
