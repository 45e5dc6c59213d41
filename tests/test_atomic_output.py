"""A failed or killed build leaves the last good output/ byte for byte; a good one replaces it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError

from conftest import PELICAN, ROOT, doc, snapshot


def debris(site) -> list[str]:
    return [name for name in os.listdir(site.root) if name.startswith(".output.staging-")]


def many_documents(site, count: int, marker: str = "first") -> None:
    body = "\n\n".join(
        f"Paragraph {i} on local revenue, transfers and service delivery." for i in range(40)
    )
    for i in range(count):
        site.write(f"blog/post-{i:03d}.md", doc(title=f"Post {i} ({marker})", body=body))


def test_content_error_writes_nothing(site):
    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    before = site.files()
    site.write("blog/bad.md", doc(topics=["helth"]))
    site.write("blog/good.md", doc(title="Good, edited"))
    assert site.build() is not None
    assert site.files() == before
    assert debris(site) == []


def test_template_error_leaves_output_untouched(site):
    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    before = site.files()
    broken = site.root / "broken-theme"
    shutil.copytree(ROOT / "theme", broken)
    template = broken / "templates" / "article.html"
    template.write_text(template.read_text().replace("{{ article.title }}", "{{ article.title("))
    site.write("blog/good.md", doc(title="Good, edited"))
    with pytest.raises(TemplateSyntaxError):
        site.build(THEME=str(broken))
    assert site.files() == before
    assert debris(site) == []  # the failed build removed its staging folder itself
    assert site.build() is None
    assert b"Good, edited" in (site.output / "blog" / "good" / "index.html").read_bytes()
    assert debris(site) == []


def test_first_build_creates_output(site):
    site.write("blog/good.md", doc(title="Good"))
    assert not site.output.exists()
    assert site.build() is None
    assert (site.output / "blog" / "good" / "index.html").is_file()


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_a_complete_output(site):
    many_documents(site, 120, "old")
    first = site.cli()
    assert first.returncode == 0, first.stderr
    old = snapshot(site.output)
    old_tree = site.root / "old-output"
    shutil.copytree(site.output, old_tree)

    many_documents(site, 120, "new")
    reference = site.root / "reference"
    started = time.monotonic()
    ref = subprocess.run(
        [str(PELICAN), str(site.content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(reference)],
        capture_output=True,
        text=True,
        check=False,
    )
    duration = time.monotonic() - started
    assert ref.returncode == 0, ref.stderr
    new = snapshot(reference)
    assert new != old

    outcomes = []
    for step in range(1, 41):  # kill from just after the start to past the swap
        if step > 12 and "new" in outcomes:
            break  # (a loaded machine builds slower than the reference: later kills, then)
        delay = duration * step / 10
        process = subprocess.Popen(
            [
                str(PELICAN),
                str(site.content),
                "-s",
                str(ROOT / "pelicanconf.py"),
                "-o",
                str(site.output),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(site.output)
        assert now in (old, new), f"output is neither build after a kill at {delay:.2f}s"
        outcomes.append("old" if now == old else "new")
        if now == new:  # put the old output back for the next kill
            shutil.rmtree(site.output)
            shutil.copytree(old_tree, site.output)
    assert "old" in outcomes  # some kills landed before the swap
    assert "new" in outcomes  # and some after it

    final = site.cli()
    assert final.returncode == 0, final.stderr
    assert snapshot(site.output) == new
    assert debris(site) == []


def test_a_fallback_swap_killed_between_its_renames_is_put_back(site):
    from atomic_output import remove_debris, staging_prefix

    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    before = site.files()
    # The two-rename fallback (systems without renameat2), killed after its first rename:
    previous = Path(staging_prefix(str(site.output)) + "999999-dead-previous")
    site.output.rename(previous)
    remove_debris(str(site.output))
    assert site.files() == before
    assert debris(site) == []


def test_a_symlinked_output_is_built_where_it_points(site, tmp_path):
    target = tmp_path / "served" / "www"
    target.mkdir(parents=True)
    site.output.symlink_to(target, target_is_directory=True)
    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    assert site.output.is_symlink()
    assert (target / "blog" / "good" / "index.html").is_file()
    assert debris(site) == []


@pytest.fixture
def running_pid():
    """The pid of a process that runs for the test (another build, as `remove_debris` sees it)."""
    process = subprocess.Popen(["sleep", "300"])
    yield process.pid
    process.kill()
    process.wait()


def test_what_a_running_build_prestaged_is_left_alone(site, running_pid):
    """The live-reload server makes the next build's folders between saves: another build
    starting meanwhile must not remove them, finished or not."""
    from atomic_output import prestaged_prefix, remove_debris

    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    mine = prestaged_prefix(str(site.output)).rsplit("-", 2)[0]  # without this process's pid
    partial = Path(f"{mine}-{running_pid}-0a1b2c3d.partial")
    ready = Path(f"{mine}-{running_pid}-4e5f6a7b")
    for folder in (partial, ready):
        (folder / "blog").mkdir(parents=True)
    remove_debris(str(site.output))
    assert partial.is_dir() and ready.is_dir()


def test_the_previous_output_of_a_running_fallback_swap_is_not_put_back(site, running_pid):
    """Between the two renames of the fallback swap, `output` is missing for a moment: a build
    starting then must not put the previous output back in the way of the new one."""
    from atomic_output import remove_debris, staging_prefix

    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    previous = Path(f"{staging_prefix(str(site.output))}{running_pid}-0a1b2c3d-previous")
    site.output.rename(previous)
    remove_debris(str(site.output))
    assert previous.is_dir()
    assert not site.output.exists()


def test_a_first_output_made_by_another_build_meanwhile_is_exchanged(tmp_path, monkeypatch):
    """Two first builds: the other one's output lands between this one's look and its rename."""
    import atomic_output

    output, staging = tmp_path / "output", tmp_path / ".output.staging-1-0a1b2c3d"
    staging.mkdir()
    (staging / "index.html").write_text("this build")
    real_lexists = os.path.lexists

    def lexists_then_the_other_build_swaps(path):
        found = real_lexists(path)
        if os.fspath(path) == str(output) and not found:
            output.mkdir()
            (output / "index.html").write_text("the other build")
        return found

    monkeypatch.setattr(atomic_output.os.path, "lexists", lexists_then_the_other_build_swaps)
    atomic_output.swap_into_place(str(staging), str(output))
    assert (output / "index.html").read_text() == "this build"


def test_an_error_logged_under_quiet_logging_still_keeps_the_output(site, capsys):
    """`pelican -q` raises the root logger's level past ERROR: an error logged during the
    build must still count (a document Pelican could not read is logged, not raised)."""
    import logging

    from pelican import signals

    from atomic_output import BuildFailed

    site.write("blog/good.md", doc(title="Good"))
    assert site.build() is None
    before = site.files()
    site.write("blog/good.md", doc(title="Good, edited"))

    def log_an_error(generator):
        logging.getLogger("some.plugin").error("could not process something")
        logging.getLogger("pelican.generators").error("Could not process blog/x.md")

    root, pelican_logger = logging.getLogger(), logging.getLogger("pelican")
    level, handler_levels = root.level, [h.level for h in root.handlers]
    pelican_level = pelican_logger.level
    root.setLevel(logging.CRITICAL)  # what `pelican -q` does, to both
    pelican_logger.setLevel(logging.CRITICAL)
    signals.article_generator_finalized.connect(log_an_error)
    try:
        with pytest.raises(BuildFailed):
            site.build()
    finally:
        signals.article_generator_finalized.disconnect(log_an_error)
        root.setLevel(level)
        pelican_logger.setLevel(pelican_level)
        for handler, handler_level in zip(root.handlers, handler_levels, strict=False):
            handler.setLevel(handler_level)
    assert (
        "The build logged 2 error(s), the first: could not process something;"
        in capsys.readouterr().err
    )
    assert site.files() == before
    assert debris(site) == []
