"""Writing a generated file (feed, calendar, sitemap, e-mail…) into the build's output folder."""

from __future__ import annotations

import os


def write_output(output_path: str, relpath: str, data: bytes | str) -> None:
    """Write `data` at `relpath` under `output_path` (the staging folder), making folders."""
    path = os.path.join(output_path, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


#: Set by the `incremental` plugin for the build under way: (output_path, relpath, inputs,
#: make) -> True when it took care of the file (reused, or made and recorded).
reuse_hook = None


def write_made(output_path: str, relpath: str, inputs, make) -> None:
    """Write `make()` at `relpath`; `inputs` are all it is made from (documents, settings,
    strings), so that a rebuild can take the previous build's file when they did not change."""
    hook = reuse_hook
    if hook is None or not hook(output_path, relpath, inputs, make):
        write_output(output_path, relpath, make())


#: Set by the `incremental` plugin: (output_path, folder, sources, inputs, make, background)
#: -> an object with `wait()`, or None when it leaves the folder to `make_folder`.
folder_reuse_hook = None


class Done:
    """A folder that is complete already."""

    def wait(self) -> None:
        return None


def make_folder(output_path: str, folder: str, sources, inputs, make,
                background: bool = False):  # fmt: skip
    """Have `make()` fill `folder` from the files `sources()` lists (paths under the output;
    asked once every queued file is written) and `inputs`; a rebuild can take the previous
    build's folder when none of them changed. With
    `background`, the folder may be made in another process while the build goes on. Returns
    an object whose `wait()` returns once the folder is complete (and raises if it failed)."""
    hook = folder_reuse_hook
    if hook is not None:
        pending = hook(output_path, folder, sources, inputs, make, background)
        if pending is not None:
            return pending
    flush()
    make()
    return Done()


#: Set by the `incremental` plugin: makes the files queued so far.
flush_hook = None


def flush() -> None:
    """Make the files queued so far (the incremental plugin queues them to use every core)."""
    if flush_hook is not None:
        flush_hook()
