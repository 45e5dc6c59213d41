"""Where a build's time goes, phase by phase, without a profiler's overhead.

    python benchmarks/phases.py [--pagefind-log FILE] CONTENT -s publishconf.py -o OUTPUT

runs Pelican's command line in this process and prints, when it ends, the seconds spent
reading (each generator's context), checking, writing (each generator's output) and
finishing (writes made on every core, the swap), and the peak memory of this process and of
its largest child process. With `--pagefind-log`, each Pagefind run appends its own seconds
and peak memory (KB) to FILE (Pagefind runs in a child of a forked process: its peak is not
this process's).
"""

from __future__ import annotations

import resource
import sys
import time

from pelican import signals

marks: list[tuple[str, float]] = []
START = time.perf_counter()


def mark(name):
    def receiver(*args, **kwargs):
        marks.append((name, time.perf_counter()))

    return receiver


def timed(cls, method):
    original = getattr(cls, method)

    def wrapper(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            marks.append((f"{type(self).__name__}.{method} ({time.perf_counter() - started:.2f} s)",
                          time.perf_counter()))  # fmt: skip

    setattr(cls, method, wrapper)


def report():
    previous = START
    for name, at in marks:
        print(f"{at - START:7.2f} s  +{at - previous:6.2f}  {name}", file=sys.stderr)
        previous = at
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: build process {own:.0f} MB, largest child {child:.0f} MB",
          file=sys.stderr)  # fmt: skip


def watch_pagefind(log_path: str) -> None:
    """Reap each Pagefind run through wait4 as soon as it ends, to log its own time, peak
    memory and CPU seconds (user, system): `seconds peak_kb user system` a line."""
    import os
    import threading

    from search_index import index

    original_start, original_wait = index.start_pagefind, index.wait_pagefind

    def reap(process, started):
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        with open(log_path, "a", encoding="utf-8") as f:
            f.write(f"{time.perf_counter() - started:.3f} {usage.ru_maxrss} "
                    f"{usage.ru_utime:.2f} {usage.ru_stime:.2f}\n")  # fmt: skip

    def start(*args, **kwargs):
        process = original_start(*args, **kwargs)
        process.reaper = threading.Thread(target=reap, args=(process, time.perf_counter()))
        process.reaper.start()
        return process

    def wait(process):
        process.reaper.join()  # then Popen.wait() returns the code the reaper set
        original_wait(process)

    index.start_pagefind, index.wait_pagefind = start, wait


def main():
    from pelican import Pelican, generators
    from pelican import main as pelican_main

    if len(sys.argv) > 2 and sys.argv[1] == "--pagefind-log":
        watch_pagefind(sys.argv[2])
        del sys.argv[1:3]

    receivers = []
    for signal in ("initialized", "all_generators_finalized", "get_writer",
                   "article_writer_finalized", "page_writer_finalized", "finalized"):  # fmt: skip
        receiver = mark(signal)
        receivers.append(receiver)
        getattr(signals, signal).connect(receiver)
    for cls in (generators.ArticlesGenerator, generators.PagesGenerator,
                generators.StaticGenerator):  # fmt: skip
        timed(cls, "generate_context")
        timed(cls, "generate_output")
    original_generators = Pelican._get_generator_classes

    def wrap_plugin_generators(self):
        classes = original_generators(self)
        for cls in classes:
            if cls.__module__.split(".")[0] != "pelican" and not getattr(cls, "_timed", False):
                for method in ("generate_context", "generate_output"):
                    if hasattr(cls, method):  # a Generator may have either one only
                        timed(cls, method)
                cls._timed = True
        return classes

    Pelican._get_generator_classes = wrap_plugin_generators
    try:
        pelican_main(sys.argv[1:])
    finally:
        marks.append(("exit", time.perf_counter()))
        report()


if __name__ == "__main__":
    main()
