"""The development lock names each pin once: the runtime lock's pins stay in requirements.txt.

uv compiles requirements-dev.in (`-r requirements.in`, `-c requirements.txt`) into a lock that
repeats every runtime pin with all its hashes, which doubled the bytes the locks take. After
compiling, `python -m devkit.locks` rewrites requirements-dev.txt as `-r requirements.txt`
plus the pins only the development lock has (docs/maintaining.md, "Dependencies"); pip's
hash-checking mode reads the nested file with the same rules.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: A pin's first line: `name==version` (then ` ; marker`, ` \`).
PIN = re.compile(r"^([a-z0-9][a-z0-9._-]*)==", re.M)
INCLUDE = "-r requirements.txt"


class LockError(ValueError):
    """The two locks disagree on a version: compile the runtime lock first, then this one."""


def entries(text: str) -> list[str]:
    """The lock's entries: each pin with its hashes and comments, the header first."""
    return re.split(r"\n(?=[a-z0-9-])", text.rstrip("\n"))


def without_runtime(dev: str, runtime: str) -> str:
    """`dev` with the pins `runtime` holds taken out, and `-r requirements.txt` in their
    place. A pin at another version than the runtime lock's is an error, never dropped."""
    pinned = {}
    for entry in entries(runtime):
        if match := PIN.match(entry):
            pinned.setdefault(match[1], set()).add(entry.split(" ", 1)[0])
    kept, header = [], []
    for entry in entries(dev):
        match = PIN.match(entry)
        if match is None:
            if entry.strip() != INCLUDE:
                (kept if kept else header).append(entry)
            continue
        if match[1] in pinned:
            if entry.split(" ", 1)[0] not in pinned[match[1]]:
                raise LockError(
                    f"{entry.split(' ', 1)[0]} in the development lock, "
                    f"{' or '.join(sorted(pinned[match[1]]))} in requirements.txt"
                )
            continue
        kept.append(entry)
    return "\n".join([*header, INCLUDE, *kept]) + "\n"


def main(root: Path) -> None:
    dev, runtime = root / "requirements-dev.txt", root / "requirements.txt"
    try:
        text = without_runtime(dev.read_text("utf-8"), runtime.read_text("utf-8"))
    except LockError as error:
        sys.exit(f"requirements-dev.txt: {error}")
    dev.write_text(text, "utf-8")


if __name__ == "__main__":
    main(Path.cwd())
