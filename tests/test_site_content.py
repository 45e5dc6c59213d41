"""The Alliance's own starting content: present, valid, and free of placeholder text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

PAGES = ["about", "board", "membership", "contribute", "strategic-plan", "courses", "newsletter",
         "privacy"]  # fmt: skip
WEBINARS = [
    "knowledge-week-asia-2021",
    "knowledge-week-sub-saharan-africa-2021",
    "knowledge-week-middle-east-north-africa-2022",
    "knowledge-week-latin-america-caribbean-2022",
    "knowledge-week-europe-central-asia-2022",
    "elevating-the-debate-local-governance-indicators",
    "moldova-territorial-administrative-reform",
]
# TODO and TBD in capitals only: "todo" is a Spanish word ("all"), in the Spanish texts.
PLACEHOLDERS = re.compile(r"lorem ipsum|(?-i:\bTODO\b|\bTBD\b)|example\.(com|org|net)|xxx", re.I)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def documents(folder: str) -> list[Path]:
    return sorted((CONTENT / folder).glob("*.md"))


@pytest.mark.parametrize("slug", PAGES)
def test_every_page_is_there(slug):
    assert (CONTENT / "pages" / f"{slug}.md").is_file()


@pytest.mark.parametrize("slug", WEBINARS)
def test_every_webinar_is_there_with_its_month_only(slug):
    fields = front_matter(CONTENT / "webinars" / f"{slug}.md")
    assert fields["event_date_precision"] == "month"  # the documents give no day or time
    assert "video" not in fields and "speakers" not in fields  # none given: none invented


def test_the_indicators_webinar_has_its_figures():
    fields = front_matter(CONTENT / "webinars" / f"{WEBINARS[5]}.md")
    assert (fields["registrants"], fields["attendees"]) == (220, 120)


def test_at_least_six_primers_with_levels_and_six_posts():
    primers = documents("primers")
    assert len(primers) >= 6
    assert all(front_matter(p)["level"] in ("introductory", "intermediate", "advanced")
               for p in primers)  # fmt: skip
    assert len(documents("blog")) >= 6


def test_no_placeholder_text_anywhere():
    for path in CONTENT.rglob("*"):
        if path.suffix in (".md", ".yml"):
            found = PLACEHOLDERS.search(path.read_text("utf-8"))
            assert found is None, f"{path}: {found.group(0)!r}"


def test_every_region_and_at_least_twelve_topics_have_documents():
    regions, topics = set(), set()
    for folder in ("blog", "primers", "webinars", "articles"):
        for path in documents(folder):
            fields = front_matter(path)
            regions |= set(fields["regions"])
            topics |= set(fields["topics"])
    assert regions == set(yaml.safe_load((CONTENT / "taxonomies" / "regions.yml").read_text()))
    assert len(topics) >= 12
