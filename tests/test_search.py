"""Search, in real headless Chromium, against the built site served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import doc, new_site, serve, snapshot

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# A word found in exactly one document: (file, fields, word, title)
UNIQUE = [
    ("blog/en-post.md", {"topics": ["health"], "regions": ["asia"], "countries": ["ID"]},
     "zanzibarian", "An English post"),
    ("primers/en-primer.md", {"topics": ["education"], "regions": ["global"],
     "level": "introductory"}, "quokkaprimer", "An English primer"),
    ("webinars/en-webinar.md", {"topics": ["health"], "regions": ["sub-saharan-africa"],
     "countries": ["KE"], "event_date": "2024-03-01T10:00:00+03:00"},
     "axolotlwebinar", "An English webinar"),
    ("articles/en-article.md", {"topics": ["local-revenue"], "regions": ["latin-america-caribbean"],
     "countries": ["BR"], "authors": ["A Member"]},
     "narwhalmember", "An English member article"),
    ("blog/fr-post.md", {"topics": ["local-revenue"], "regions": ["sub-saharan-africa"],
     "countries": ["SN"], "lang": "fr"},
     "ornithorynque", "Un billet en français"),
    ("primers/es-primer.md", {"topics": ["education"], "regions": ["latin-america-caribbean"],
     "countries": ["PE"], "lang": "es", "level": "advanced"},
     "carpinchos", "Una guía en español"),
    ("articles/ar-article.md", {"topics": ["local-governance"],
     "regions": ["middle-east-north-africa"], "countries": ["MA"], "lang": "ar",
     "authors": ["عضو"]},
     "زيزفون", "مقال باللغة العربية"),
]  # fmt: skip


# Extra occurrences of "council" (in every English body once): the index keeps only the first
# places of a word on a page, and the order of results must still follow how often it occurs.
COUNCIL = {"An English post": 40, "An English primer": 5}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("search"))
    for i, (path, fields, word, title) in enumerate(UNIQUE):
        body = f"The budget of the council, and {word} in this text.\n\nMore about the budget."
        if fields.get("lang") == "fr":
            body = f"Le budget de la commune et {word} dans ce texte.\n\nEncore le budget."
        body += "".join("\n\nThe council met again." for _ in range(COUNCIL.get(title, 0)))
        site.write(path, doc(title=f'"{title}"', date=f"2024-01-{i + 10}", body=body, **fields))
    site.write("blog/draft.md", doc(title="Draft", status="draft", body="draftonlyword budget"))
    assert site.build() is None
    return site


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site.output) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def results(page):
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status').textContent;"
        " return s && !s.startsWith('Searching'); }"
    )
    return page.locator("#search-results h2 a").all_inner_texts()


def search(page, base_url, query=""):
    page.goto(f"{base_url}/search/{query}")
    return results(page)


@pytest.mark.parametrize(("path", "word", "title"), [(u[0], u[2], u[3]) for u in UNIQUE])
def test_a_word_in_one_document_finds_that_document(page, base_url, path, word, title):
    page.goto(f"{base_url}/search/")
    page.get_by_label("Search posts, primers, webinars and member articles").fill(word)
    page.keyboard.press("Enter")
    # Only that one: one index for every language, so no stray document of another language's
    # index (there were some when each language had its own, merged: docs/search.md).
    assert results(page) == [title]


def test_query_in_the_url_runs_on_load(page, base_url):
    assert search(page, base_url, "?q=zanzibarian") == ["An English post"]
    assert page.input_value("#search-q") == "zanzibarian"
    excerpt = page.locator("#search-results li").first.inner_html()
    assert "<mark>zanzibarian</mark>" in excerpt


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("type", "primer", {"An English primer", "Una guía en español"}),
        ("topic", "health", {"An English post", "An English webinar"}),
        ("region", "sub-saharan-africa", {"An English webinar", "Un billet en français"}),
        ("country", "br", {"An English member article"}),
        ("language", "fr", {"Un billet en français"}),
    ],
)
def test_each_filter_narrows_the_results(page, base_url, name, value, expected):
    everything = set(search(page, base_url, "?q=budget"))
    assert everything == {u[3] for u in UNIQUE}  # every language's index is searched
    page.locator(f"details[data-filter='{name}'] summary").click()
    page.locator(f"#f-{name}-{value}").check()
    assert set(results(page)) == expected
    assert f"{name}={value}" in page.url


def test_filters_alone_and_from_the_url(page, base_url):
    found = search(page, base_url, "?region=latin-america-caribbean")
    assert set(found) == {"An English member article", "Una guía en español"}
    assert page.is_checked("#f-region-latin-america-caribbean")
    found = search(page, base_url, "?q=budget&topic=education&type=primer&language=es")
    assert found == ["Una guía en español"]
    assert page.is_checked("#f-language-es") and page.is_checked("#f-type-primer")


def test_back_button_restores_the_previous_search(page, base_url):
    page.goto(f"{base_url}/search/")
    box = page.locator("#search-q")
    box.fill("zanzibarian")
    box.press("Enter")
    assert results(page) == ["An English post"]
    box.fill("narwhalmember")
    box.press("Enter")
    assert results(page) == ["An English member article"]
    page.go_back()
    page.wait_for_function("() => document.getElementById('search-q').value === 'zanzibarian'")
    assert results(page) == ["An English post"]


def test_drafts_never_appear(page, base_url):
    assert search(page, base_url, "?q=draftonlyword") == []


def test_only_document_pages_are_indexed(site):
    # One index of every document, analysed as English; and one of the Arabic documents alone,
    # with Arabic stemming, for queries in Arabic script.
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {
        "en": len(UNIQUE)
    }
    arabic = json.loads((site.output / "pagefind" / "ar" / "pagefind-entry.json").read_text())
    assert {lang: info["page_count"] for lang, info in arabic["languages"].items()} == {"ar": 1}


def test_without_javascript_the_page_says_so_and_links_the_indexes(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/search/")
    notice = page.locator(".search-noscript")
    assert "needs JavaScript" in notice.inner_text()
    hrefs = notice.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"/topics/", "/regions/", "/countries/"} <= set(hrefs)
    context.close()


def test_term_listings_offer_search_within(site):
    html = site.page("/topics/health/")
    assert 'href="/search/?topic=health"' in html
    assert 'href="/search/?country=ke"' in site.page("/countries/ke/")


def test_search_page_has_no_axe_violations(browser, base_url):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci`")
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    search(page, base_url, "?q=budget&topic=health")
    page.locator("details[data-filter='topic'] summary").click()
    page.add_script_tag(path=str(AXE))
    report = page.evaluate("async () => await axe.run(document)")
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in report["violations"]] == []


def test_the_index_is_byte_identical_across_builds(site, tmp_path):
    again = new_site(tmp_path)  # the same content built again, elsewhere: the module's stays
    shutil.copytree(site.content, again.content, dirs_exist_ok=True)
    assert again.build() is None
    assert snapshot(again.output / "pagefind") == snapshot(site.output / "pagefind")


def test_before_typing_the_page_loads_no_index(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base_url}/search/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    page.locator("#search-q").focus()  # the reader shows intent: now the index may load
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.includes('/pagefind/'))")  # fmt: skip
    context.close()


def test_canonical_bundle_is_stable_when_canonicalized_again(site, tmp_path):
    from search_index.index import finish

    for bundle in (site.output / "pagefind" / "ar", site.output / "pagefind"):
        copy = tmp_path / bundle.name
        shutil.copytree(bundle, copy, ignore=shutil.ignore_patterns("ar"))
        finish(str(copy))  # compact and canonicalize again: nothing changes
        files = snapshot(bundle)
        assert snapshot(copy) == {k: v for k, v in files.items() if not k.startswith("ar/")}


def pagefind_requests(page, base_url, address, action=None):
    """The paths under /pagefind/ that a fresh page requests for a first search, and the size
    of each response."""
    requested = {}

    def on_response(response):
        path = urlparse(response.url).path
        if path.startswith("/pagefind/"):
            requested[path] = len(response.body())

    page.on("response", on_response)
    page.goto(f"{base_url}/search/{address}")
    if action:
        action(page)
    results(page)
    page.wait_for_load_state("networkidle")
    return requested


def test_a_first_search_fetches_one_index_and_no_filter(page, base_url):
    """What makes a first search heavy (docs/search.md, "Weight"): one WebAssembly file and one
    metadata file, the index chunk of its word, no filter data, no other language's index."""

    def type_budget(page):
        page.locator("#search-q").fill("budget")
        page.keyboard.press("Enter")

    requested = pagefind_requests(page, base_url, "", type_budget)
    assert not [path for path in requested if path.startswith("/pagefind/ar/")]
    assert [p for p in requested if p.endswith(".pagefind")] == ["/pagefind/wasm.en.pagefind"]
    assert len([p for p in requested if p.endswith(".pf_meta")]) == 1
    assert len([p for p in requested if p.endswith(".pf_index")]) == 1
    assert not [p for p in requested if p.endswith(".pf_filter")]
    assert len([p for p in requested if p.endswith(".pf_fragment")]) == len(UNIQUE)


