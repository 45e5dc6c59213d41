"""The output folder is never a place of value, and a build that cannot write says so in one line.

Issue 16, items 4, 5 (the output part) and 10: `-o` on a folder of value is refused before
anything is read or written (exit status 2, the folder byte for byte as it was); a full disk,
a folder that cannot be written or a Pagefind crash ends the build with one line (exit status
1), the last good output as it was and no staging folder left; builds run at the same time
into the same output all succeed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import PELICAN, ROOT, doc, new_site, picture, project_copy, snapshot

MARKER = ".decentralization-net-build"
TODO = "give -o (OUTPUT_PATH) a new or empty folder"


def pelican(cwd: Path, output, *args: str, settings: Path | None = None):
    """`pelican content -s pelicanconf.py -o OUTPUT`, from `cwd`, as a contributor runs it."""
    settings = settings or cwd / "pelicanconf.py"
    command = [str(PELICAN), "content", "-s", str(settings), "-o", str(output), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def staging_debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".staging-" in p.name)


@pytest.fixture
def project(tmp_path):
    """A contributor's clone (its own plugins, theme and settings) with one document, in
    `tmp_path/project`, so that the folders around it can be tried too."""
    (tmp_path / "project").mkdir()
    site = project_copy(tmp_path / "project")
    site.write("blog/good.md", doc(title="Good"))
    return site


def refused(project, output, expected: str, guarded: Path) -> None:
    """`-o output` exits 2 with `expected` alone, and `guarded` is as it was, byte for byte."""
    before = snapshot(guarded) if guarded.is_dir() else None
    result = pelican(project.root, output)
    assert result.stderr.splitlines() == [f"output: {expected}"], result.stderr
    assert result.returncode == 2
    assert "Done:" not in result.stdout
    if before is not None:
        assert snapshot(guarded) == before
    parent = Path(os.path.realpath(output)).parent
    if parent.is_dir():
        assert staging_debris(parent) == []
    assert not project.output.exists()  # nothing was built anywhere


# -- item 4: refused before anything is read or written ---------------------------------------


def test_a_folder_holding_a_git_repository_is_refused(project, tmp_path):
    repo = tmp_path / "site-repo"
    (repo / ".git" / "refs").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / "README.md").write_text("Our other site.\n")
    refused(
        project,
        repo,
        f"{repo} holds a .git folder, which a build would delete; {TODO}",
        repo,
    )


def test_our_own_output_with_a_git_repository_put_into_it_is_refused(project):
    first = pelican(project.root, "output")
    assert first.returncode == 0, first.stderr
    (project.output / ".git").mkdir()
    (project.output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    before = snapshot(project.output)
    result = pelican(project.root, "output")
    assert result.stderr.splitlines() == [
        f"output: {project.output} holds a .git folder, which a build would delete; {TODO}"
    ]
    assert result.returncode == 2
    assert snapshot(project.output) == before


def test_the_project_itself_is_refused(project):
    refused(
        project,
        ".",
        f"{project.root} is the project, which a build would replace; {TODO}",
        project.root,
    )


def test_a_folder_holding_the_project_is_refused(project, tmp_path):
    refused(
        project,
        tmp_path,
        f"{tmp_path} holds the project ({project.root}), which a build would delete; {TODO}",
        tmp_path,
    )


def test_the_content_folder_is_refused(project):
    refused(
        project,
        "content",
        f"{project.content} is the content folder, which a build would replace; {TODO}",
        project.root,
    )


def test_the_theme_is_refused(project):
    theme = project.root / "theme"
    refused(project, "theme", f"{theme} is the theme, which a build would replace; {TODO}", theme)


def test_a_folder_inside_the_content_is_refused(project):
    inside = project.content / "blog" / "site"
    refused(
        project,
        inside,
        f"{inside} is inside the content folder ({project.content}); {TODO} outside it",
        project.root,
    )


def test_a_folder_deeper_inside_the_project_is_refused(project):
    docs = project.root / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("# Guide\n")
    inside = docs / "site"
    refused(
        project,
        inside,
        f"{inside} is inside the project ({project.root}) but not directly in it; "
        f"{TODO} directly in the project (like output/) or outside it",
        project.root,
    )
    assert not inside.exists()


def test_a_folder_inside_a_git_folder_is_refused(project):
    (project.root / ".git").mkdir()
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    inside = project.root / ".git" / "site"
    refused(project, inside, f"{inside} is inside a .git folder; {TODO} outside it", project.root)


def test_a_folder_of_other_files_is_refused(project, tmp_path):
    photos = tmp_path / "photos"
    (photos / "2024").mkdir(parents=True)
    (photos / "2024" / "beach.jpg").write_bytes(b"\xff\xd8 not really a picture")
    (photos / "notes.txt").write_text("keep me\n")
    refused(
        project,
        photos,
        f"{photos} is not empty and was not made by a build of this site (no {MARKER} in "
        f"it): a build would delete its files; {TODO} (an output/ built before this check: "
        "run `invoke clean` once)",
        photos,
    )


def test_a_file_is_refused(project):
    notes = project.root / "notes.txt"
    notes.write_text("keep me\n")
    refused(project, notes, f"{notes} is a file, not a folder; {TODO}", project.root)
    assert notes.read_text() == "keep me\n"


def test_a_missing_parent_is_refused(project, tmp_path):
    target = tmp_path / "missing" / "site"
    refused(
        project,
        target,
        f"{tmp_path / 'missing'} does not exist (the folder that would hold {target}); "
        "create it first",
        tmp_path,
    )
    assert not (tmp_path / "missing").exists()


def test_new_empty_and_our_own_folders_are_built_into(project, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for output in ("output", "output", tmp_path / "new", empty):
        result = pelican(project.root, output)
        assert result.returncode == 0, result.stderr
    for output in (project.output, tmp_path / "new", empty):
        assert (output / "blog" / "good" / "index.html").is_file()
        assert (output / MARKER).is_file()
    # The marker is no page: no sitemap, feed or index lists it.
    assert MARKER not in (project.output / "sitemap.xml").read_text()
    assert not any(MARKER in p.read_text() for p in project.output.rglob("*.xml"))


def test_an_output_of_the_builds_before_the_marker_is_recognized(project, tmp_path):
    """An output/ made before this check has no marker; the previous build's manifest
    (.cache/output/) proves it ours as long as its files are the ones recorded."""
    first = pelican(project.root, "output")
    assert first.returncode == 0, first.stderr
    (project.output / MARKER).unlink()  # as the older builds left it
    again = pelican(project.root, "output")
    assert again.returncode == 0, again.stderr
    assert (project.output / MARKER).is_file()

    # Another folder in its place, even with files of the same names, is not.
    project.output.rename(tmp_path / "elsewhere")
    for name in ("index.html", "blog/good/index.html", "sitemap.xml"):
        (project.output / name).parent.mkdir(parents=True, exist_ok=True)
        (project.output / name).write_bytes((tmp_path / "elsewhere" / name).read_bytes())
    before = snapshot(project.output)
    refusal = pelican(project.root, "output")
    assert refusal.returncode == 2
    assert refusal.stderr.startswith(f"output: {project.output} is not empty")
    assert snapshot(project.output) == before


# -- item 5: a build that cannot write -----------------------------------------------------------

#: Runs `pelican` with a file size limit (every write past it fails with EFBIG, "File too
#: large", as writes fail on a full disk; it binds root too) and/or a stand-in for Pagefind.
DRIVER = textwrap.dedent(
    """
    import resource, signal, sys
    limit, pagefind, *args = sys.argv[1:]
    if limit != "-":
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    if pagefind != "-":
        import search_index.index
        search_index.index.get_executable = lambda: pagefind
    from pelican import main
    main(args)
    """
)


def run_limited(site, *args: str, limit="-", pagefind="-"):
    command = [sys.executable, "-c", DRIVER, limit, pagefind, str(site.content),
               "-s", str(ROOT / "pelicanconf.py"), "-o", str(site.output), *args]  # fmt: skip
    return subprocess.run(command, cwd=site.root, capture_output=True, text=True, check=False)


def one_line_failure(site, result, expected: str, before) -> None:
    assert result.stderr.splitlines() == [expected], result.stderr
    assert result.returncode == 1
    assert snapshot(site.output) == before
    assert staging_debris(site.root) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_is_one_line_and_the_output_is_kept(tmp_path, jobs):
    """With CONTENT_JOBS=2 the big page is rendered by a forked process (the second of the
    queue goes to the first child), which sends its line to the build's process."""
    site = new_site(tmp_path)
    for day in (*range(1, 29), 30):  # the big one, of the 29th, is the second newest
        site.write(f"blog/post-{day:02d}.md", doc(title=f"Post {day}", date=f"2024-01-{day:02d}"))
    big = "A short first paragraph.\n\n" + "Many words on local finance. " * 2000  # 58 KB
    site.write("blog/big.md", doc(title="Big", date="2024-01-29", body=big))
    first = site.cli()
    assert first.returncode == 0, first.stderr
    before = snapshot(site.output)
    # Not the parse cache: its own file, outside the output, would meet the limit first.
    result = run_limited(site, "-e", 'CONTENT_CACHE_DIR=""', "INCREMENTAL_REUSE=false",
                         f"CONTENT_JOBS={jobs}", limit=str(40_000))  # fmt: skip
    expected = f"output: could not write {site.output}/blog/big/index.html: File too large"
    one_line_failure(site, result, expected, before)


