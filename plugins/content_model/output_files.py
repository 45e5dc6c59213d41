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


#: Set by the `incremental` plugin: (output_path, folder, sources, inputs, make) -> True when
#: it took care of the folder.
folder_reuse_hook = None


def make_folder(output_path: str, folder: str, sources: list[str], inputs, make) -> None:
    """Run `make()`, which fills `folder` from the files `sources` (paths under the output) and
    `inputs`; a rebuild can take the previous build's folder when none of them changed."""
    hook = folder_reuse_hook
    if hook is None or not hook(output_path, folder, sources, inputs, make):
        make()