def test_a_query_in_arabic_script_uses_the_arabic_index_alone(page, base_url):
    requested = pagefind_requests(page, base_url, "?q=زيزفون")
    assert page.locator("#search-results h2 a").all_inner_texts() == ["مقال باللغة العربية"]
    assert [p for p in requested if p.endswith(".pagefind")] == ["/pagefind/ar/wasm.ar.pagefind"]
    assert not [p for p in requested if p.endswith((".pf_meta", ".pf_index", ".pf_fragment"))
                and not p.startswith("/pagefind/ar/")]  # fmt: skip


def test_arabic_stemming_finds_other_forms_of_a_word(site, page, base_url):
    # The Arabic document has "زيزفون"; with the definite article, and with a preposition and
    # the article, it is the same word to the Arabic stemmer.
    for form in ("الزيزفون", "بالزيزفون"):
        assert search(page, base_url, f"?q={form}") == ["مقال باللغة العربية"]


def test_a_search_with_filters_only_fetches_no_word_index(page, base_url):
    # "Search within" on a topic page: Pagefind would fetch every word of the index for it.
    requested = pagefind_requests(page, base_url, "?topic=health")
    assert set(page.locator("#search-results h2 a").all_inner_texts()) == {
        "An English post", "An English webinar"}  # fmt: skip
    chunks = {p: size for p, size in requested.items() if p.endswith(".pf_index")}
    assert len(chunks) == 1 and max(chunks.values()) < 100  # the empty chunk (compact.py)
    assert len([p for p in requested if p.endswith(".pf_filter")]) == 1


def test_results_keep_their_order_in_the_compacted_index(site, page, base_url):
    from search_index.canonical import decode
    from search_index.compact import decode_locations, kept_count

    # "council" is on every English page once, 41 times on the post, 6 on the primer: the index
    # keeps a few places of it on each page, which carry the weight of all.
    found = search(page, base_url, "?q=council")
    assert found[:2] == ["An English post", "An English primer"]
    places = []
    for chunk in (site.output / "pagefind" / "index").iterdir():
        for word in decode(chunk.read_bytes())[0]:
            places += [decode_locations(entry[1]) for entry in word[1]]
    assert max(len(p) for p in places) < 41
    assert all(len(p) <= kept_count(sum(w for w, _ in p)) for p in places)


def test_a_quoted_query_is_searched_as_words(page, base_url):
    assert search(page, base_url, '?q="zanzibarian"') == ["An English post"]