def test_a_theme_file_that_cannot_be_copied_fails_the_build(tmp_path):
    """Pelican's copy_file only warned, and the site was swapped in without its picture."""
    site = new_site(tmp_path)
    site.write("blog/good.md", doc(title="Good"))
    first = site.cli()
    assert first.returncode == 0, first.stderr
    before = snapshot(site.output)
    # The pages and the index are the previous build's (linked, not written again): the
    # theme's files are the only ones copied, and the largest does not fit.
    share = ROOT / "theme" / "static" / "images" / "share.png"
    result = run_limited(site, "-e", 'CONTENT_CACHE_DIR=""', limit=str(share.stat().st_size - 1))
    expected = f"output: could not write {site.output}/theme/images/share.png: File too large"
    one_line_failure(site, result, expected, before)


@pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="Linux: /sys refuses new folders")
def test_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    """/sys takes no new folder, not even from root (chmod would not stop root in CI)."""
    site = new_site(tmp_path)
    site.write("blog/good.md", doc(title="Good"))
    name = "decentralization-net-test-output"
    result = pelican(site.root, f"/sys/{name}", settings=ROOT / "pelicanconf.py")
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"output: could not make a folder in /sys for {name}/: ")
    assert line.split(": ")[-1] in ("Operation not permitted", "Read-only file system",
                                    "Permission denied")  # fmt: skip
    assert result.returncode == 1


