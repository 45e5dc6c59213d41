"""Helpers to build tiny sites in temporary folders with the project's real settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from devkit.browser import CHROMIUM, CHROMIUM_ARGS
from devkit.browser import serve as serve  # the tests serve built sites with it

ROOT = Path(__file__).resolve().parent.parent
PELICAN = Path(sys.executable).parent / "pelican"


def front_matter(**fields) -> str:
    """YAML front matter from keyword arguments (values written as YAML flow)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def doc(body="Some text.", **fields) -> str:
    defaults = {
        "title": "A title",
        "date": "2024-01-01",
        "topics": ["health"],
        "regions": ["asia"],
    }
    defaults.update(fields)
    defaults = {k: v for k, v in defaults.items() if v is not None}
    return front_matter(**defaults) + body + "\n"


@dataclass
class Site:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relpath: str, text: str | bytes) -> Path:
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, "utf-8")
        return path

    def settings(self, **override):
        values = {"PATH": str(self.content), "OUTPUT_PATH": str(self.output)}
        values.update(override)
        return read_settings(str(ROOT / "pelicanconf.py"), override=values)

    def build(self, **override) -> list[str] | None:
        """Build in-process; None on success, else the `file:line: message` lines."""
        from content_model.problems import ContentErrors

        try:
            Pelican(self.settings(**override)).run()
        except ContentErrors as e:
            return e.lines()
        return None

    def cli(self, *args: str, settings: str = "pelicanconf.py", timeout=120):
        """Run the `pelican` command line as a contributor would, from the site's folder."""
        cmd = [str(PELICAN), str(self.content), "-s", str(ROOT / settings)]
        cmd += ["-o", str(self.output), *args]
        return subprocess.run(
            cmd, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False
        )

    def page(self, url: str) -> str:
        return (self.output / url.strip("/") / "index.html").read_text("utf-8")

    def files(self) -> dict[str, bytes]:
        """Every output file and its bytes."""
        return snapshot(self.output)


def picture(path: Path, width: int = 1200, height: int = 800) -> Path:
    """A real PNG picture (Pillow reads and resizes it), colourful enough to compress like one."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (width, height))
    image.putdata(
        [((x * 7) % 256, (y * 5) % 256, 120) for y in range(height) for x in range(width)]
    )
    image.save(path)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    result = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            result[str(path.relative_to(folder))] = path.read_bytes()
    return result


def new_site(root: Path) -> Site:
    """An empty site with the project's vocabularies."""
    site = Site(root)
    (site.content / "taxonomies").mkdir(parents=True)
    for name in ("topics.yml", "regions.yml"):
        shutil.copy(ROOT / "content" / "taxonomies" / name, site.content / "taxonomies" / name)
    for folder in ("blog", "primers", "webinars", "articles", "pages", "images", "extra"):
        (site.content / folder).mkdir(exist_ok=True)
    return site


def project_copy(root: Path) -> Site:
    """The project's code with a site of its own, as a contributor's clone would be."""
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return new_site(root)


@pytest.fixture
def site(tmp_path) -> Site:
    return new_site(tmp_path)


@pytest.fixture(scope="module")
def module_site(tmp_path_factory) -> Site:
    return new_site(tmp_path_factory.mktemp("site"))


# -- a real browser, for search and the theme -------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skips on a laptop without it; fails in CI."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
