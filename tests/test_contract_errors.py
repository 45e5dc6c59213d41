"""Every contract rule (docs/content.md §1-§3) broken once, and the exact line the build prints.

One site holds all the bad files; it is built once. Each case asserts that its file gets exactly
the expected `file:line: message` lines: no fewer (nothing passes silently) and no more (no noise).
"""

from __future__ import annotations

import pytest

from conftest import doc, new_site, picture

GOOD = "content/blog/good.md"

# (file under content/, its text, the exact lines expected for that file)
CASES = {
    "missing-title": (
        "blog/no-title.md",
        doc(title=None),
        ["content/blog/no-title.md:1: missing required field 'title' (the document's title)"],
    ),
    "empty-title": (
        "blog/empty-title.md",
        doc(title='""'),
        ["content/blog/empty-title.md:2: 'title' is empty"],
    ),
    "null-title": (
        "blog/null-title.md",
        doc(title=""),
        ["content/blog/null-title.md:2: 'title' is empty"],
    ),
    "missing-date": (
        "blog/no-date.md",
        doc(date=None),
        [
            "content/blog/no-date.md:1: missing required field 'date' (YYYY-MM-DD, or a "
            "date-time with offset such as 2022-11-17T14:00:00+02:00)"
        ],
    ),
    "impossible-date": (
        "blog/feb-30.md",
        doc(date="2023-02-30"),
        [
            "content/blog/feb-30.md:3: 'date': '2023-02-30' is not a real date "
            "(day is out of range for month)"
        ],
    ),
    "date-without-offset": (
        "blog/no-offset.md",
        doc(date="2022-11-17T14:00:00"),
        [
            "content/blog/no-offset.md:3: 'date': '2022-11-17T14:00:00' has no time-zone "
            "offset: add one, e.g. 2022-11-17T14:00:00+00:00 for UTC"
        ],
    ),
    "date-other-form": (
        "blog/slash-date.md",
        doc(date="17/11/2022"),
        [
            "content/blog/slash-date.md:3: 'date': '17/11/2022' is not a date in the form "
            "2022-11-17 or 2022-11-17T14:00:00+02:00"
        ],
    ),
    "unknown-field": (
        "blog/typo-field.md",
        doc(summry="A typo."),
        [
            "content/blog/typo-field.md:6: unknown field 'summry' for a blog post "
            "— did you mean 'summary'?"
        ],
    ),
    "unknown-field-replacing-required": (
        "blog/topic-singular.md",
        doc(topics=None, topic="[health]"),
        [
            "content/blog/topic-singular.md:1: missing required field 'topics' "
            "(1 or more topic slugs from content/taxonomies/topics.yml)",
            "content/blog/topic-singular.md:5: unknown field 'topic' for a blog post "
            "— did you mean 'topics'?",
        ],
    ),
    "unknown-topic": (
        "blog/helth.md",
        doc(topics=["health", "helth"]),
        [
            "content/blog/helth.md:4: unknown topic 'helth' (see content/taxonomies/topics.yml)"
            " — did you mean 'health'?"
        ],
    ),
    "unknown-topic-block-list": (
        "blog/block-list.md",
        "---\ntitle: T\ndate: 2024-01-01\ntopics:\n  - health\n  - fiscal-decentralisation\n"
        "regions: [asia]\n---\nText.\n",
        [
            "content/blog/block-list.md:6: unknown topic 'fiscal-decentralisation' "
            "(see content/taxonomies/topics.yml) — did you mean 'fiscal-decentralization'?"
        ],
    ),
    "unknown-region": (
        "blog/europa.md",
        doc(regions=["europa"]),
        ["content/blog/europa.md:5: unknown region 'europa' (see content/taxonomies/regions.yml)"],
    ),
    "string-where-list": (
        "blog/topics-string.md",
        doc(topics="health"),
        ["content/blog/topics-string.md:4: 'topics' must be a list, e.g. topics: [health]"],
    ),
    "empty-required-list": (
        "blog/no-topics.md",
        doc(topics="[]"),
        ["content/blog/no-topics.md:4: 'topics' needs at least one item"],
    ),
    "authors-string": (
        "blog/authors-string.md",
        doc(authors="Jamie Boex"),
        ["content/blog/authors-string.md:6: 'authors' must be a list, e.g. authors: [Jamie Boex]"],
    ),
    "countries-not-iso": (
        "blog/countries.md",
        doc(countries=["KE", "Kenya", "md", "XX"]),
        [
            "content/blog/countries.md:6: 'Kenya' is not an ISO 3166-1 alpha-2 country code "
            "(two capital letters) — did you mean 'KE'?",
            "content/blog/countries.md:6: 'XX' is not an ISO 3166-1 alpha-2 country code "
            "(two capital letters)",
            "content/blog/countries.md:6: 'md' is not an ISO 3166-1 alpha-2 country code "
            "(two capital letters) — did you mean 'MD'?",
        ],
    ),
    "country-twice": (
        "blog/country-twice.md",
        doc(countries=["KE", "KE"]),
        ["content/blog/country-twice.md:6: 'KE' is listed twice in 'countries'"],
    ),
    "bad-lang": (
        "blog/bad-lang.md",
        doc(lang="english"),
        [
            "content/blog/bad-lang.md:6: 'english' is not a BCP 47 language tag such as en, "
            "fr or pt-BR — did you mean 'en'?"
        ],
    ),
    "underscore-lang": (
        "blog/underscore-lang.md",
        doc(lang="pt_BR"),
        [
            "content/blog/underscore-lang.md:6: 'pt_BR' is not a BCP 47 language tag such as "
            "en, fr or pt-BR — did you mean 'pt-BR'?"
        ],
    ),
    "missing-image": (
        "blog/no-image.md",
        doc(image="moldova-mapp.png"),
        [
            "content/blog/no-image.md:6: image 'moldova-mapp.png' does not exist under "
            "content/images/ — did you mean 'moldova-map.png'?"
        ],
    ),
    "unreadable-image": (
        "blog/broken-image.md",
        doc(image="images/broken.png"),
        [
            "content/blog/broken-image.md:6: image 'images/broken.png' is not a picture that "
            "can be read"
        ],
    ),
    "colon-in-value": (
        "blog/colon.md",
        doc(title="Knowledge week: Asia"),
        [
            "content/blog/colon.md:2: the front matter is not valid YAML: mapping values are not "
            "allowed here (a value that contains ': ' must be in quotes: title: \"A: B\")"
        ],
    ),
    "bad-slug": (
        "blog/bad-slug.md",
        doc(slug="My Slug!"),
        [
            "content/blog/bad-slug.md:6: slug 'My Slug!' may hold only lower-case letters a-z, "
            "digits and single hyphens — did you mean 'my-slug'?"
        ],
    ),
    "bad-file-name": (
        "blog/My Post.md",
        doc(),
        [
            "content/blog/My Post.md:1: the file name 'My Post' is not a valid slug "
            "(lower-case a-z, 0-9, hyphens): rename the file to my-post.md or add "
            "'slug: my-post'"
        ],
    ),
    "bad-status": (
        "blog/hidden.md",
        doc(status="Draft"),
        [
            "content/blog/hidden.md:6: 'status' must be one of published, draft, not 'Draft' "
            "— did you mean 'draft'?"
        ],
    ),
    "duplicate-key": (
        "blog/twice.md",
        doc(title="One") + "",
        [],  # filled below: a YAML mapping with the same key twice
    ),
    "webinar-without-event-date": (
        "webinars/no-event.md",
        doc(),
        [
            "content/webinars/no-event.md:1: missing required field 'event_date' (when it took "
            "(or will take) place, e.g. 2022-11-17T14:00:00+02:00)"
        ],
    ),
    "webinar-event-date-without-time": (
        "webinars/bare-event.md",
        doc(event_date="2022-11-17"),
        [
            "content/webinars/bare-event.md:6: 'event_date': '2022-11-17' has no time: give "
            "the date-time with its offset, e.g. 2022-11-17T14:00:00+00:00"
        ],
    ),
    "month-precision-not-first-day": (
        "webinars/mid-month.md",
        doc(event_date="2021-09-14", event_date_precision="month"),
        [
            "content/webinars/mid-month.md:6: 'event_date': with event_date_precision: month, "
            "give the month's first day (e.g. 2021-09-01), not '2021-09-14'"
        ],
    ),
    "year-out-of-range": (
        "blog/year-one.md",
        doc(date="0001-01-01T00:00:00+14:00"),
        [
            "content/blog/year-one.md:3: 'date': '0001-01-01T00:00:00+14:00': the year must be "
            "between 1900 and 2200"
        ],
    ),
    "duration-out-of-range": (
        "webinars/forever.md",
        doc(event_date="2022-11-17T14:00:00+02:00", duration="99999999999999"),
        [
            "content/webinars/forever.md:7: 'duration' must be a number of minutes from 1 to "
            "1440, not '99999999999999'"
        ],
    ),
    "extra-file-replaces-a-generated-one": (
        "extra/robots.txt",
        "User-agent: *\n",
        [
            "content/extra/robots.txt:1: would replace /robots.txt, which the build makes itself: "
            "rename or remove this file"
        ],
    ),
    "negative-attendees": (
        "webinars/negative.md",
        doc(event_date="2022-11-17T14:00:00+02:00", attendees="-5"),
        ["content/webinars/negative.md:7: 'attendees' must be a whole number ≥ 0, not '-5'"],
    ),
    "text-registrants": (
        "webinars/many.md",
        doc(event_date="2022-11-17T14:00:00+02:00", registrants="many"),
        ["content/webinars/many.md:7: 'registrants' must be a whole number ≥ 0, not 'many'"],
    ),
    "video-not-url": (
        "webinars/video.md",
        doc(event_date="2022-11-17T14:00:00+02:00", video="youtube.com/watch?v=abc"),
        [
            "content/webinars/video.md:7: 'video' must be a full http(s) URL, "
            "not 'youtube.com/watch?v=abc'"
        ],
    ),
    "field-of-another-type": (
        "blog/level.md",
        doc(level="introductory"),
        ["content/blog/level.md:6: unknown field 'level' for a blog post"],
    ),
    "primer-level": (
        "primers/level.md",
        doc(level="beginner"),
        [
            "content/primers/level.md:6: 'level' must be one of introductory, intermediate, "
            "advanced, not 'beginner'"
        ],
    ),
    "member-article-without-authors": (
        "articles/anonymous.md",
        doc(),
        ["content/articles/anonymous.md:1: missing required field 'authors' (list of names)"],
    ),
    "empty-file": ("blog/empty.md", "", ["content/blog/empty.md:1: the file is empty"]),
    "malformed-yaml": (
        "blog/yaml.md",
        "---\ntitle: T\ndate: 2024-01-01\ntopics: [health\nregions: [asia]\n---\nText\n",
        [
            "content/blog/yaml.md:5: the front matter is not valid YAML: "
            "expected ',' or ']', but got ':'"
        ],
    ),
    "no-front-matter": (
        "blog/plain.md",
        "# Just Markdown\n\nNo front matter.\n",
        [
            "content/blog/plain.md:1: the file does not start with front matter: its first "
            "line must be '---', then the fields (title: …), then another '---'"
        ],
    ),
    "unclosed-front-matter": (
        "blog/unclosed.md",
        "---\ntitle: T\ndate: 2024-01-01\n\nText.\n",
        [
            "content/blog/unclosed.md:1: the front matter is not closed: add a line '---' "
            "after the fields"
        ],
    ),
    "not-utf8": (
        "blog/latin1.md",
        doc(title="Caf\xe9").encode("latin-1"),
        ["content/blog/latin1.md:2: the file is not UTF-8 text; save it as UTF-8"],
    ),
    "duplicate-url": (
        "primers/other-name.md",
        doc(slug="good-primer"),
        [
            "content/primers/other-name.md:6: publishes to /primers/good-primer/, the same URL "
            "as content/primers/good-primer.md: give one of them another 'slug:' or file name"
        ],
    ),
    "page-on-reserved-url": (
        "pages/search.md",
        "---\ntitle: Search\n---\nText.\n",
        [
            "content/pages/search.md:1: a page cannot publish to /search/: the site uses it "
            "for the search page; choose another slug"
        ],
    ),
    "link-to-nothing": (
        "blog/broken-link.md",
        doc(body="See\nthe [primer](/primers/good-primr/)."),
        [
            "content/blog/broken-link.md:8: link to /primers/good-primr/ points at no page of "
            "the site — did you mean '/primers/good-primer/'?"
        ],
    ),
    "filename-link-to-nothing": (
        "blog/broken-filename.md",
        doc(body="See [it]({filename}/primers/missing.md)."),
        [
            "content/blog/broken-filename.md:7: link to {filename}/primers/missing.md: no "
            "document or published file content/primers/missing.md"
        ],
    ),
    "link-to-a-page-that-does-not-exist": (
        "blog/pages-beyond.md",
        doc(body="[Page 2](/webinars/page/2/), [a document's](/primers/good-primer/page/2/)."),
        [
            "content/blog/pages-beyond.md:7: link to /primers/good-primer/page/2/ points at no "
            "page of the site — did you mean '/primers/good-primer/'?",
            "content/blog/pages-beyond.md:7: link to /webinars/page/2/ points at no page of the "
            "site",
        ],
    ),
    "static-link-to-unpublished-file": (
        "blog/static-link.md",
        doc(body="See [the list]({static}/taxonomies/regions.yml)."),
        [
            "content/blog/static-link.md:7: link to {static}/taxonomies/regions.yml: "
            "content/taxonomies/regions.yml is not a published file (those are under "
            "content/images/ and content/extra/)"
        ],
    ),
    "style-attribute-line": (
        "articles/styled.md",
        doc(
            authors=["A Member"],
            body='Lifestyle changes in towns.\n\n<p style="color:red">Red</p>\n',
        ),
        [
            "content/articles/styled.md:10: attribute 'style' on <p> is not allowed in member "
            "articles"
        ],
    ),
    "malformed-address": (
        "blog/bad-address.md",
        doc(body="See [the ministry](https://ex ample.gov) and [this](http://192.168.1.300/)."),
        [
            "content/blog/bad-address.md:7: the URL 'http://192.168.1.300/' in <a href> is not "
            "a valid address and would be removed",
            "content/blog/bad-address.md:7: the URL 'https://ex ample.gov' in <a href> is not "
            "a valid address and would be removed",
        ],
    ),
    "link-to-draft": (
        "blog/links-draft.md",
        doc(body="Soon: [draft](/blog/secret-plan/)."),
        [
            "content/blog/links-draft.md:7: link to /blog/secret-plan/: that document is a "
            "draft, which is not published"
        ],
    ),
    "unknown-type-folder": (
        "blogs/x.md",
        doc(),
        [
            "content/blogs/x.md:1: 'blogs' is not a content folder (blog, primers, webinars, "
            "articles, newsletters, pages); this file would not be published — did you mean 'blog'?"
        ],
    ),
    "not-markdown": (
        "blog/notes.markdown",
        doc(),
        [
            "content/blog/notes.markdown:1: not a content file: documents are Markdown files "
            "ending in .md (rename it notes.md); pictures go in content/images/"
        ],
    ),
    "unsafe-html-member": (
        "articles/xss.md",
        doc(authors=["A Member"], body="Hello\n\n<script>alert(1)</script>\n"),
        ["content/articles/xss.md:10: <script> is not allowed in member articles"],
    ),
    "iframe-in-member-article": (
        "articles/embed.md",
        doc(
            authors=["A Member"],
            body='<iframe src="https://www.youtube.com/embed/abc" title="Talk"></iframe>\n',
        ),
        [
            "content/articles/embed.md:8: <iframe> is not allowed in member articles: put a "
            "recording's address in a webinar's 'video:' field (a player that loads only when "
            "a reader clicks it), or link to it"
        ],
    ),
    "iframe-in-team-content": (
        "blog/embed.md",
        doc(body='<iframe src="https://www.youtube.com/embed/abc" title="x"></iframe>\n'),
        [
            "content/blog/embed.md:7: <iframe> is not allowed in blog posts: put a recording's "
            "address in a webinar's 'video:' field (a player that loads only when a reader "
            "clicks it), or link to it"
        ],
    ),
}
CASES["not-a-picture"] = (
    "images/broken.png",
    "not a picture",
    [
        "content/images/broken.png:1: is not a PNG picture: its content is not a picture at "
        "all (a file that ends in .png must be a PNG picture)"
    ],
)
CASES["duplicate-key"] = (
    "blog/twice.md",
    "---\ntitle: One\ndate: 2024-01-01\ntopics: [health]\nregions: [asia]\ntitle: Two\n---\nx\n",
    ["content/blog/twice.md:6: field 'title' is given twice (first on line 2)"],
)


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("bad"))
    site.write("blog/good.md", doc(body="A good post links [a primer](/primers/good-primer/)."))
    site.write("primers/good-primer.md", doc(title="Good primer"))
    site.write("blog/secret-plan.md", doc(status="draft"))
    picture(site.content / "images" / "moldova-map.png", 40, 30)
    assert site.build() is None
    last_good = site.files()
    (site.content / "images" / "broken.png").write_bytes(b"not a picture")
    for relpath, text, _ in CASES.values():
        site.write(relpath, text)
    lines = site.build()
    assert lines is not None, "the build passed with bad content"
    assert site.files() == last_good
    return lines


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_input_gives_its_exact_lines(problems, case):
    relpath, _, expected = CASES[case]
    shown = f"content/{relpath}:"
    assert [line for line in problems if line.startswith(shown)] == sorted(expected)


def test_nothing_else_is_reported(problems):
    expected = {line for _, _, lines in CASES.values() for line in lines}
    assert set(problems) == expected
    assert not [line for line in problems if line.startswith(GOOD)]


def test_every_line_has_the_file_line_form(problems):
    import re

    for line in problems:
        assert re.match(r"^content/[^:]+\.?\w*:\d+: \S", line), line
