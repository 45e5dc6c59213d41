"""YAML front matter with the line number of every key.

A content file starts with a line `---`, YAML, a line `---`, then Markdown. We compose the YAML
into PyYAML nodes (safe: nothing is constructed, so no Python objects, no implicit dates, no
`NO` turned into False) and keep, for each key, its node and its line in the file, counting
the opening `---` as line 1. `values.py` turns the nodes into typed values, field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problem

FENCE = "---"


@dataclass
class FrontMatter:
    #: key -> (key line, value node)
    entries: dict[str, tuple[int, yaml.Node]] = field(default_factory=dict)
    body: str = ""
    #: line of the file on which the body starts
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    #: False when there is no front matter that could be read at all
    readable: bool = True

    def fail(self, problem: Problem) -> FrontMatter:
        self.problems.append(problem)
        self.readable = False
        return self


#: Characters that have no place in a text: the C0 controls but tab and newline, DEL, the C1
#: controls and Unicode's noncharacters. XML (feeds, sitemaps) cannot carry most of them and
#: HTML calls them parse errors; they arrive unseen, pasted from word processors and PDFs.
#: (Surrogates cannot be in a UTF-8 file; only a YAML escape, "\\ud800", makes one.)
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    + "]"
)

#: Embeddings, overrides and isolates: invisible, they make a text display in another order
#: than it is written ("Trojan Source"). Right-to-left text needs none of them: `lang:` sets
#: its direction, and the marks U+200E/U+200F stay allowed.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: What a reader, a feed or a calendar takes for a new line.
LINE_BREAKS = re.compile("[\n\r\u2028\u2029]")


def normalize_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM), make every line end in LF, and take out control
    characters, each line that had some reported with their code points."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [Problem(path, line, "the file is not UTF-8 text; save it as UTF-8")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not has_control_characters(text):
        return text, []
    return CONTROL_CHARACTERS.sub("", text), control_character_problems(text, path)


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a CONTROL_CHARACTERS character. Ten times faster than searching
    the whole text with the expression: only a line that `str.isprintable` refuses (in C, at
    memory speed) can hold one, and it is rare (a tab, a no-break space)."""
    return any(
        not line.isprintable() and CONTROL_CHARACTERS.search(line) for line in text.split("\n")
    )


