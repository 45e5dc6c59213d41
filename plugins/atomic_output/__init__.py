"""Atomic output: a build writes into a staging folder and swaps it into place only on success.

Why: Pelican writes straight into `output/`. A build that fails half-way, or is killed, would
leave a site that is half old, half new, and a deploy could publish it. Here every build writes
into a fresh sibling folder `.output.staging-<pid>-<token>`; when everything has succeeded
(`finalized`, with no error logged), the staging folder and `output/` are exchanged in one
`renameat2(RENAME_EXCHANGE)` system call, so at every instant `output/` is either the complete
previous build or the complete new one. Leftovers of builds that were killed are removed by the
next build, before it starts writing.

The output folder is never a place of value (`refusal`): at start-up, before anything is read
or written, a build refuses (one `output:` line, exit status 2) an output that is, holds or is
inside the project, the content, the theme or the plugins, that is or holds a `.git`, that is
inside the project but not directly in it, or that is a folder with files a build of ours did
not make. Every build writes `MARKER` at the output's root; an `output/` of the older builds
that did not is recognized by the previous build's manifest (`.cache/output/`, see
`_made_by_an_older_build`) until the next build marks it.

Every failure is one line. The one place where a build's exceptions pass is `Pelican.run`,
which this plugin wraps for each Pelican instance (`on_initialized`): whatever ends a build
there (an error, Ctrl-C, a content problem) first stops what runs in the background (the
build's processes, `site_build.state.Build.stop_background`) and removes the staging folder;
an `OSError` (a full disk, a read-only folder) or a `BuildError` (a tool that failed, such as
Pagefind) then ends the build as one line (`site_build.errors.problem_line`, exit status 1)
instead of Pelican's traceback. Two other paths lead there: Pelican's `copy_file`, which only
logged an `OSError`, raises it (`_copy_file`), and a forked process (rendering, the search
index) sends its line to the build's process (`site_build/parallel.py`).

This plugin's state for a Pelican object is its session's `swap` (`_Swap`); each run's
staging and output folders are on the run's `Build` (`site_build.state`).

Builds run at the same time into the same output each swap in a complete build; the last to
finish wins. Each build only removes what a build that is no longer running left.

This plugin must come last in PLUGINS: anything that writes into the output (the search index
included) has to run before the swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys

from pelican import signals
from pelican import utils as pelican_utils

from content_model.problems import printable
from incremental import incremental_settings
from site_build.errors import inside as _inside
from site_build.errors import problem_line
from site_build.plugins import Plugin
from site_build.state import session_of

#: Last in PLUGINS: whatever writes into the output (the search index included) has to run
#: before the swap (checked at start-up).
PLUGIN = Plugin("atomic_output", needs={"content_model": "the build it swaps in"}, last=True)

log = logging.getLogger(__name__)

STAGING_MARK = ".staging-"
DISCARDED_MARK = ".discarded-"
PRESTAGED_MARK = ".prestaged-"
PREVIOUS = "-previous"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

#: Written at the root of every output: a folder that holds it was made by a build of ours,
#: and a build may replace it. (Published with the site: it says nothing secret.)
MARKER = ".decentralization-net-build"
MARKER_TEXT = (
    b"This folder was made by the Decentralization.Net build "
    b"(pelican content -s pelicanconf.py).\n"
    b"Every build replaces it whole: keep nothing here.\n"
)

#: The folder holding `plugins/`: the project whose code builds the site.
CODE_PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class BuildFailed(SystemExit):
    def __init__(self, message: str):
        print(message, file=sys.stderr)
        super().__init__(1)


class OutputRefused(SystemExit):
    """The output folder may not be built into: one `output:` line, exit status 2."""

    def __init__(self, message: str):
        print(f"output: {message}", file=sys.stderr)
        super().__init__(2)


# -- places the output may not be -----------------------------------------------------------


def refusal(output: str, settings) -> str | None:
    """Why the build must not swap a new site into `output`, or None if it may."""
    out = os.path.realpath(output)
    content = os.path.realpath(settings["PATH"])
    theme = os.path.realpath(settings["THEME"])
    plugins = [os.path.realpath(p) for p in settings.get("PLUGIN_PATHS") or []]
    projects = sorted({CODE_PROJECT, os.path.dirname(content)})
    valued = [(p, "the project") for p in projects]
    valued += [(content, "the content folder"), (theme, "the theme")]
    valued += [(p, "the plugins") for p in plugins]
    todo = "give -o (OUTPUT_PATH) a new or empty folder"
    for place, what in valued:
        if out == place:
            return f"{out} is {what}, which a build would replace; {todo}"
    for place, what in valued:
        if _inside(place, out):
            return f"{out} holds {what} ({place}), which a build would delete; {todo}"
    if ".git" in out.split(os.sep):
        return f"{out} is inside a .git folder; {todo} outside it"
    for place, what in valued:
        if what != "the project" and _inside(out, place):
            return f"{out} is inside {what} ({place}); {todo} outside it"
    # Directly in the project: the folder, or the link to it that -o names.
    beside = {os.path.dirname(out), os.path.realpath(os.path.dirname(os.path.abspath(output)))}
    for project in projects:
        if _inside(out, project) and not beside & set(projects):
            return (
                f"{out} is inside the project ({project}) but not directly in it; "
                f"{todo} directly in the project (like output/) or outside it"
            )
    if os.path.lexists(out) and not os.path.isdir(out):
        return f"{out} is a file, not a folder; {todo}"
    parent = os.path.dirname(out)
    if not os.path.isdir(parent):
        return f"{parent} does not exist (the folder that would hold {out}); create it first"
    if os.path.isdir(out):
        if os.path.lexists(os.path.join(out, ".git")):
            return f"{out} holds a .git folder, which a build would delete; {todo}"
        entries = os.listdir(out)
        if entries and MARKER not in entries and not _made_by_an_older_build(out, settings):
            return (
                f"{out} is not empty and was not made by a build of this site (no {MARKER} "
                f"in it): a build would delete its files; {todo} (an output/ built before "
                "this check: run `invoke clean` once)"
            )
    return None


def _made_by_an_older_build(out: str, settings) -> bool:
    """An output of the builds before `MARKER`: the previous build's manifest (written by
    `incremental` after every build, `.cache/output/<hash>.json`) names this very folder,
    and a file it recorded is still that file (same inode, size and modification time)."""
    cache = incremental_settings(settings)["INCREMENTAL_CACHE_DIR"]  # where incremental keeps it
    name = hashlib.sha256(out.encode()).hexdigest()[:16]
    try:
        with open(os.path.join(cache, f"{name}.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        files = manifest["files"] if manifest.get("output") == out else {}
        for rel, entry in sorted(files.items())[:50]:
            if rel.endswith("/"):
                continue
            st = os.stat(os.path.join(out, rel))
            if [st.st_ino, st.st_size, st.st_mtime_ns] == entry[1:]:
                return True
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False
    return False


def refuse_unsafe_output(settings) -> None:
    reason = refusal(settings["OUTPUT_PATH"], settings)
    if reason is not None:
        raise OutputRefused(reason)


# -- one line for a failure -----------------------------------------------------------------


def _record_errors_even_when_quiet(root: logging.Logger) -> None:
    """`pelican -q` sets the root logger's level past ERROR: an error would then not even be
    recorded, and a build that logged one (a document Pelican could not read) would be
    swapped in. The logger stays at ERROR at most; its handlers are raised instead, so the
    console is as quiet as asked and every error is still counted."""
    # Pelican sets its own `pelican` logger too (init_logging(level, name="pelican")).
    for logger in (root, logging.getLogger("pelican")):
        if logger.level > logging.ERROR:
            for handler in logger.handlers or root.handlers:
                handler.setLevel(max(handler.level, logger.level))
            logger.setLevel(logging.ERROR)


class _ErrorCounter(logging.Handler):
    """Counts errors logged during a build: a build that logged one is not swapped in."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0
        self.first = ""

    def emit(self, record):
        if not self.count:  # `pelican -q` shows none of them: the report names the first
            self.first = printable((record.getMessage().splitlines() or [""])[0])
        self.count += 1


