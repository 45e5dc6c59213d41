"""The topic and region vocabularies, read from `content/taxonomies/<name>.yml`.

Each file maps a slug to its name and description. Editors add a topic by adding an entry;
the build, the validator and the listings pick it up with no code change. Mistakes in the
files themselves are problems with `file:line` like any other content.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import yaml

from .frontmatter import CONTROL_CHARACTERS, DIRECTION_CONTROLS, compose, node_line, normalize_text
from .problems import Problem
from .schema import SLUG_PATTERN, TAXONOMY_FOLDER, VOCABULARY_FILES


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    description: str
    #: language tag -> (name, description) in that language; English is `name`/`description`,
    #: and the fallback of a language missing here.
    translations: tuple[tuple[str, str, str], ...] = ()

    def name_in(self, lang: str) -> str:
        return self._in(lang)[0]

    def description_in(self, lang: str) -> str:
        return self._in(lang)[1]

    def _in(self, lang: str) -> tuple[str, str]:
        for tag, name, description in self.translations:
            if tag == lang:
                return name, description
        return self.name, self.description


def _scalar(node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return node.value.strip()
    return None


#: Characters a name or description may not hold, and what the problem says of one.
_REFUSED_CHARACTERS = (
    # A YAML escape: the file's own control characters were taken out, and reported.
    (
        CONTROL_CHARACTERS,
        lambda code: (
            f"{code}, a character that cannot be published (written as an escape): delete it"
        ),
    ),
    (
        DIRECTION_CONTROLS,
        lambda code: (
            f"the invisible direction control {code}, which shows the text in another "
            "order than it is written: delete it"
        ),
    ),
)


def load_vocabulary(path: str, shown_path: str) -> tuple[dict[str, Term], list[Problem]]:
    """Read one vocabulary file; every entry needs a slug key, a name and a description."""
    terms: dict[str, Term] = {}
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return terms, [Problem(shown_path, 1, "the vocabulary file is missing")]
    text, problems = normalize_text(raw, shown_path)
    if text is None:
        return terms, problems
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1) if mark else 1
        return terms, [*problems, Problem(shown_path, line, f"not valid YAML: {e.problem}")]
    if root is None:
        return terms, [*problems, Problem(shown_path, 1, "the vocabulary is empty")]
    if not isinstance(root, yaml.MappingNode):
        return terms, [
            *problems,
            Problem(shown_path, 1, "expected 'slug:' entries with name and description"),
        ]
    for key, value in root.value:
        line = node_line(key) - 1  # a plain YAML file: no front-matter fence above
        slug = _scalar(key)
        if slug is None or not SLUG_PATTERN.match(slug):
            problems.append(
                Problem(shown_path, line, f"'{key.value}' is not a slug (a-z, 0-9 and hyphens)")
            )
            continue
        if slug in terms:
            problems.append(Problem(shown_path, line, f"'{slug}' is listed twice"))
            continue
        if not isinstance(value, yaml.MappingNode):
            problems.append(
                Problem(shown_path, line, f"'{slug}' needs 'name:' and 'description:' under it")
            )
            continue
        fields = {_scalar(k): (k, v) for k, v in value.value}
        languages = {n: kv for n, kv in fields.items() if n and _LANGUAGE_KEY.match(n)}
        unknown = sorted(set(fields) - {"name", "description"} - set(languages) - {None})
        for name in unknown:
            problems.append(Problem(shown_path, line, f"'{slug}' has an unknown field '{name}'"))
        name, description = _name_and_description(fields, slug, "", shown_path, line, problems)
        translations = []
        for tag, (tag_key, block) in sorted(languages.items()):
            tag_line = node_line(tag_key) - 1
            if not isinstance(block, yaml.MappingNode):
                problems.append(
                    Problem(
                        shown_path,
                        tag_line,
                        f"'{slug}' in '{tag}' needs 'name:' and 'description:' under it",
                    )
                )
                continue
            inner = {_scalar(k): (k, v) for k, v in block.value}
            for extra in sorted(set(inner) - {"name", "description", None}):
                problems.append(
                    Problem(
                        shown_path, tag_line, f"'{slug}' in '{tag}' has an unknown field '{extra}'"
                    )
                )
            found = _name_and_description(
                inner, slug, f" in '{tag}'", shown_path, tag_line, problems
            )
            translations.append((tag, found[0] or name or slug, found[1] or description or ""))
        terms[slug] = Term(slug, name or slug, description or "", tuple(translations))
    return terms, problems


#: A language version of a term: a BCP 47 tag as key (`fr:`, `pt-BR:`).
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _name_and_description(fields, slug, where, shown_path, line, problems):
    """The name and description of `fields`, with a problem for each one missing or holding
    a character that cannot be published."""
    name = _scalar(fields.get("name", (None, None))[1])
    description = _scalar(fields.get("description", (None, None))[1])
    for field_name, value in (("name", name), ("description", description)):
        for pattern, why in _REFUSED_CHARACTERS:
            found = pattern.search(value or "")
            if found:
                code = f"U+{ord(found.group()):04X}"
                problems.append(
                    Problem(
                        shown_path, line, f"the {field_name} of '{slug}'{where} holds {why(code)}"
                    )
                )
    name = name and CONTROL_CHARACTERS.sub("", name)
    description = description and CONTROL_CHARACTERS.sub("", description)
    if not name:
        problems.append(Problem(shown_path, line, f"'{slug}'{where} has no name"))
    if not description:
        problems.append(Problem(shown_path, line, f"'{slug}'{where} has no description"))
    return name, description


def load_vocabularies(content_path: str, shown_root: str) -> tuple[dict, list[Problem]]:
    """All vocabularies of a site: {'topics': {slug: Term}, 'regions': {...}}, and problems.
    A build reads them once (`content_model.site_vocabularies`, kept on the build)."""
    return _load_all(content_path, shown_root)


def _load_all(content_path: str, shown_root: str) -> tuple[dict, list[Problem]]:
    vocabularies, problems = {}, []
    for name in VOCABULARY_FILES:
        path = os.path.join(content_path, TAXONOMY_FOLDER, f"{name}.yml")
        shown = os.path.relpath(path, shown_root)
        vocabularies[name], found = load_vocabulary(path, shown)
        problems += found
    return vocabularies, problems
