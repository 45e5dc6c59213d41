"""`invoke check`: every problem of the content, without building the site.

Why not `pelican -e CONTENT_CHECK_ONLY=true` (which still works, and says the same): a check
needs the documents and the checks across them, not Pelican's content objects, listings,
feeds and templates. Here the documents come from the parse cache without their HTML (a
10,000-document site checks in a few seconds once it has been built or checked before), new
or changed files are parsed on every core, and the same `site_problems` as the build's
decides. The lines, their order and the exit status are the build's (a test compares them).

    python -m content_model.check [--settings pelicanconf.py] [--content content]
"""

from __future__ import annotations

import argparse
import os
import sys
from types import SimpleNamespace

from site_build.state import session_of

from . import parse_cache, report_and_stop, site_problems
from .problems import ContentErrors
from .reader import PLACEHOLDER_DATE, load_site, shown_root
from .schema import TYPES_BY_FOLDER
from .settings import plugin_settings


def documents(settings) -> list:
    options = plugin_settings(settings)
    content_path = os.path.abspath(settings["PATH"])
    site = load_site(settings)
    docs = []
    for group, is_page in (("documents", False), ("pages", True)):
        folders = [f for f, t in TYPES_BY_FOLDER.items() if t.is_page == is_page]
        docs += parse_cache.parse_files(
            parse_cache.content_files(content_path, folders),
            content_path=content_path,
            shown_root=shown_root(settings),
            site=site,
            unsafe_html=options["CONTENT_UNSAFE_HTML"],
            cache_dir=options["CONTENT_CACHE_DIR"],
            jobs=options["CONTENT_JOBS"],
            group=group,
            light=True,
        ).values()
    return sorted(docs, key=lambda d: d.source)


def newsletter_problems(settings, docs) -> None:
    """The newsletter plugin's check (an issue whose period has nothing in it), on documents."""
    try:
        from listings.settings import listing_settings, now_from
        from newsletter.issue import issue_of
    except ImportError:  # a site without those plugins
        return
    if "newsletter" not in settings.get("PLUGINS", []):
        return
    now = now_from(listing_settings(settings))
    published = [
        SimpleNamespace(
            doc=d,
            type=d.ctype.name,
            url=d.url,
            date=d.values.get("date") or PLACEHOLDER_DATE,
            updated=d.values.get("updated"),
            event_date=d.values.get("event_date"),
        )
        for d in docs
        if not d.ctype.is_page and not d.is_draft
    ]
    for item in published:
        if item.type == "newsletter":
            issue_of(item, published, now)


def check(settings) -> int:
    """Print every problem; 0 when there is none, 1 otherwise."""
    settings = dict(settings, CONTENT_CHECK_ONLY=True)
    # A run of its own, with the site's languages (their editions' pages are valid links).
    from i18n import load_languages

    session_of(settings).begin_build(settings).languages = load_languages(settings)
    docs = documents(settings)
    newsletter_problems(settings, docs)
    try:
        report_and_stop(settings, docs, site_problems(settings, docs))
    except ContentErrors:
        return 1
    except SystemExit as e:
        return e.code or 0
    return 0


def main(argv=None) -> int:
    here = os.getcwd()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default=os.path.join(here, "pelicanconf.py"))
    parser.add_argument("--content", default=os.path.join(here, "content"))
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    settings = read_settings(args.settings, override={"PATH": os.path.abspath(args.content)})
    return check(settings)


if __name__ == "__main__":
    sys.exit(main())
