"""Pages rendered on every core: the writes of a build are queued, then shared out.

Why: rendering templates and writing files is the other half of a build, and Python renders
on one core. The writer queues each page (and each feed or calendar file) it has to make; at
a few points (after the documents' pages, before the search index, at the end) the queue is
run: with enough work, forked processes take a share each (round robin, so long and short
pages mix) and the build's process takes the rest. A process that fails fails the build,
which then leaves the output as it was: a failure that is one line
(`site_build.errors.problem_line`: a full disk, a tool that failed) is sent to the build's
process, which reports it; any other prints its traceback. Below `MIN_PER_PROCESS` pages
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

from .errors import BuildError, problem_line

MIN_PER_PROCESS = 12

#: `nice` of the rendering processes while a folder is made in the background.
BACKGROUND_NICENESS = 10


class Processes:
    """The forked processes of one build (owned by its `site_build.state.Build`): the pipe
    on which each sends its one-line problem, and those making a folder in the background."""

    def __init__(self, build=None):
        #: The build, whose staging and output folders a problem line names.
        self.build = build
        #: pid of a forked child -> the end of the pipe on which it sends its one-line problem.
        self.reports: dict[int, int] = {}
        #: pids of the folders being made in the background (`Forked`), not waited for yet.
        self.background: set[int] = set()

    def fork(self, work, own_group: bool = False) -> int:
        """Run `work()` in a forked child; its pid (`wait` waits for it). The child sends a
        one-line problem to this process, prints another error straight to the descriptor,
        and leaves without any cleanup (exit status 1 on failure). With `own_group`, the
        child and the programs it starts are a process group of their own, stopped
        together."""
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                os.close(read)
                if own_group:
                    os.setpgid(0, 0)
                work()
            except BaseException as error:
                report_in_child(error, write, self.build)
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        if own_group:
            with contextlib.suppress(OSError):  # the child did it first
                os.setpgid(pid, pid)
        self.reports[pid] = read
        return pid

    def wait(self, pid: int) -> tuple[int, str | None]:
        """Wait for a forked child: its exit status, and the one-line problem it sent."""
        status = os.waitpid(pid, 0)[1]
        read = self.reports.pop(pid, None)
        if read is None:
            return status, None
        with os.fdopen(read, "rb") as pipe:  # the child has ended: this never waits
            line = pipe.read().decode("utf-8", "replace")
        return status, line or None

    def stop_background(self) -> None:
        """A folder still being made for a build that failed (or that a new build of a
        long-lived process replaces) is stopped, with the programs it started (Pagefind),
        before the staging folder is removed; its process is collected."""
        for pid in list(self.background):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                self.wait(pid)
        self.background.clear()


class RenderQueue:
    def __init__(self, processes: int, children: Processes):
        self.processes = max(1, processes)
        self.children = children
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
        if self.children.background and hasattr(os, "fork"):
            self._share_out(items, max(1, processes), here=False, niceness=BACKGROUND_NICENESS)
        elif processes <= 1 or not hasattr(os, "fork"):
            for _rel, _key, make in items:
                make()
        else:
            self._share_out(items, processes)
        if reuse is not None:
            for rel, key, _make in items:
                if key is not None:
                    reuse.record(rel, key)

    def _share_out(self, items, processes: int, here: bool = True, niceness: int = 0) -> None:
        """Each process a share; with `here`, this one takes the first."""
        shares = [items[i::processes] for i in range(processes)]
        children = [
            self.children.fork(partial(_make_all, share, niceness)) for share in shares[here:]
        ]
        error = None
        try:
            if here:
                _make_all(shares[0])
        except BaseException as e:
            error = e
        ended = [self.children.wait(pid) for pid in children]
        if error is not None:
            raise error
        reported = [line for _status, line in ended if line]
        if reported:
            raise BuildError(reported[0])
        failed = sum(1 for status, _line in ended if status != 0)
        if failed:
            raise RuntimeError(f"{failed} rendering process(es) failed: see the errors above")


def _make_all(items, niceness: int = 0) -> None:
    if niceness:
        os.nice(niceness)
    for _rel, _key, make in items:
        make()


class Forked:
    """`make()` running in a forked process; `wait()` for it (it raises if that failed), then
    `when_done()` runs here."""

    def __init__(self, make, when_done, children: Processes):
        self.when_done = when_done
        self.children = children
        self.pid = children.fork(make, own_group=True)
        children.background.add(self.pid)

    def wait(self) -> None:
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        self.children.background.discard(pid)
        status, line = self.children.wait(pid)
        if line:
            raise BuildError(line)
        if status != 0:
            raise RuntimeError("a folder made in the background failed: see the error above")
        self.when_done()


def report_in_child(error: BaseException, pipe: int, build=None) -> None:
    """Send a one-line problem to the parent, or print the traceback straight to the file
    descriptor: a forked child must not wait on a lock of Python's buffered streams that
    another thread of its parent held at the fork (the live-reload server has threads)."""
    line = problem_line(error, build)
    if line:  # shorter than the pipe's buffer: never waits
        os.write(pipe, line.encode("utf-8", "replace")[:4000])
    else:
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
