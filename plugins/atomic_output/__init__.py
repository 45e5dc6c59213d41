"""Atomic output: a build writes into a staging folder and swaps it into place only on success.

Why: Pelican writes straight into `output/`. A build that fails half-way, or is killed, would
leave a site that is half old, half new, and a deploy could publish it. Here every build writes
into a fresh sibling folder `.output.staging-<pid>-<token>`; when everything has succeeded
(`finalized`, with no error logged), the staging folder and `output/` are exchanged in one
`renameat2(RENAME_EXCHANGE)` system call, so at every instant `output/` is either the complete
previous build or the complete new one. Leftovers of builds that were killed are removed by the
next build, before it starts writing.

This plugin must come last in PLUGINS: anything that writes into the output (the search index
included) has to run before the swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import secrets
import shutil
import subprocess
import sys

from pelican import signals

log = logging.getLogger(__name__)

STAGING_MARK = ".staging-"
DISCARDED_MARK = ".discarded-"
PRESTAGED_MARK = ".prestaged-"
PREVIOUS = "-previous"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class BuildFailed(SystemExit):
    def __init__(self, message: str):
        print(message, file=sys.stderr)
        super().__init__(1)


class _ErrorCounter(logging.Handler):
    """Counts errors logged during a build: a build that logged one is not swapped in."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def staging_prefix(output: str) -> str:
    parent, name = os.path.split(os.path.abspath(output))
    return os.path.join(parent, f".{name}{STAGING_MARK}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_debris(output: str) -> None:
    """Remove staging folders left by builds that were killed (their process is gone).

    Where the two-rename fallback was killed between its renames, `output` is missing and the
    previous build waits as `…-previous`: it is put back, never deleted.
    """
    prefix = staging_prefix(output)
    parent, start = os.path.split(prefix)
    if not os.path.isdir(parent):
        return
    if not os.path.lexists(output):
        previous = sorted(
            e for e in os.listdir(parent) if e.startswith(start) and e.endswith(PREVIOUS)
        )
        if previous:
            os.rename(os.path.join(parent, previous[-1]), output)
    discarded = os.path.basename(discarded_prefix(output))
    prestaged = os.path.basename(prestaged_prefix(output)).split(PRESTAGED_MARK)[0] + PRESTAGED_MARK
    for entry in os.listdir(parent):
        if entry.startswith(discarded):
            _remove_in_background(os.path.join(parent, entry))
            continue
        if entry.startswith(prestaged):
            pid_text = entry[len(prestaged) :].split("-", 1)[0]
            if not (pid_text.isdigit() and _pid_alive(int(pid_text))) or entry.endswith(".partial"):
                shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)
            continue
        if not entry.startswith(start):
            continue
        pid_text = entry[len(start) :].split("-", 1)[0]
        if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue  # another build is running right now
        shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


