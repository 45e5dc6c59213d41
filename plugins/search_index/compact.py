"""Make Pagefind's word index small enough for a first search on a slow connection.

Pagefind stores, for every word, every page that has it and every place on the page where it
occurs. A query loads the whole entry of its words, and the words that matter most in this
library (budget, local, council…) are on nearly every page, dozens of times: on 10,000
documents the entry of "budget" alone was 265 KB, most of a first search.

What the places are used for, in Pagefind 1.5.2: the score of a page (BM25 on the sum of the
places' weights: 24 in the text, more in headings and the title), the excerpt (the window with
the most places) and the highlighted words, and quoted phrases (places next to each other).

So each word keeps, on each page, its first few places (at least `MIN_LOCATIONS`, more when
the weight to carry needs them), and those places carry the weight of all the others: the sum
of the weights is the same to within rounding, so scores and the order of results do not
change; every page is still found by every word it contains. What changes: the excerpt comes
from the first places of the words, a later occurrence inside the excerpt may be left
unhighlighted, and quoted phrases can no longer be trusted (search.js searches them as words).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import accumulate

from site_build.errors import BuildError

from .canonical import decode, digest, encode, read, reading

#: The Pagefind versions whose index format this module knows (see `pagefind_web/src/index.rs`).
SUPPORTED_VERSIONS = {"1.5.2"}

#: Places kept for each word on each page, at least.
MIN_LOCATIONS = 3

#: A place's weight is one byte in Pagefind's search.
MAX_WEIGHT = 255

#: Pagefind's weight before any weight marker.
DEFAULT_WEIGHT = 25

#: The words range of an empty index chunk listed first. Pagefind (1.5.2) asks, for a search
#: with filters and no words, for every chunk whose range loosely matches the empty word, which
#: is every chunk: the whole index (5.8 MB on 10,000 documents, 22 MB before compaction), for
#: every "Search within" link of a topic, region or country page. A chunk whose range is exactly
#: the empty word matches strictly, and then Pagefind asks for that one only. No word is in that
#: range, so other searches never need it (a word matched loosely also loads it: 40 bytes).
EMPTY_CHUNK_RANGE = ("", "")


def decode_groups(encoded: list[int]) -> list[tuple[int, list[int]]]:
    """[(weight, [positions])] from Pagefind's encoding: a negative number -(w + 1) sets the
    weight of the places after it; the first place after it is absolute, the next ones deltas."""
    markers = [i for i, value in enumerate(encoded) if value < 0]
    groups = []
    if not markers or markers[0] > 0:
        first = encoded[: markers[0]] if markers else encoded
        groups.append((DEFAULT_WEIGHT, list(accumulate(first))))
    for n, i in enumerate(markers):
        end = markers[n + 1] if n + 1 < len(markers) else len(encoded)
        groups.append((min(-encoded[i] - 1, MAX_WEIGHT), list(accumulate(encoded[i + 1 : end]))))
    return groups


def decode_locations(encoded: list[int]) -> list[tuple[int, int]]:
    """[(weight, position)], in the order of the encoding."""
    return [(weight, p) for weight, positions in decode_groups(encoded) for p in positions]


def kept_count(total_weight: int) -> int:
    """How many places carry a word's total weight on a page."""
    return max(MIN_LOCATIONS, -(-total_weight // MAX_WEIGHT))


def compact_locations(encoded: list[int]) -> list[int]:
    """The first places of a word on a page, carrying the weight of all of them.

    One pass over the encoding (this runs for every word on every page: it is most of the
    time of indexing): the total weight, and each group's first places."""
    if len(encoded) <= MIN_LOCATIONS + 1:  # a weight marker and a few places: nothing to do
        return encoded
    total = places = 0
    weight = DEFAULT_WEIGHT
    groups: list[list[int]] = []
    current = None
    position = 0
    for value in encoded:
        if value < 0:
            weight = min(-value - 1, MAX_WEIGHT)
            current = None
            continue
        if current is None:
            current = []
            groups.append(current)
            position = 0
        position += value
        current.append(position)
        total += weight
        places += 1
    count = kept_count(total)
    if places <= count:
        return encoded
    # Each group's positions ascend: the first `count` of all are among each group's first.
    kept = sorted(p for positions in groups for p in positions[:count])[:count]
    mean = (2 * total + count) // (2 * count)  # total / count, rounded half up
    out = [-(mean + 1)]
    last = 0
    for p in kept:
        out.append(p - last)
        last = p
    return out


def _compact_pages(pages: list) -> None:
    for page in pages:
        page[1] = compact_locations(page[1])


def compact_chunk(chunk: list) -> list:
    """An index chunk, `[[word, pages, variants], …]`, each page `[page, places, meta places]`."""
    for word in chunk[0]:
        _compact_pages(word[1])
        for variant in word[2] if len(word) > 2 else []:
            _compact_pages(variant[1])
    return chunk


def compact_index(bundle: str) -> None:
    """Compact every index chunk of `bundle`, name each by a hash of its new contents, and
    point the metadata at them; add the empty chunk (see `EMPTY_CHUNK_RANGE`)."""
    entry_path = os.path.join(bundle, "pagefind-entry.json")
    entry = read(entry_path, json.loads)
    with reading(entry_path):
        version = entry["version"]
        languages = sorted(entry["languages"].items())
    if version not in SUPPORTED_VERSIONS:
        raise BuildError(
            f"search: Pagefind {version}: search_index/compact.py knows the index format of "
            f"{', '.join(sorted(SUPPORTED_VERSIONS))} only; check it and update it"
        )
    index_dir = os.path.join(bundle, "index")
    paths = [os.path.join(index_dir, name) for name in sorted(os.listdir(index_dir))]
    chunks = {}
    for path, data in zip(paths, _map(_compact_file, paths), strict=True):
        chunks[os.path.basename(path).removesuffix(".pf_index")] = data
        os.remove(path)
    renamed = {}
    for old_hash, data in chunks.items():
        renamed[old_hash] = f"{old_hash.rsplit('_', 1)[0]}_{digest(data, 7)}"
        _write(os.path.join(index_dir, f"{renamed[old_hash]}.pf_index"), data)

    for language, info in languages:
        with reading(entry_path):
            path = os.path.join(bundle, f"pagefind.{info['hash']}.pf_meta")
        meta = read(path, decode)
        with reading(path):
            chunk_list = meta[2]
            if not all(isinstance(c, list) and len(c) == 3 for c in chunk_list):
                raise ValueError("not the index chunk list of Pagefind 1.5")
        empty = encode([[]])
        empty_hash = f"{language}_{digest(empty, 7)}"
        _write(os.path.join(index_dir, f"{empty_hash}.pf_index"), empty)
        with reading(path):
            meta[2] = [[*EMPTY_CHUNK_RANGE, empty_hash]] + [
                [first, last, renamed[name]]
                for first, last, name in chunk_list
                if [first, last] != list(EMPTY_CHUNK_RANGE)
            ]
        _write(path, encode(meta))


def _compact_file(path: str) -> bytes:
    chunk = read(path, decode)
    with reading(path):
        return encode(compact_chunk(chunk))


def _map(function, items: list) -> list:
    """`function` over `items`, on every core when there are enough of them (chunks are
    independent; a large site has hundreds)."""
    processes = os.cpu_count() or 1
    if processes < 2 or len(items) < 8 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        return list(pool.map(function, items, chunksize=max(1, len(items) // (processes * 4))))


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
