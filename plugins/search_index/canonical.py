"""Make a Pagefind bundle byte-identical from one build to the next.

Pagefind 1.5.2 keeps filters in hash maps whose iteration order is random per process: the
values inside each filter file, the list of filters in each language's metadata file and the
languages in `pagefind-entry.json` come out in a different order on every run, and since file
names are hashes of contents, the names change too. Page numbers, word index chunks and
fragments are stable when pages are added in a fixed order (see `index.py`).

This post-step, run on the staged bundle before the swap, sorts those three things, writes
the files again (gzip with a zero timestamp), names them by a hash of their new contents and
updates every reference. The search reads the same data: only the order changes.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import zlib

import cbor2

from site_build.errors import BuildError

SIGNATURE = b"pagefind_dcd"

#: What reading a file that is not what Pagefind 1.5 writes raises: an empty or cut-short file
#: (Pagefind can leave one on a full disk and still exit 0), or other contents.
DAMAGED = (
    ValueError,  # json (JSONDecodeError), UnicodeDecodeError, our own checks
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    EOFError,  # gzip, cut short
    zlib.error,
    gzip.BadGzipFile,
    cbor2.CBORError,
)

#: gzip level of the files rewritten here: 6 was three times as fast as 9 on the index of 2,000
#: documents, and 1 % larger (the search reads a few of these files at a time).
GZIP_LEVEL = 6


@contextlib.contextmanager
def reading(path: str):
    """Within it, a file of Pagefind's that cannot be understood is one line naming it
    (a `BuildError`, which the search index's process sends to the build), not a traceback."""
    try:
        yield
    except DAMAGED as e:
        reason = f"no {e}" if isinstance(e, KeyError) else str(e) or type(e).__name__
        raise BuildError(f"search: Pagefind left an unreadable file {path}: {reason}") from None


def read(path: str, parse):
    """`parse(bytes)` of the file at `path` (written by Pagefind), inside `reading(path)`."""
    with open(path, "rb") as f:
        raw = f.read()
    with reading(path):
        return parse(raw)


def decode(raw: bytes):
    data = gzip.decompress(raw)
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE) :])


def encode(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=GZIP_LEVEL, mtime=0)


def digest(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _language(hash_name: str) -> str:
    return hash_name.rsplit("_", 1)[0]


def _is_filter_ref(item, renamed: dict[str, str]) -> bool:
    """A `[filter name, file]` reference to a renamed filter file (only there: a page is
    `[file, word count]`, and a page's file could share a filter file's old name)."""
    return (
        isinstance(item, list)
        and len(item) == 2
        and all(isinstance(part, str) for part in item)
        and item[1] in renamed
    )


def _replace_filter_refs(value, filters: dict[str, str]):
    """The metadata with filter references renamed, and any list of them sorted by name."""
    if _is_filter_ref(value, filters):
        return [value[0], filters[value[1]]]
    if isinstance(value, list):
        items = [_replace_filter_refs(item, filters) for item in value]
        is_filter_list = items and all(
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], str)
            and item[1] in filters.values()
            for item in items
        )
        return sorted(items, key=lambda item: item[0]) if is_filter_list else items
    return value


def canonicalize(bundle: str) -> None:
    """Rewrite the bundle at `bundle` (a `pagefind/` folder) in a canonical order."""
    renamed_filters: dict[str, str] = {}
    filter_dir = os.path.join(bundle, "filter")
    for name in sorted(os.listdir(filter_dir)) if os.path.isdir(filter_dir) else []:
        old_hash = name.removesuffix(".pf_filter")
        path = os.path.join(filter_dir, name)
        with reading(path):
            filter_name, values = read(path, decode)
            data = encode([filter_name, sorted(values, key=lambda entry: entry[0])])
        new_hash = f"{_language(old_hash)}_{digest(data, 7)}"
        os.remove(path)
        with open(os.path.join(filter_dir, f"{new_hash}.pf_filter"), "wb") as f:
            f.write(data)
        renamed_filters[old_hash] = new_hash

    renamed_meta: dict[str, str] = {}
    for name in sorted(os.listdir(bundle)):
        if not (name.startswith("pagefind.") and name.endswith(".pf_meta")):
            continue
        old_hash = name.removeprefix("pagefind.").removesuffix(".pf_meta")
        path = os.path.join(bundle, name)
        with reading(path):
            data = encode(_replace_filter_refs(read(path, decode), renamed_filters))
        new_hash = f"{_language(old_hash)}_{digest(data, 10)}"
        os.remove(path)
        with open(os.path.join(bundle, f"pagefind.{new_hash}.pf_meta"), "wb") as f:
            f.write(data)
        renamed_meta[old_hash] = new_hash

    entry_path = os.path.join(bundle, "pagefind-entry.json")
    entry = read(entry_path, json.loads)
    languages = {}
    with reading(entry_path):
        for language in sorted(entry["languages"]):
            info = dict(entry["languages"][language])
            info["hash"] = renamed_meta.get(info["hash"], info["hash"])
            languages[language] = info
    entry["languages"] = languages
    with open(entry_path, "w", encoding="utf-8") as f:
        json.dump(entry, f, ensure_ascii=False, separators=(",", ":"))