@pytest.fixture
def built(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/good.md", doc(title="Good"))
    first = site.cli()
    assert first.returncode == 0, first.stderr
    return site


def fake_pagefind(folder: Path, script: str) -> str:
    path = folder / "pagefind"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def test_a_failing_pagefind_is_one_line_with_what_it_printed(built, tmp_path):
    before = snapshot(built.output)
    pagefind = fake_pagefind(
        tmp_path,
        "echo 'Error: could not read \033[31mthe page\033[0m' >&2\n"
        "echo '::notice::a line of its own' >&2\n"
        "exit 3\n",
    )
    result = run_limited(built, "-e", "INCREMENTAL_REUSE=false", pagefind=pagefind)
    expected = (
        f"search: Pagefind failed (exit status 3) making {built.output}/pagefind: "
        "Error: could not read the page | ::notice::a line of its own"
    )
    one_line_failure(built, result, expected, before)


def test_a_crashing_pagefind_is_one_line(built, tmp_path):
    before = snapshot(built.output)
    pagefind = fake_pagefind(tmp_path, "kill -SEGV $$\n")
    result = run_limited(built, "-e", "INCREMENTAL_REUSE=false", pagefind=pagefind)
    expected = (
        f"search: Pagefind failed (killed by SIGSEGV) making {built.output}/pagefind: "
        "it printed nothing"
    )
    one_line_failure(built, result, expected, before)


def test_a_missing_pagefind_is_one_line(built, tmp_path):
    before = snapshot(built.output)
    missing = str(tmp_path / "no-such-pagefind")
    result = run_limited(built, "-e", "INCREMENTAL_REUSE=false", pagefind=missing)
    expected = f"search: could not run Pagefind {missing}: No such file or directory"
    one_line_failure(built, result, expected, before)


# -- item 10: builds at the same time -------------------------------------------------------------


def test_builds_at_the_same_time_into_one_output_all_succeed(tmp_path):
    """Each build's temporary files are its own: staging folders, the picture variants being
    made into the cache (they once shared one name), the manifest."""
    site = new_site(tmp_path / "site")
    picture(site.content / "images" / "lead.png", 900, 600)
    for i in range(40):
        fields = {"date": f"2024-02-{i % 28 + 1:02d}", "image": "/images/lead.png"}
        site.write(f"blog/post-{i:02d}.md", doc(title=f"Post {i}", **fields))
    reference = tmp_path / "reference"
    made = pelican(site.root, reference, settings=ROOT / "pelicanconf.py")
    assert made.returncode == 0, made.stderr
    expected = snapshot(reference)
    command = [str(PELICAN), "content", "-s", str(ROOT / "pelicanconf.py"), "-o", "output"]
    for round_ in range(6):
        if round_ % 2 == 0:  # from nothing (no output, no cache), then over the last output
            shutil.rmtree(site.output, ignore_errors=True)
            shutil.rmtree(site.root / ".cache", ignore_errors=True)
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
        builds = [subprocess.Popen(command, cwd=site.root, **pipes) for _ in range(2)]
        for build in builds:
            _out, err = build.communicate(timeout=300)
            assert build.returncode == 0, f"round {round_}: {err}"
        assert snapshot(site.output) == expected
        assert staging_debris(site.root) == []


#: A stand-in for Pagefind that writes its bundle's entry file (and, when given, an index
#: chunk) and exits 0, as Pagefind can on a full disk: the file is empty or cut short.
UNREADABLE_BUNDLE = """while [ "$1" != --output-path ]; do shift; done
mkdir -p "$2/index"
printf '%s' '{entry}' > "$2/pagefind-entry.json"
{chunk}
"""


@pytest.mark.parametrize(
    ("entry", "chunk", "file", "reason"),
    [
        ("", "", "pagefind-entry.json", "Expecting value: line 1 column 1 (char 0)"),
        ('{"version":"1.5.2"', "", "pagefind-entry.json",
         "Expecting ',' delimiter: line 1 column 19 (char 18)"),
        ('{"languages":{}}', "", "pagefind-entry.json", "no 'version'"),
        ('{"version":"1.5.2","languages":{}}', "printf 'PK' > \"$2/index/en_1.pf_index\"",
         "index/en_1.pf_index", "Not a gzipped file (b'PK')"),
    ],
)  # fmt: skip
def test_an_unreadable_file_left_by_pagefind_is_one_line(built, tmp_path, entry, chunk, file,
                                                         reason):  # fmt: skip
    """The search index's process printed a JSONDecodeError traceback (compact.py) when
    Pagefind, on a full disk, left an empty file and exited 0."""
    before = snapshot(built.output)
    pagefind = fake_pagefind(tmp_path, UNREADABLE_BUNDLE.format(entry=entry, chunk=chunk))
    result = run_limited(built, "-e", "INCREMENTAL_REUSE=false", pagefind=pagefind)
    expected = f"search: Pagefind left an unreadable file {built.output}/pagefind/{file}: {reason}"
    one_line_failure(built, result, expected, before)
