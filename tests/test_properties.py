"""Property: whatever the front matter, a file yields a document or `file:line:` problems.

Never an exception. Hypothesis writes arbitrary front matter: known and unknown fields,
values of every YAML shape, broken YAML, odd characters.
"""

from __future__ import annotations

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_model.document import parse_document
from content_model.schema import CONTENT_TYPES, TYPES_BY_NAME
from content_model.values import Site
from content_model.vocabularies import load_vocabularies

from conftest import ROOT

VOCABULARIES, _ = load_vocabularies(str(ROOT / "content"), str(ROOT))
SITE = Site(vocabularies=VOCABULARIES, images=frozenset({"map.png"}))
FIELD_NAMES = sorted({f.name for t in CONTENT_TYPES for f in t.fields})
LINE = re.compile(r"^content/[a-z-]+/[^:]+\.md:(\d+): \S")

scalars = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates().map(str),
    st.sampled_from(
        ["2022-11-17", "2023-02-30", "2022-11-17T14:00:00+02:00", "NO", "health", "asia",
         "draft", "en", "ar", "map.png", "https://youtu.be/x", "-1", "~", "[", "{", ": x"]
    ),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))


@st.composite
def front_matters(draw):
    if draw(st.booleans()):
        data = draw(st.dictionaries(keys, values, max_size=12))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:  # raw text, often not YAML at all
        text = draw(st.text(max_size=200))
    body = draw(st.text(max_size=200))
    fence = draw(st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "", "--\n"]))
    return f"{fence}{text}---\n{body}"


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=front_matters(), type_name=st.sampled_from(sorted(TYPES_BY_NAME)))
def test_any_front_matter_gives_a_document_or_located_problems(text, type_name):
    ctype = TYPES_BY_NAME[type_name]
    source = f"content/{ctype.folder}/generated.md"
    doc = parse_document(text.encode("utf-8", "surrogatepass"), source, ctype, SITE)
    # Lines end in LF, CRLF or a lone CR (contract §6.3).
    line_count = max(1, text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1)
    for problem in doc.problems:
        formatted = problem.format()
        m = LINE.match(formatted)
        assert m, formatted
        assert 1 <= int(m[1]) <= line_count, formatted
    if not doc.problems:
        assert doc.values["title"]
        assert doc.url.startswith(ctype.url_prefix)
