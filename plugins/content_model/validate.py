"""Checks over the whole set of documents, after each file was read on its own.

Stray files (a post in `content/blogs/`, a `.markdown` file), two documents on one URL (drafts
included: a draft that collides today breaks the site the day it is published, and a page must
not take a URL the build itself publishes) and internal links that point at no document.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from urllib.parse import unquote, urlsplit

from .document import Document
from .problems import Problem, suggest
from .schema import (
    CONTENT_SUFFIX,
    DATA_FOLDERS,
    EXTRA_FOLDER,
    IMAGE_FOLDER,
    LANGUAGE_LISTING,
    TAXONOMIES,
    TYPES_BY_FOLDER,
    WELL_KNOWN_FOLDER,
    reserved_routes,
)

KNOWN_FOLDERS = tuple(TYPES_BY_FOLDER) + DATA_FOLDERS


def _hidden(name: str) -> bool:
    return name.startswith(".")


def scan_tree(content_path: str, shown_root: str) -> list[Problem]:
    """Files the build would not read: they must not be lost without a word."""
    problems = []

    def shown(path):
        return os.path.relpath(path, shown_root)

    for entry in sorted(os.listdir(content_path)):
        full = os.path.join(content_path, entry)
        if _hidden(entry) or os.path.islink(full):  # links: uploads.link_problems
            continue
        if os.path.isdir(full):
            if entry in KNOWN_FOLDERS:
                continue
            hint = suggest(entry, TYPES_BY_FOLDER)
            for root, dirs, files in os.walk(full):
                dirs[:] = sorted(d for d in dirs if not _hidden(d))
                for name in sorted(files):
                    if not _hidden(name) and not os.path.islink(os.path.join(root, name)):
                        problems.append(
                            Problem(
                                shown(os.path.join(root, name)),
                                1,
                                f"'{entry}' is not a content folder "
                                f"({', '.join(TYPES_BY_FOLDER)}); this file would not be published",
                                hint,
                            )
                        )
        else:
            problems.append(
                Problem(
                    shown(full),
                    1,
                    "files directly in content/ are not published: move it into one of "
                    + ", ".join(TYPES_BY_FOLDER),
                )
            )
    for folder in TYPES_BY_FOLDER:
        top = os.path.join(content_path, folder)
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not _hidden(d))
            for name in sorted(files):
                if _hidden(name) or name.endswith(CONTENT_SUFFIX):
                    continue
                if os.path.islink(os.path.join(root, name)):
                    continue  # reported by uploads.link_problems
                stem = os.path.splitext(name)[0]
                problems.append(
                    Problem(
                        shown(os.path.join(root, name)),
                        1,
                        f"not a content file: documents are Markdown files ending in .md "
                        f"(rename it {stem}.md); pictures go in content/{IMAGE_FOLDER}/",
                    )
                )
    return problems


def extra_files(content_path: str) -> list[str]:
    """Files under content/extra/ (not hidden), relative to it, with forward slashes."""
    return paths_under(content_path, EXTRA_FOLDER)


def paths_under(content_path: str, folder: str) -> list[str]:
    """Files under content/<folder>/ (not hidden, but content/extra/.well-known/), relative to
    it, with forward slashes. Symbolic links are neither listed nor followed (they are
    problems of their own: uploads.link_problems)."""
    top = os.path.join(content_path, folder)
    if os.path.islink(top):
        return []
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(
            d
            for d in dirs
            if not os.path.islink(os.path.join(root, d))
            and (
                not _hidden(d)
                or (folder == EXTRA_FOLDER and root == top and d == WELL_KNOWN_FOLDER)
            )
        )
        for name in sorted(files):
            full = os.path.join(root, name)
            if not _hidden(name) and not os.path.islink(full):
                found.append(os.path.relpath(full, top).replace(os.sep, "/"))
    return found


def extra_collisions(documents: list[Document], content_path: str, shown_root: str,
                     editions: tuple[str, ...] = ()):  # fmt: skip
    """A file of content/extra/ must not replace a page or file the build makes."""
    routes = reserved_routes(editions)
    made = {d.save_as for d in documents} | set(routes) | {"index.html"}
    made |= {url + "index.html" for url in routes if url.endswith("/")}
    problems = []
    for rel in extra_files(content_path):
        if rel in made or rel.split("/", 1)[0] in ("theme", "pagefind", IMAGE_FOLDER):
            path = os.path.relpath(os.path.join(content_path, EXTRA_FOLDER, rel), shown_root)
            problems.append(
                Problem(
                    path,
                    1,
                    f"would replace /{rel}, which the build makes itself: "
                    "rename or remove this file",
                )
            )
    return problems


def duplicate_urls(documents: list[Document], editions: tuple[str, ...] = ()) -> list[Problem]:
    problems = []
    by_url: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        by_url[doc.url].append(doc)
    reserved = reserved_routes(editions)
    for url, docs in sorted(by_url.items()):
        # Report on the file whose `slug:` made the clash, if one did.
        docs.sort(key=lambda d: ("slug" in d.values, d.source))
        first = docs[0]
        for other in docs[1:]:
            problems.append(
                Problem(
                    other.source,
                    other.line_of("slug"),
                    f"publishes to /{url}, the same URL as {first.source}: "
                    "give one of them another 'slug:' or file name",
                )
            )
        top = url.split("/", 1)[0] + "/"
        if first.ctype.is_page and (url in reserved or top in reserved):
            what = reserved.get(url) or reserved.get(top)
            for doc in docs:
                problems.append(
                    Problem(
                        doc.source,
                        doc.line_of("slug"),
                        f"a page cannot publish to /{url}: the site uses it for {what}; "
                        "choose another slug",
                    )
                )
    return problems


def site_paths(documents: list[Document], content_path: str, languages: tuple[str, ...] = (),
               editions: tuple[str, ...] = ()) -> set[str]:  # fmt: skip
    """Every site-relative path a build publishes: documents, listings, feeds, static files.
    `languages`: the site's language codes, `editions` the prefixes of every edition ("" for
    the default language's, "fr/"…): each has its copy of every navigation page."""
    published = [d for d in documents if not d.is_draft]
    paths = {d.url for d in published}
    paths |= {d.url + "event.ics" for d in published if d.ctype.name == "webinar"}
    routes = reserved_routes(tuple(e for e in editions if e))
    navigation = {""} | {url for url in routes if url.endswith("/")}
    for doc in published:
        for taxonomy in TAXONOMIES:
            for term in doc.values.get(taxonomy.name, ()):
                navigation.add(taxonomy.term_url(term))
    paths |= set(routes)
    for prefix in editions or ("",):
        paths |= {prefix + url for url in navigation} | {prefix + "404.html"}
    for prefix, code in zip(editions, languages, strict=False):
        navigation.add(prefix + LANGUAGE_LISTING.format(code=code))
        paths.add(prefix + LANGUAGE_LISTING.format(code=code))
    for listing in navigation:
        paths |= {listing, f"{listing}feed.xml", f"{listing}atom.xml"}
    paths |= {f"{IMAGE_FOLDER}/{p}" for p in paths_under(content_path, IMAGE_FOLDER)}
    paths |= set(extra_files(content_path))
    return paths


