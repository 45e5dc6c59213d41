"""Writing a generated file (feed, calendar, sitemap, e-mail, search index) into the output.

Generators that write files of their own do it through the build's `OutputFiles`
(`build_of(settings).files`): plain writes here; the `incremental` plugin gives the build a
subclass (`site_build.reuse.ReusingFiles`) that takes a file from the previous build when it
was made from the same inputs, and queues the others to be made on every core.
"""

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


class Done:
    """A folder that is complete already."""

    def wait(self) -> None:
        return None


class OutputFiles:
    """How a build writes the files generators make: each one at once, nothing reused."""

    def write(self, output_path: str, relpath: str, data: bytes | str) -> None:
        """A file that is cheap to make: written as it is."""
        write_output(output_path, relpath, data)

    def write_made(self, output_path: str, relpath: str, inputs, make) -> None:
        """Write `make()` at `relpath`; `inputs` are all it is made from (documents,
        settings, strings), so that a rebuild can take the previous build's file when they
        did not change."""
        write_output(output_path, relpath, make())

    def make_folder(self, output_path: str, folder: str, sources, inputs, make,
                    background: bool = False):  # fmt: skip
        """Have `make()` fill `folder` from the files `sources()` lists (paths under the
        output; asked once every queued file is written) and `inputs`; a rebuild can take the
        previous build's folder when none of them changed. With `background`, the folder may
        be made in another process while the build goes on. Returns an object whose `wait()`
        returns once the folder is complete (and raises if it failed)."""
        self.flush()
        make()
        return Done()

    def flush(self) -> None:
        """Make the files queued so far (a reusing build queues them to use every core)."""
        return None

    def finish(self) -> None:
        """The build's last write is done."""
        self.flush()
