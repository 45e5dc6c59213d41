"""The garbage collector and a build: what a build keeps is kept out of its full passes."""

from __future__ import annotations

import gc


def freeze_build_objects() -> None:
    """Keep what was read so far out of the garbage collector's full passes.

    A build holds every document until it ends; each full pass of the cyclic collector walks
    all of them, and the passes come more often as more objects are made: with 10,000
    documents that was seconds, growing faster than the site. `gc.freeze` moves the objects
    alive now out of its reach (they are freed normally when their references go; only a
    cycle among them would wait for `release_build_objects`, which a long-lived process
    calls after each build)."""
    gc.freeze()


def release_build_objects() -> None:
    """After a build in a process that lives on (the live-reload server): let the collector
    see again what the build froze."""
    gc.unfreeze()