def _copy_file(source: str, destination: str) -> None:
    """Pelican's `utils.copy_file` (theme and content files), which logs an OSError as a
    warning and goes on, so that a full disk published a site without its stylesheet: here
    the error ends the build."""
    shutil.copyfile(source, destination)


# -- staging, swapping, removing ------------------------------------------------------------


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


def _owner_running(name: str, start: str) -> bool:
    """The build named in `<start><pid>-…` is running (another process than this one)."""
    pid_text = name[len(start) :].split("-", 1)[0]
    return pid_text.isdigit() and int(pid_text) != os.getpid() and _pid_alive(int(pid_text))


def remove_debris(output: str) -> None:
    """Remove staging folders left by builds that were killed (their process is gone).

    Where the two-rename fallback was killed between its renames, `output` is missing and the
    previous build waits as `…-previous`: it is put back, never deleted. What a build still
    running owns (its staging folder, its prestaged folders, finished or not) is left alone.
    """
    prefix = staging_prefix(output)
    parent, start = os.path.split(prefix)
    if not os.path.isdir(parent):
        return
    if not os.path.lexists(output):
        previous = sorted(
            e
            for e in os.listdir(parent)
            if e.startswith(start) and e.endswith(PREVIOUS) and not _owner_running(e, start)
        )
        if previous:
            with contextlib.suppress(OSError):  # another build put it back first
                os.rename(os.path.join(parent, previous[-1]), output)
    discarded = os.path.basename(discarded_prefix(output))
    prestaged = os.path.basename(prestaged_prefix(output)).split(PRESTAGED_MARK)[0] + PRESTAGED_MARK
    for entry in os.listdir(parent):
        if entry.startswith(discarded):
            _remove_in_background(os.path.join(parent, entry))
            continue
        if entry.startswith(prestaged):
            pid_text = entry[len(prestaged) :].split("-", 1)[0]
            if not (pid_text.isdigit() and _pid_alive(int(pid_text))):
                shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)
            continue
        if entry.startswith(start) and not _owner_running(entry, start):
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
        raise OSError(err, os.strerror(err), b)


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
        try:
            os.rename(staging, output)
            return
        except OSError as e:
            if e.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            # Another build's output landed there meanwhile: exchange with it, as below.
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


