"""The package as a teacher's IT department would install it: a wheel is built from a copy
of the sources, unpacked into an empty folder, and a fresh Python process (outside the
repository, without the editable install) imports every module from it and runs a lesson
in a kernel of its own. The articles come from ``COURSE_ARTICLES_DIR``, as on a hub where
the course is installed as a package (issue 15)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The wheel's files in a folder of their own (what pip would put in site-packages)."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    shutil.copytree(REPO / "course", src / "course",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    out = base / "dist"
    # built as `make setup` builds the editable install: pip's isolated build environment
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(out), str(src)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = out.glob("news_literacy_course-*.whl")
    target = base / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    return target


def run(code: str, site: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Python with only the unpacked wheel (and the test environment's dependencies)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    environ.update(PYTHONPATH=str(site), PYTHONNOUSERSITE="1", **env)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=600)


def files(folder: Path, pattern: str) -> set[str]:
    """The files under ``folder`` matching ``pattern``, as paths relative to it."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob(pattern)
            if "__pycache__" not in p.parts}


def test_the_wheel_holds_every_module_and_its_data(unpacked):
    modules = files(REPO / "course", "*.py")
    assert {"text/article.py", "engine/qtypes/single.py", "teaching/grade.py"} <= modules
    assert files(unpacked / "course", "*.py") == modules  # every layer's subpackage
    for pattern in ("*.toml", "*.json"):
        assert files(unpacked / "course", pattern) == files(REPO / "course", pattern), pattern


def test_every_module_imports_from_the_wheel(unpacked, tmp_path):
    names = sorted(m[:-len(".py")].replace("/", ".").removesuffix(".__init__")
                   for m in files(unpacked / "course", "*.py")
                   if m not in ("__init__.py", "__main__.py"))
    assert "engine.qtypes" in names and "parts.chronology" in names
    code = ("import importlib, course\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module('course.' + name)\n"
            "print(course.__file__)")
    done = run(code, unpacked, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().startswith(str(unpacked)), done.stdout  # not the repository


def test_a_lesson_runs_from_the_wheel(unpacked, tmp_path):
    shutil.copy2(REPO / "notebooks" / "00_start_here.ipynb", tmp_path / "lesson.ipynb")
    code = ("import nbformat\n"
            "from nbclient import NotebookClient\n"
            "nb = nbformat.read('lesson.ipynb', as_version=4)\n"
            "nb.cells.append(nbformat.v4.new_code_cell('import course; print(course.__file__)'))\n"
            "NotebookClient(nb, timeout=180, kernel_name='python3').execute()\n"
            "import course; print(course.__file__)\n"
            "nbformat.write(nb, 'ran.ipynb')\n")
    done = run(code, unpacked, tmp_path, COURSE_ARTICLES_DIR=str(REPO / "seeds"),
               COURSE_PROGRESS_DIR=str(tmp_path / "progress"), COURSE_STUDENT="wheel")
    assert done.returncode == 0, done.stderr[-3000:]
    ran = json.loads((tmp_path / "ran.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in ran["cells"] for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors[:1]
    shown = json.dumps([c.get("outputs", []) for c in ran["cells"]])
    assert "Qin Gang" in shown  # the article was loaded and shown
    where = "".join(ran["cells"][-1]["outputs"][0]["text"])
    assert where.strip().startswith(str(unpacked)), where  # the kernel used the wheel