def _exchange(a: str, b: str) -> None:
    """Swap two paths atomically (Linux renameat2); raise OSError where unsupported."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def prestaged_prefix(output: str) -> str:
    parent, name = os.path.split(os.path.abspath(output))
    return os.path.join(parent, f".{name}{PRESTAGED_MARK}{os.getpid()}-")


def prestage(output: str) -> str | None:
    """Make, ahead of the next build, an empty staging folder with every folder of `output`.

    For a long-lived process (the live-reload server), between saves: a site of thousands
    of documents has thousands of folders, and making them was most of a quick rebuild. The
    next build of this process starts from it; folders it did not need are removed before
    the swap. Files are never put there in advance."""
    output = os.path.realpath(output)
    if not os.path.isdir(output):
        return None
    target = prestaged_prefix(output) + secrets.token_hex(4)
    partial = target + ".partial"
    try:
        os.mkdir(partial)
        for root, dirs, _files in os.walk(output):
            rel = os.path.relpath(root, output)
            for name in dirs:
                os.mkdir(os.path.join(partial, rel, name))
        os.rename(partial, target)
    except OSError:  # the output was swapped meanwhile: the next build makes its folders
        shutil.rmtree(partial, ignore_errors=True)
        return None
    return target


def _take_prestaged(output: str) -> str | None:
    prefix = prestaged_prefix(output)
    parent, start = os.path.split(prefix)
    for entry in sorted(os.listdir(parent)):
        if entry.startswith(start) and not entry.endswith(".partial"):
            return os.path.join(parent, entry)
    return None


def _remove_empty_folders(top: str) -> None:
    for root, _dirs, _files in os.walk(top, topdown=False):  # children before parents
        if root != top:
            with contextlib.suppress(OSError):  # not empty: kept
                os.rmdir(root)


def discarded_prefix(output: str) -> str:
    parent, name = os.path.split(os.path.abspath(output))
    return os.path.join(parent, f".{name}{DISCARDED_MARK}")


def remove_later(path: str, output: str) -> None:
    """Delete a previous output in the background: the new site is already in place, and
    deleting thousands of files should not delay the end of the build. What a killed
    deletion leaves, the next build's `remove_debris` finishes."""
    target = discarded_prefix(output) + secrets.token_hex(6)
    try:
        os.rename(path, target)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    _remove_in_background(target)


def _remove_in_background(path: str) -> None:
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(path, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", "--", path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def swap_into_place(staging: str, output: str) -> None:
    """Make `staging` the new `output`; the previous output is removed afterwards."""
    if not os.path.lexists(output):
        os.rename(staging, output)
        return
    try:
        _exchange(staging, output)
    except OSError as e:
        if e.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
        # No atomic exchange here (not Linux, or a file system without it): two renames.
        previous = staging + PREVIOUS
        os.rename(output, previous)
        os.rename(staging, output)
        staging = previous
    remove_later(staging, output)


class _Build:
    """The state of one Pelican instance's builds."""

    def __init__(self, pelican):
        self.pelican = pelican
        # A symlinked output is built where it points: the link itself is left alone.
        self.output = os.path.realpath(pelican.settings["OUTPUT_PATH"])
        self.staging = None
        self.prestaged = False
        self.errors = _ErrorCounter()

    def start(self):
        remove_debris(self.output)
        self.staging = f"{staging_prefix(self.output)}{os.getpid()}-{secrets.token_hex(4)}"
        ready = _take_prestaged(self.output)
        self.prestaged = ready is not None
        if ready is not None:
            os.rename(ready, self.staging)
        self.pelican.output_path = self.staging
        self.errors.count = 0
        root = logging.getLogger()
        if self.errors not in root.handlers:
            root.addHandler(self.errors)

    def finish(self):
        staging, self.staging = self.staging, None
        logging.getLogger().removeHandler(self.errors)
        if staging is None:
            return
        if self.errors.count:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildFailed(
                f"The build logged {self.errors.count} error(s) (above); "
                f"{self.output} was left as it was."
            )
        os.makedirs(staging, exist_ok=True)
        if self.prestaged:
            _remove_empty_folders(staging)
        swap_into_place(staging, self.output)
        log.info("Output swapped into place: %s", self.output)


_builds: dict[int, _Build] = {}


def on_initialized(pelican):
    _builds[id(pelican)] = _Build(pelican)


def on_run_start(pelican):
    build = _builds.get(id(pelican))
    if build is None:
        build = _builds[id(pelican)] = _Build(pelican)
    build.start()
    return ()  # no generators of our own


def on_finalized(pelican):
    build = _builds.get(id(pelican))
    if build is not None:
        build.finish()


def register():
    # Once per Pelican instance: remember where the real output is.
    signals.initialized.connect(on_initialized)
    # `get_generators` is the first signal of every run (autoreload runs many): point the
    # writers at a fresh staging folder and clear what killed builds left behind.
    signals.get_generators.connect(on_run_start)
    # After every generator and finalizer has written: swap the staging folder into place.
    signals.finalized.connect(on_finalized)
