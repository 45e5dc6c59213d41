"""Problems found in content, and how they are printed.

Every contract violation becomes a `Problem` (path, line, message, suggestion). The build collects
all of them, prints them one a line as `path:LINE: message`, and stops before writing anything.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass


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
        return f"{self.path}:{self.line}: {self.text()}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the changed line."""
        message = self.text().replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line}::{message}"


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
