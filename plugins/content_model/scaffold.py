"""A new document's file, made from the contract (`invoke new`).

Every field of the type is written, the required ones with a value that passes the checks and
the optional ones commented out, each with its help from `schema.py`. The document starts as a
draft, so nothing in it is published before its writer says so.
"""

from __future__ import annotations

import os
from datetime import date

from .schema import CONTENT_SUFFIX, TYPES_BY_NAME, ContentType
from .values import slugify

#: Values for required fields that the writer must change, all valid under the contract.
STARTERS = {
    "topics": "[local-governance]",
    "regions": "[global]",
    "event_date": "{today}T14:00:00+00:00",
}


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold(ctype: ContentType, title: str, today: date, authors: list[str]) -> str:
    lines = ["---"]
    for field in ctype.fields:
        if field.name == "title":
            value = yaml_string(title)
        elif field.name == "date":
            value = today.isoformat()
        elif field.name == "status":
            lines.append("status: draft  # change to published when it is ready")
            continue
        elif field.name == "authors" and authors:
            value = "[" + ", ".join(yaml_string(a) for a in authors) + "]"
        elif field.name in STARTERS and field.required:
            value = STARTERS[field.name].format(today=today.isoformat())
        else:
            lines.append(f"# {field.name}:  # {field.help}")
            continue
        comment = f"  # {field.help}" if field.help and field.name != "title" else ""
        lines.append(f"{field.name}: {value}{comment}")
    lines += [
        "---",
        "Write the text here, in Markdown. The first paragraph is the summary unless you give",
        "one above. See docs/content.md for every field, and CONTRIBUTING.md for the checks.",
        "",
    ]
    return "\n".join(lines)


def new_document(
    content_path: str, type_name: str, title: str, today: date, authors: list[str]
) -> str:
    """Write the new document and return its path; never overwrite an existing file."""
    if type_name not in TYPES_BY_NAME:
        raise ValueError(f"unknown type {type_name!r}: one of {', '.join(TYPES_BY_NAME)}")
    ctype = TYPES_BY_NAME[type_name]
    slug = slugify(title)
    if not slug:
        raise ValueError(f"the title {title!r} gives no file name: use some letters or digits")
    path = os.path.join(content_path, ctype.folder, slug + CONTENT_SUFFIX)
    if os.path.exists(path):
        raise FileExistsError(f"{path} already exists: choose another title, or edit that file")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(scaffold(ctype, title, today, authors))
    return path
