"""Problems found in content, and how they are printed.

Every contract violation becomes a `Problem` (path, line, message, suggestion). The build collects
all of them, prints them one a line as `path:LINE: message`, and stops before writing anything.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass

#: What must not reach a terminal or a CI log as it is: line breaks (a value could start a
#: line of its own, such as a forged `::error` workflow command), other controls (terminal
#: escapes) and the invisible marks that reorder how a line is displayed.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` on one line, every unprintable character written as its escape (`\\n`, `\\x1b`,
    `\\u202e`)."""

    def escape(match: re.Match) -> str:
        char = match.group()
        if char in _NAMED:
            return _NAMED[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNPRINTABLE.sub(escape, text)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    suggestion: str | None = None

    def text(self) -> str:
        """The message with its suggestion, without the location."""
        if self.suggestion:
            return f"{self.message} — did you mean '{self.suggestion}'?"
        return self.message

    def format(self) -> str:
        """`path:LINE: message`, always one line of printable text."""
        return f"{printable(self.path)}:{self.line}: {printable(self.text())}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the changed line
        (its values escaped as the runner reads them, so none can end the command)."""
        path = _github_property(self.path)
        return f"::error file={path},line={self.line}::{_github_data(printable(self.text()))}"


def suggest(word: str, vocabulary, cutoff: float = 0.6) -> str | None:
    """The closest word of `vocabulary` to `word`, if one is close enough to be likely."""
    matches = difflib.get_close_matches(str(word), sorted(vocabulary), n=1, cutoff=cutoff)
    return matches[0] if matches else None


class ContentErrors(SystemExit):
    """Raised to stop a build whose content breaks the contract.

    A SystemExit (exit status 1), not an Exception: Pelican's command line prints a traceback
    for every Exception, and a contributor must see only the `file:line: message` lines.
    """

    def __init__(self, problems: list[Problem]):
        super().__init__(1)
        self.problems = sorted(problems)

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


def report(problems: list[Problem], style: str = "plain", stream=None) -> None:
    """Print every problem, one a line, then a one-line summary."""
    stream = stream or sys.stderr
    problems = sorted(problems)
    for p in problems:
        print(p.format(), file=stream)
        if style == "github":
            print(p.format_github(), file=stream)
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    print(
        f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}; "
        "nothing was written and the last good output is unchanged.",
        file=stream,
    )
    stream.flush()