def listing_sizes(documents: list[Document]) -> dict[str, int]:
    """Documents in each listing (type and term), to know how many pages it has."""
    sizes: dict[str, int] = defaultdict(int)
    for doc in documents:
        if doc.is_draft or doc.ctype.is_page:
            continue
        sizes[doc.ctype.listing_url] += 1
        # A language's listing has the documents in it, "fr-CA" in French's.
        for code in {doc.lang, doc.lang.split("-")[0]}:
            sizes[LANGUAGE_LISTING.format(code=code)] += 1
        for taxonomy in TAXONOMIES:
            for term in doc.values.get(taxonomy.name, ()):
                sizes[taxonomy.term_url(term)] += 1
    return sizes


def _is_pagination(path: str, sizes: dict[str, int], per_page: int,
                   editions: tuple[str, ...] = ()) -> bool:  # fmt: skip
    """`blog/page/3/` exists only if the blog listing has a third page (and `fr/blog/page/3/`,
    its French edition's)."""
    for prefix in editions:
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
            break
    head, sep, tail = path.rstrip("/").rpartition("/page/")
    if not (sep and tail.isdigit()):
        return False
    pages = -(-sizes.get(head + "/", 0) // per_page)  # ceiling
    return 2 <= int(tail) <= pages


def _resolve_site_path(doc: Document, target: str) -> str:
    parts = urlsplit(target)
    path = unquote(parts.path)
    if not path:
        return doc.url
    absolute = posixpath.normpath(posixpath.join("/" + doc.url, path))
    if path.endswith("/") and not absolute.endswith("/"):
        absolute += "/"
    relative = absolute.lstrip("/")
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return relative


def _climbs_above_root(doc: Document, target: str) -> bool:
    """Whether a site link's `..` segments climb above the site's root, as a browser
    resolves them (`%2e%2e` and `\\` included). Such a path names a file outside the site for
    whatever reads it from the disk (the pictures' resizer did)."""
    path = unquote(urlsplit(target).path).replace("\\", "/")
    parts = [] if path.startswith("/") else [p for p in doc.url.split("/") if p]
    for segment in path.split("/"):
        if segment == "..":
            if not parts:
                return True
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    return False


def broken_links(documents: list[Document], content_path: str, per_page: int = 20,
                 languages: tuple[str, ...] = (),
                 editions: tuple[str, ...] = ()) -> list[Problem]:  # fmt: skip
    """Every link of a published document to the site that leads nowhere. `languages` and
    `editions` as for `site_paths`."""
    problems = []
    paths = site_paths(documents, content_path, languages, editions)
    sizes = listing_sizes(documents)
    static = {f"{IMAGE_FOLDER}/{p}" for p in paths_under(content_path, IMAGE_FOLDER)}
    static |= {f"{EXTRA_FOLDER}/{p}" for p in extra_files(content_path)}
    sources = {doc.content_relative: doc for doc in documents}
    drafts = {d.url for d in documents if d.is_draft}
    for doc in documents:
        if doc.is_draft:
            continue
        for link in doc.links:
            found = _check_link(
                doc, link.target, paths, sources, drafts, static, sizes, per_page, editions
            )
            if found:
                problems.append(Problem(doc.source, link.line, *found))
    return problems


def _check_link(doc, target, paths, sources, drafts, static, sizes, per_page, editions=()):
    """None for a good link, else (message, suggestion). `static`: published static files,
    as paths under content/."""
    if target.startswith("{"):
        what, _, rest = target[1:].partition("}")
        rest = unquote(urlsplit(rest).path)
        if not rest:
            return None
        base = posixpath.dirname(doc.content_relative)
        joined = rest.lstrip("/") if rest.startswith("/") else posixpath.join(base, rest)
        rel = posixpath.normpath(joined.replace("\\", "/"))
        if rel == ".." or rel.startswith("../"):
            return (
                f"link to {target} leaves content/ ('..' goes above it): "
                "link only to files under content/",
                None,
            )
        if what == "filename":
            linked = sources.get(rel)
            if linked is None:
                if rel in static:
                    return None
                hint = suggest(rel, sources, cutoff=0.8)
                return f"link to {target}: no document or published file content/{rel}", hint
            if linked.is_draft:
                return f"link to {target}: that document is a draft, which is not published", None
            return None
        if what in ("static", "attach"):
            if rel in static:
                return None
            return (
                f"link to {target}: content/{rel} is not a published file "
                f"(those are under content/{IMAGE_FOLDER}/ and content/{EXTRA_FOLDER}/)",
                suggest(rel, static, cutoff=0.8),
            )
        return (
            f"link to {target}: unknown link kind '{{{what}}}' (use {{filename}} or {{static}})",
            None,
        )
    if _climbs_above_root(doc, target):
        return (
            f"link to {target} goes above the site's root with '..': write the path from the "
            "root without '..', e.g. /images/map.png",
            None,
        )
    path = _resolve_site_path(doc, target)
    if path in paths or path + "/" in paths or _is_pagination(path, sizes, per_page, editions):
        return None
    if path in drafts or path + "/" in drafts:
        return f"link to {target}: that document is a draft, which is not published", None
    hint = suggest("/" + path, ["/" + p for p in paths], cutoff=0.8)
    return f"link to {target} points at no page of the site", hint


def translation_problems(documents: list[Document]) -> list[Problem]:
    """`translation_key` links the language versions of one text: each language once per key,
    all of one type. A key used once is fine (the other versions are not written yet)."""
    problems = []
    by_key: dict[str, list[Document]] = defaultdict(list)
    for doc in sorted(documents, key=lambda d: d.source):
        key = doc.values.get("translation_key")
        if key:
            by_key[key].append(doc)
    for key, docs in sorted(by_key.items()):
        first_of: dict[str, Document] = {}
        # The type most of the versions have (the first file's, on a tie): the others are
        # the mistake.
        kinds = [d.ctype for d in docs]
        kind = max(kinds, key=lambda k: (kinds.count(k), -kinds.index(k)))
        model = next(d for d in docs if d.ctype is kind)
        for doc in docs:
            line = doc.line_of("translation_key")
            if doc.ctype is not kind:
                problems.append(
                    Problem(
                        doc.source,
                        line,
                        f"translation_key '{key}' joins this {doc.ctype.label.lower()} to "
                        f"{model.source}, a {kind.label.lower()}: the versions of a text are "
                        "of one type",
                    )
                )
                continue
            lang = doc.lang.lower()
            if lang in first_of:
                problems.append(
                    Problem(
                        doc.source,
                        line,
                        f"translation_key '{key}' has a version in '{doc.lang}' already, "
                        f"{first_of[lang].source}: set another 'lang:', or another key",
                    )
                )
                continue
            first_of[lang] = doc
    return problems
