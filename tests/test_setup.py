"""The kit's set-up stays consistent: the pinned seed, environment.yml against
pyproject.toml, the two README commands, .ci/run, the shipped JupyterLab settings, and
the start notebook's shape and question."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

import course

REPO = Path(__file__).resolve().parents[1]
SEED_SHA256 = "befc76522f3c426ff6521ee2f3c59d5bd28fc137f0ca11052a5f720f67059481"
START = REPO / "notebooks" / "00_start_here.ipynb"
LAB_CONFIG = REPO / "jupyter-config"


def normalise(name: str) -> str:
    """A package name as PyPI compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(requirements: list[str]) -> dict[str, str]:
    """``name==version`` (or conda's ``name=version``) lines as {name: version}."""
    found = {}
    for req in requirements:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(?:==?)\s*([^\s;,]+)\s*", req)
        if m:
            found[normalise(m.group(1))] = m.group(2)
    return found


# ----------------------------------------------------------------------- the seed

def test_seed_article_is_the_pinned_file():
    data = (REPO / "seeds" / course.load_article().id / "article.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256


def test_seed_meta_says_how_each_field_was_established():
    meta = course.load_article().meta
    for field in ("title", "outlet", "published", "language"):
        assert len(meta["established"][field].split()) >= 5, field
    assert "Inferred" in meta["established"]["published"]


# ---------------------------------------------------------------- environment.yml

@pytest.fixture(scope="module")
def environment() -> dict:
    return yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))


def test_environment_yml_pins_python_and_uses_conda_forge(environment):
    assert "conda-forge" in environment["channels"]
    deps = [d for d in environment["dependencies"] if isinstance(d, str)]
    python = [d for d in deps if re.match(r"python\s*=", d)]
    assert python, "environment.yml must pin Python"
    version = tuple(int(x) for x in python[0].split("=")[-1].split(".")[:2])
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    minimum = tuple(int(x) for x in re.search(r">=\s*([\d.]+)", project["requires-python"])
                    .group(1).split(".")[:2])
    assert version >= minimum


def test_environment_yml_mirrors_pyproject_dependencies(environment):
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = pinned(project["dependencies"]) | pinned(project["optional-dependencies"]["test"])
    assert len(wanted) == len(project["dependencies"]) + len(
        project["optional-dependencies"]["test"]), "every pyproject dependency is pinned with =="
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    offered = pinned(conda) | pinned(pip)
    missing = {n: v for n, v in wanted.items() if offered.get(n) != v}
    assert not missing, f"environment.yml lacks (or pins another version of): {missing}"
    assert "-e ." in [p.strip() for p in pip], "the pip: section must install the project"


# ------------------------------------------------------- README, Makefile, .ci/run

def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = {line.strip() for line in readme.splitlines()}
    assert {"make lab", "make test"} <= lines, "the two commands stand on lines of their own"
    assert "docs/DESIGN.md" in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines()
                if line.strip() and not line.strip().startswith(("#", "echo"))]
    assert commands[-1] == "make test"
    assert "set -euo pipefail" in ci and "apt-get install" in ci and "chromium" in ci
    assert subprocess.run(["bash", "-n", str(REPO / ".ci" / "run")]).returncode == 0


