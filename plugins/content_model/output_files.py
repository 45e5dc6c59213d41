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
