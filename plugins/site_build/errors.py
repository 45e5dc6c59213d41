"""A failure of a build as one line: a tool that failed, a full disk, a folder that cannot be
written. Never a traceback for those; any other exception is a defect of ours and keeps its
traceback."""

from __future__ import annotations

import io
import os

from content_model.problems import printable


class BuildError(Exception):
    """A failure whose message is the whole report, one line (a tool that failed): the build
    prints it as it is, without a traceback."""


def inside(path: str, folder: str) -> bool:
    """`path` is strictly inside `folder` (both real, absolute)."""
    return path != folder and path.startswith(folder.rstrip(os.sep) + os.sep)


def shown_path(path: str, staging: str | None, output: str | None) -> str:
    """Where a path of the staging folder will be in the output (others as they are)."""
    if staging is not None and output is not None:
        path = os.path.abspath(path)
        if path == staging or inside(path, staging):
            return output + path[len(staging) :]
    return path


def _open_files(tb) -> list[str]:
    """The names of the files open in the frames of a traceback, innermost first: a failed
    `write` or `close` raises an OSError that names no file."""
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    names = []
    for frame in reversed(frames):
        for value in list(frame.f_locals.values()):
            name = getattr(value, "name", None)
            if isinstance(value, io.IOBase) and isinstance(name, str) and name not in names:
                names.append(name)
    return names


def problem_line(error: BaseException, build=None) -> str | None:
    """The one line that reports `error`, for an OSError or a BuildError; else None. With
    the `build` (site_build.state.Build), paths of its staging folder are shown where they
    will be in the output."""
    staging = getattr(build, "staging", None)
    output = getattr(build, "output", None)
    if isinstance(error, BuildError):
        message = str(error)
        if staging is not None and output is not None:
            message = message.replace(staging, output)
        return printable(message)
    if not isinstance(error, OSError):
        return None
    reason = error.strerror or str(error)
    paths = [os.fsdecode(p) for p in (error.filename2, error.filename) if p is not None]
    paths += _open_files(error.__traceback__)
    for path in paths if staging is not None else ():
        path = os.path.abspath(path)
        if path == staging:
            parent, name = os.path.split(output)
            return printable(f"output: could not make a folder in {parent} for {name}/: {reason}")
        if inside(path, staging):
            shown = shown_path(path, staging, output)
            return printable(f"output: could not write {shown}: {reason}")
    if paths:
        return printable(f"build: {paths[0]}: {reason}")
    return printable(f"build: {error}")
