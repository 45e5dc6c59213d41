"""Pages rendered on every core: the writes of a build are queued, then shared out.

Why: rendering templates and writing files is the other half of a build, and Python renders
on one core. The writer queues each page (and each feed or calendar file) it has to make; at
a few points (after the documents' pages, before the search index, at the end) the queue is
run: with enough work, forked processes take a share each (round robin, so long and short
pages mix) and the build's process takes the rest. A process that fails fails the build (its
traceback is printed), which then leaves the output as it was. Below `MIN_PER_PROCESS` pages
per process, or where there is no `fork`, everything is rendered here.

While a folder is made in the background (the search index: Pagefind, then its compaction,
the longest step of a cold build), every share goes to a child at a lower priority
(`BACKGROUND_NICENESS`): the index, which the build waits for, keeps the cores it can use,
and the pages are rendered on the cycles it leaves (Pagefind uses one core only for the last
part of its run).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from functools import partial

MIN_PER_PROCESS = 12

#: `nice` of the rendering processes while a folder is made in the background.
BACKGROUND_NICENESS = 10

#: pids of the folders being made in the background (`Forked`), not waited for yet.
_background: set[int] = set()


class RenderQueue:
    def __init__(self, processes: int):
        self.processes = max(1, processes)
        self.items: list[tuple[str, str | None, object]] = []  # (path, key, make)

    def add(self, rel: str, key: str | None, make) -> None:
        self.items.append((rel, key, make))

    def drop(self, rel: str) -> None:
        """Forget the queued writes of `rel` (a later write replaces them)."""
        if any(item[0] == rel for item in self.items):
            self.items = [item for item in self.items if item[0] != rel]

    def run(self, reuse) -> None:
        """Make every queued file; record the keys of the files made (`reuse` may be None)."""
        items, self.items = self.items, []
        if not items:
            return
        processes = min(self.processes, len(items) // MIN_PER_PROCESS)
        if _background and hasattr(os, "fork"):
            _share_out(items, max(1, processes), here=False, niceness=BACKGROUND_NICENESS)
        elif processes <= 1 or not hasattr(os, "fork"):
            for _rel, _key, make in items:
                make()
        else:
            _share_out(items, processes)
        if reuse is not None:
            for rel, key, _make in items:
                if key is not None:
                    reuse.record(rel, key)


def _share_out(items, processes: int, here: bool = True, niceness: int = 0) -> None:
    """Each process a share; with `here`, this one takes the first."""
    shares = [items[i::processes] for i in range(processes)]
    children = [fork(partial(_make_all, share, niceness)) for share in shares[here:]]
    error = None
    try:
        if here:
            _make_all(shares[0])
    except BaseException as e:
        error = e
    failed = sum(1 for pid in children if os.waitpid(pid, 0)[1] != 0)
    if error is not None:
        raise error
    if failed:
        raise RuntimeError(f"{failed} rendering process(es) failed: see the errors above")


def _make_all(items, niceness: int = 0) -> None:
    if niceness:
        os.nice(niceness)
    for _rel, _key, make in items:
        make()


def fork(work) -> int:
    """Run `work()` in a forked child; its pid. The child prints an error straight to the
    descriptor and leaves without any cleanup (exit status 1 on failure)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            work()
        except BaseException:
            report_in_child()
            status = 1
        finally:
            os._exit(status)
    return pid


def forget_background() -> None:
    """A new build: a folder still being made for a build that failed before waiting for it
    (in a long-lived process) is stopped, and its process collected."""
    for pid in list(_background):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    _background.clear()


class Forked:
    """`make()` running in a forked process; `wait()` for it (it raises if that failed), then
    `when_done()` runs here."""

    def __init__(self, make, when_done):
        self.when_done = when_done
        self.pid = fork(make)
        _background.add(self.pid)

    def wait(self) -> None:
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        _background.discard(pid)
        if os.waitpid(pid, 0)[1] != 0:
            raise RuntimeError("a folder made in the background failed: see the error above")
        self.when_done()


def report_in_child() -> None:
    """Print the exception straight to the file descriptor: a forked child must not wait on
    a lock of Python's buffered streams that another thread of its parent held at the fork
    (the live-reload server has threads)."""
    os.write(2, traceback.format_exc().encode("utf-8", "replace"))