class _Swap:
    """The staging and swapping of one Pelican object's builds (its session's `swap`)."""

    def __init__(self, pelican):
        self.pelican = pelican
        # A symlinked output is built where it points: the link itself is left alone.
        self.output = os.path.realpath(pelican.settings["OUTPUT_PATH"])
        self.staging = None
        self.prestaged = False
        self.errors = _ErrorCounter()

    def start(self):
        settings = self.pelican.settings
        refuse_unsafe_output(settings)  # it may have changed since the last run
        remove_debris(self.output)
        self.staging = f"{staging_prefix(self.output)}{os.getpid()}-{secrets.token_hex(4)}"
        build = session_of(settings).build
        if build is not None:  # where its problem lines say its files will be
            build.staging, build.output = self.staging, self.output
        ready = _take_prestaged(self.output)
        self.prestaged = ready is not None
        if ready is not None:
            os.rename(ready, self.staging)
        else:
            os.mkdir(self.staging)
        self.pelican.output_path = self.staging
        self.errors.count = 0
        root = logging.getLogger()
        _record_errors_even_when_quiet(root)
        if self.errors not in root.handlers:
            root.addHandler(self.errors)

    def finish(self):
        staging = self.staging
        logging.getLogger().removeHandler(self.errors)
        if staging is None:
            return
        if self.errors.count:
            self.discard()
            raise BuildFailed(
                f"The build logged {self.errors.count} error(s), the first: "
                f"{self.errors.first}; {self.output} was left as it was."
            )
        if self.prestaged:
            _remove_empty_folders(staging)
        with open(os.path.join(staging, MARKER), "wb") as f:
            f.write(MARKER_TEXT)
        swap_into_place(staging, self.output)
        self.staging = None
        session_of(self.pelican.settings).end_build()
        log.info("Output swapped into place: %s", self.output)

    def discard(self):
        """A failed build: stop its work in the background, remove its staging folder."""
        logging.getLogger().removeHandler(self.errors)
        staging, self.staging = self.staging, None
        if staging is not None:
            session_of(self.pelican.settings).end_build()  # stops what runs in the background
            shutil.rmtree(staging, ignore_errors=True)

    def run(self, run):
        """`Pelican.run`, with a failure reported as one line and nothing left behind."""
        try:
            return run()
        except BaseException as error:
            line = problem_line(error, session_of(self.pelican.settings).build)
            self.discard()
            if line is not None:
                raise BuildFailed(line) from None
            raise


def _swap_of(pelican) -> _Swap:
    session = session_of(pelican.settings)
    if session.swap is None:
        session.swap = _Swap(pelican)
    return session.swap


def on_initialized(pelican):
    PLUGIN.check(pelican.settings)
    # Before anything is read or written: never a place of value.
    refuse_unsafe_output(pelican.settings)
    swap = _swap_of(pelican)
    pelican.run = functools.partial(swap.run, pelican.run)


def on_run_start(pelican):
    _swap_of(pelican).start()
    return ()  # no generators of our own


def on_finalized(pelican):
    _swap_of(pelican).finish()


def register():
    pelican_utils.copy_file = _copy_file
    # Once per Pelican instance: refuse an output of value, remember where the real output
    # is, and wrap its `run` (a failure is one line, and leaves no staging folder).
    signals.initialized.connect(on_initialized)
    # `get_generators` is the first signal of every run (autoreload runs many): point the
    # writers at a fresh staging folder and clear what killed builds left behind.
    signals.get_generators.connect(on_run_start)
    # After every generator and finalizer has written: swap the staging folder into place.
    signals.finalized.connect(on_finalized)