def test_makefile_lab_uses_the_course_settings_and_opens_the_start_notebook():
    stamp = Path(sys.prefix) / ".installed"
    dry = subprocess.run(["make", "-n", "--no-print-directory", "-o", str(stamp), "lab",
                          f"VENV={sys.prefix}"],
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert f'JUPYTER_CONFIG_PATH="{LAB_CONFIG}' in dry
    assert re.search(r"/jupyter lab .*notebooks/00_start_here\.ipynb\s*$", dry.strip())
    assert f'--ServerApp.root_dir="{REPO}"' in dry


def test_gitignore_keeps_generated_files_out():
    ignored = (REPO / ".gitignore").read_text().split()
    for entry in (".venv/", "progress/", "test-artifacts/", ".ipynb_checkpoints/"):
        assert entry in ignored


# ------------------------------------------------------ the JupyterLab settings

def test_lab_config_turns_off_news_updates_and_extension_manager():
    from jupyterlab.labapp import LabApp

    config = json.loads((LAB_CONFIG / "jupyter_lab_config.json").read_text())["LabApp"]
    assert set(config) <= set(LabApp.class_trait_names(config=True))
    assert config["news_url"] is None
    assert config["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    assert config["extension_manager"] == "readonly"


def test_setting_overrides_name_real_plugins_and_settings():
    overrides = json.loads((LAB_CONFIG / "labconfig" / "default_setting_overrides.json")
                           .read_text())
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text())
        for key, value in values.items():
            assert key in schema["properties"], f"{plugin} has no setting {key!r}"
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


# ------------------------------------------------------------ the start notebook

@pytest.fixture(scope="module")
def start() -> nbformat.NotebookNode:
    return nbformat.read(START, as_version=4)


def test_start_notebook_follows_the_notebook_conventions(start):
    first = start.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for target in ("00_start_here.ipynb", "01_source_attribution.ipynb",
                   "02_contrasting_statements.ipynb", "03_chronology.ipynb"):
        assert f"({target})" in first.source
    code = [c for c in start.cells if c.cell_type == "code"]
    assert "import course" in code[0].source
    assert "article = course.load_article()" in code[0].source
    assert all(len(c.source.splitlines()) <= 5 for c in code), "keep code cells short"
    last = start.cells[-1].source
    assert "../exercises/00_reading_the_article.ipynb" in last
    assert "01_source_attribution.ipynb" in last


def test_start_notebook_links_open_existing_files(start):
    """Every relative link points at a file (JupyterLab shows an error for a folder)."""
    links = re.findall(r"\]\(([^)\s]+)\)", "".join(c.source for c in start.cells
                                                   if c.cell_type == "markdown"))
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert len(relative) >= 8
    for link in relative:
        target = (START.parent / link.split("#")[0]).resolve()
        assert target.is_file(), f"{link} in 00_start_here.ipynb is not an existing file"


def test_start_notebook_outputs_hold_no_machine_paths_or_tokens(start):
    text = json.dumps([c.get("outputs", []) for c in start.cells])
    for leak in ("/work/", "/tmp/", "/root/", "/home/", "token="):
        assert leak not in text


def test_start_question_exists_with_evidence_that_matches_the_text(start):
    asked = re.findall(r'course\.ask\("([^"]+)"\)', "".join(c.source for c in start.cells))
    assert asked == ["start.where"]
    article = course.load_article()
    data = tomllib.loads((article.folder / "questions" / "00_start.toml").read_text("utf-8"))
    (q,) = [q for q in data["questions"] if q["id"] == "start.where"]
    assert q["answer"] in q["options"] and set(q["feedback"]) <= set(q["options"])
    for key, spans in q["evidence"].items():
        for i, span in enumerate(spans):
            course.check_span(article, span, f"00_start.toml start.where evidence.{key}[{i}]")
            assert q["answer"] in span["text"]


# ------------------------------------------------- browser tests: skip vs. fail

def load_browser_conftest(monkeypatch):
    """tests/browser/conftest.py as a plain module (its hooks are not registered again)."""
    spec = importlib.util.spec_from_file_location(
        "browser_conftest_under_test", REPO / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


def test_missing_chromium_skips_with_a_hint_but_fails_under_ci(monkeypatch):
    browser = load_browser_conftest(monkeypatch)
    assert "apt-get install chromium" in browser.INSTALL_HINT
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.skip_or_fail(browser.INSTALL_HINT)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        browser.skip_or_fail(browser.INSTALL_HINT)


#: The selector of JupyterLab's notebook shortcuts that also fire when a widget in an
#: output has the focus (the arrow keys would move the cell instead of the choice).
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"


def test_shortcuts_leave_the_keys_to_a_focused_widget():
    """Issue 17: a keyboard user answers with the arrow keys, Space and letters. The course's
    settings disable each of JupyterLab's command-mode shortcuts that would fire inside a
    widget (every one installed, so an upgrade that adds one fails here) and bind it again
    for everything outside the outputs."""
    shipped = json.loads((LAB_CONFIG / "labconfig" / "default_setting_overrides.json")
                         .read_text(encoding="utf-8"))
    entries = shipped["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    disabled = {(e["command"], tuple(e["keys"])) for e in entries
                if e.get("disabled") and e["selector"] == COMMAND_MODE}
    again = {(e["command"], tuple(e["keys"])) for e in entries if not e.get("disabled")
             and e["selector"] == COMMAND_MODE + ":not(.jp-OutputArea-output *)"}
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    installed = set()
    for schema in schemas.glob("@jupyterlab/*/*.json"):
        for shortcut in json.loads(schema.read_text(encoding="utf-8")).get(
                "jupyter.lab.shortcuts", []):
            if shortcut.get("selector") == COMMAND_MODE and any(shortcut.get("keys", [])) \
                    and not shortcut.get("disabled"):
                installed.add((shortcut["command"], tuple(shortcut["keys"])))
    assert len(installed) > 30 and ("notebook:move-cursor-down", ("ArrowDown",)) in installed
    assert installed - disabled == set(), "not disabled inside widgets"
    assert disabled == again and len(entries) == 2 * len(disabled)