def control_character_problems(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """One problem for each line of `text` that holds control characters."""
    problems = []
    for number, line in enumerate(text.split("\n"), first_line):
        found = sorted(set(CONTROL_CHARACTERS.findall(line)))
        if not found:
            continue
        points = ", ".join(f"U+{ord(c):04X}" for c in found)
        one = len(found) == 1
        problems.append(
            Problem(
                path,
                number,
                f"control character{'' if one else 's'} {points} on this line: "
                f"delete {'it' if one else 'them'} (text pasted from a word processor often "
                f"carries {'one' if one else 'them'})",
            )
        )
    return problems


def _is_fence(line: str) -> bool:
    return line.rstrip() == FENCE


def parse(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter entries and body; problems, never exceptions."""
    fm = FrontMatter()
    if not text.strip():
        return fm.fail(Problem(path, 1, "the file is empty"))
    lines = text.split("\n")
    if not _is_fence(lines[0]):
        fm.body, fm.body_line = text, 1
        return fm.fail(
            Problem(
                path,
                1,
                "the file does not start with front matter: its first line must be '---', "
                "then the fields (title: …), then another '---'",
            )
        )
    closing = next((i for i in range(1, len(lines)) if _is_fence(lines[i])), None)
    if closing is None:
        return fm.fail(
            Problem(path, 1, "the front matter is not closed: add a line '---' after the fields")
        )
    fm.body = "\n".join(lines[closing + 1 :])
    fm.body_line = closing + 2
    yaml_text = "\n".join(lines[1:closing])
    try:
        node = compose(yaml_text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 2 if mark else 2
        what = e.problem or e.context or "syntax error"
        if "mapping values are not allowed" in what:
            what += " (a value that contains ': ' must be in quotes: title: \"A: B\")"
        return fm.fail(Problem(path, line, f"the front matter is not valid YAML: {what}"))
    except yaml.YAMLError as e:
        return fm.fail(Problem(path, 2, f"the front matter is not valid YAML: {e}"))
    if node is None:
        return fm
    if not isinstance(node, yaml.MappingNode):
        return fm.fail(
            Problem(path, node_line(node), "the front matter must be 'field: value' lines")
        )
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
            fm.problems.append(Problem(path, line, "a field name must be a plain word"))
            continue
        key = key_node.value
        if key in fm.entries:
            first = fm.entries[key][0]
            fm.problems.append(
                Problem(path, line, f"field '{key}' is given twice (first on line {first})")
            )
            continue
        fm.entries[key] = (line, value_node)
    return fm


CLoader = getattr(yaml, "CSafeLoader", None)


class AliasRefused(yaml.composer.ComposerError):
    """A YAML alias (`*name`): nothing in our files needs one, and aliases are how a few
    lines become billions of values (or a value that contains itself)."""

    def __init__(self, event):
        super().__init__(
            None,
            None,
            f"aliases (*{event.anchor}) are not allowed: write the value out in full",
            event.start_mark,
        )


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise AliasRefused(self.peek_event())
        return super().compose_node(parent, index)


def _plain_style(node) -> None:
    """libyaml marks a plain scalar with style '', PyYAML's own composer with None."""
    if isinstance(node, yaml.ScalarNode):
        if node.style == "":
            node.style = None
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _plain_style(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _plain_style(key)
            _plain_style(value)


#: Deeper than this, YAML is refused before it is composed: PyYAML composes recursively, so a
#: few thousand nested brackets exhaust Python's stack and a few hundred thousand crash
#: libyaml's composer outright. The contract needs two levels; vocabularies three.
MAX_DEPTH = 20


class NestedTooDeeply(yaml.composer.ComposerError):
    def __init__(self, mark):
        super().__init__(
            None,
            None,
            f"lists and sets of fields are nested more than {MAX_DEPTH} levels deep",
            mark,
        )


_OPENERS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSERS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_depth(text: str) -> None:
    """Raise NestedTooDeeply at the first collection nested deeper than MAX_DEPTH, reading
    the parser's events one by one (both parsers keep their own stack: no recursion). The
    same parsers as `compose`, in the same order: what libyaml refuses, PyYAML's reads."""
    if sum(text.count(c) for c in "[{-:?") <= MAX_DEPTH:
        return  # each level needs one of these characters: it cannot be deeper
    for loader in (CLoader, yaml.SafeLoader):
        if loader is None:
            continue
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, _OPENERS):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise NestedTooDeeply(event.start_mark)
                elif isinstance(event, _CLOSERS):
                    depth -= 1
        except NestedTooDeeply:
            raise
        except yaml.YAMLError:
            continue  # not YAML for this parser: the next one, or composing, says where
        return


class EscapeRefused(yaml.scanner.ScannerError):
    def __init__(self):
        super().__init__(None, None, "an escape names no character (U+10FFFF is the last one)")


def compose(text: str):
    """The YAML node tree of `text`, with each node's line; nothing is constructed. An alias
    (`AliasRefused`) and nesting deeper than MAX_DEPTH (`NestedTooDeeply`) are refused at
    their line.

    libyaml (ten times faster) when PyYAML has it and the text has no `*` (so no alias);
    otherwise, and for text libyaml rejects, PyYAML's own parser, so that the message a
    contributor reads is the same on every machine.
    """
    try:
        _check_depth(text)
        if CLoader is not None and "*" not in text:
            try:
                node = yaml.compose(text, Loader=CLoader)
            except yaml.YAMLError:
                pass
            else:
                _plain_style(node)
                return node
        return yaml.compose(text, Loader=_NoAliasLoader)
    except ValueError:  # PyYAML's scanner: chr() of "\U00110000"
        raise EscapeRefused() from None
    except RecursionError:  # a last guard: the depth check should have refused it
        raise NestedTooDeeply(None) from None


def node_line(node: yaml.Node) -> int:
    """The file line of a value node (front matter starts on file line 2)."""
    return node.start_mark.line + 2
