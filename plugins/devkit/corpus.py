"""A deterministic corpus of contract-valid documents, for benchmarks and tests.

    python -m devkit.corpus --count 2000 --out benchmarks/corpus-2000

writes `<out>/content/` (our contract: YAML front matter, the project's taxonomies) and, with
`--pelican`, `<out>/pelican-content/` (the same documents in Pelican's own `Key: value`
metadata), so stock Pelican can be measured on the same texts. The same count and seed give
the same bytes.

What it makes: the four types in the proportions the Alliance publishes (posts 45 %, member
articles 20 %, primers 15 %, webinars 20 %), 400 to 2,500 words each, with headings, lists, a
table, footnotes and links to earlier documents; every topic and region, about 60 countries;
one document in seven in French, Spanish or Arabic; webinars past and upcoming.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: its content/taxonomies/
TYPES = [("blog", 45), ("articles", 20), ("primers", 15), ("webinars", 20)]
COUNTRIES = (
    "KE UG TZ RW ET GH NG SN CI CM ZA ZM MW MZ MG ID PH VN KH TH MM NP BD IN PK LK MN KG KZ UZ "
    "TJ UA MD GE AM AL RS BA MK XK TR EG MA TN JO LB IQ YE PE BO EC CO BR CL MX GT HN SV PY"
).split()
COUNTRIES = [c for c in COUNTRIES if c != "XK"]  # not an ISO 3166-1 code
WORDS = {
    "en": (
        "local government fiscal transfer revenue budget council district municipality service "
        "delivery accountability citizens reform decentralization province region capacity "
        "finance property tax grant formula equalization health education water sanitation "
        "roads planning participation election mandate administration staff procurement audit "
        "performance indicator measurement assessment evidence policy ministry central level "
        "autonomy devolution deconcentration delegation discretion expenditure assignment "
        "borrowing infrastructure urban rural community development inclusion gender climate "
        "resilience conflict fragility transparency oversight coordination"
    ).split(),
    "fr": (
        "collectivité locale commune budget transfert fiscal recette décentralisation service "
        "public citoyens réforme région capacité finances impôt foncier dotation péréquation "
        "santé éducation eau assainissement participation élection mandat administration"
    ).split(),
    "es": (
        "gobierno local municipio presupuesto transferencia fiscal ingreso descentralización "
        "servicio público ciudadanos reforma región capacidad finanzas impuesto predial salud "
        "educación agua saneamiento participación elección mandato administración"
    ).split(),
    "ar": (
        "الحكم المحلي البلدية الميزانية التحويلات المالية الإيرادات اللامركزية الخدمات العامة "
        "المواطنون الإصلاح الإقليم القدرات المالية الضريبة الصحة التعليم المياه المشاركة "
        "الانتخابات الإدارة المساءلة"
    ).split(),
}
LANGS = ["en"] * 18 + ["fr", "es", "ar"]  # one document in seven is not in English


def vocabulary(name: str) -> list[str]:
    text = (ROOT / "content" / "taxonomies" / f"{name}.yml").read_text("utf-8")
    return [line.split(":")[0] for line in text.splitlines() if line and line[0].isalnum()]


def sentence(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(8, 20))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, lang, sentences=None) -> str:
    return " ".join(sentence(rng, lang) for _ in range(sentences or rng.randint(3, 7)))


def body(rng: random.Random, lang: str, words: int, links: list[str]) -> str:
    parts, count, section = [], 0, 0
    notes = []
    while count < words:
        if count and rng.random() < 0.18:
            section += 1
            parts.append(f"## {sentence(rng, lang)[:-1]}")
        kind = rng.random()
        if kind < 0.08:
            rows = "\n".join(
                f"| {rng.choice(WORDS[lang])} | {rng.randint(1, 99)} % | {rng.randint(1, 9000)} |"
                for _ in range(4)
            )
            parts.append(f"| Item | Share | Amount |\n|:-----|------:|-------:|\n{rows}")
            count += 16
        elif kind < 0.16:
            parts.append("\n".join(f"- {sentence(rng, lang)}" for _ in range(rng.randint(2, 5))))
            count += 40
        else:
            text = paragraph(rng, lang)
            if links and rng.random() < 0.25:
                target = rng.choice(links)
                text += f" See [a related document]({target})."
            if rng.random() < 0.1:
                notes.append(sentence(rng, lang))
                text += f"[^{len(notes)}]"
            parts.append(text)
            count += len(text.split())
    parts += [f"[^{i}]: {note}" for i, note in enumerate(notes, 1)]
    return "\n\n".join(parts) + "\n"


def documents(count: int, seed: int = 2026):
    """Yield (folder, slug, fields, body) for `count` documents."""
    rng = random.Random(seed)
    topics, regions = vocabulary("topics"), vocabulary("regions")
    start = datetime(2015, 1, 5, tzinfo=UTC)
    span = (datetime(2027, 6, 1, tzinfo=UTC) - start).total_seconds()
    folders = [folder for folder, weight in TYPES for _ in range(weight)]
    urls: list[str] = []
    for i in range(count):
        folder = folders[rng.randrange(len(folders))]
        lang = LANGS[rng.randrange(len(LANGS))]
        date = start + timedelta(seconds=int(span * i / max(count, 1)))
        slug = f"{folder[:-1] if folder != 'blog' else 'post'}-{i:05d}"
        fields = {
            "title": sentence(rng, lang)[:70].rstrip(". ") or f"Document {i}",
            "date": date.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "topics": rng.sample(topics, rng.randint(1, 3)),
            "regions": rng.sample(regions, rng.randint(1, 2)),
        }
        if i % len(topics) < len(topics):  # every topic appears: cycle through them
            fields["topics"][0] = topics[i % len(topics)]
            fields["topics"] = list(dict.fromkeys(fields["topics"]))
        if rng.random() < 0.7:
            fields["countries"] = rng.sample(COUNTRIES, rng.randint(1, 3))
        if lang != "en":
            fields["lang"] = lang
        if folder in ("blog", "articles") or rng.random() < 0.5:
            fields["authors"] = [f"Author {rng.randint(1, 400)}" for _ in range(rng.randint(1, 3))]
            fields["authors"] = list(dict.fromkeys(fields["authors"]))
        if folder == "articles":
            fields["affiliation"] = f"University {rng.randint(1, 80)}"
        if folder == "primers":
            fields["level"] = rng.choice(["introductory", "intermediate", "advanced"])
        if folder == "webinars":
            offset = rng.choice([0, 1, 2, 3, 5.5, 7, -5, -3])
            hours = int(offset)
            minutes = int(abs(offset - hours) * 60)
            tz = timezone(timedelta(hours=hours, minutes=minutes if offset >= 0 else -minutes))
            event = (date + timedelta(days=rng.randint(7, 40))).astimezone(tz)
            fields["event_date"] = event.replace(hour=rng.choice([9, 10, 14, 16]), minute=0)
            fields["event_date"] = fields["event_date"].isoformat()
            fields["series"] = f"Global Webinar Series {2015 + i * 12 // max(count, 1)}"
            fields["registrants"] = rng.randint(50, 900)
            fields["attendees"] = rng.randint(20, fields["registrants"])
        text = body(rng, lang, rng.randint(400, 2500), urls[-200:])
        urls.append(f"/{folder}/{slug}/")
        yield folder, slug, fields, text


def yaml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(count: int, out: Path, pelican: bool = False, seed: int = 2026) -> None:
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    shutil.copytree(ROOT / "content" / "taxonomies", content / "taxonomies")
    for folder, _ in TYPES:
        (content / folder).mkdir(parents=True, exist_ok=True)
    for folder, slug, fields, text in documents(count, seed):
        front = "\n".join(f"{key}: {yaml_value(value)}" for key, value in fields.items())
        (content / folder / f"{slug}.md").write_text(f"---\n{front}\n---\n{text}", "utf-8")
        if pelican:
            target = out / "pelican-content" / folder / f"{slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            meta = {
                "Title": fields["title"],
                "Date": fields["date"].replace("T", " ")[:16],
                "Slug": slug,
                "Tags": ", ".join(fields["topics"]),
                "Authors": ", ".join(fields.get("authors", [])),
                "Lang": fields.get("lang", "en"),
            }
            head = "\n".join(f"{k}: {v}" for k, v in meta.items() if v)
            target.write_text(f"{head}\n\n{text}", "utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pelican", action="store_true", help="also write Pelican's format")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    write(args.count, args.out, args.pelican, args.seed)


if __name__ == "__main__":
    main()
