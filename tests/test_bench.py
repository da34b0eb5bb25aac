"""The benchmark command runs and prints well-formed figures, and ``import course`` stays
light (issue 8). No timing is asserted here: performance is measured by
``benchmarks/bench.py``, never by timed tests."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import course

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "bench.py"

# name: value unit (baseline: value unit, ratio: r) target: ...[ met| NOT MET]
FIGURE = re.compile(r"^(?P<name>[^:]+): (?P<value>[-\d.e+]+) (?P<unit>.+?) "
                    r"\(baseline: (?P<base>[-\d.e+]+) (?P=unit), ratio: (?P<ratio>[-\d.]+|inf)\)"
                    r" target: .+$")


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (this repository's course); its stdout."""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quick_benchmark_prints_well_formed_figures(tmp_path: Path) -> None:
    """``bench.py --quick`` (the cheap parts) prints one well-formed line per figure."""
    done = subprocess.run([sys.executable, str(BENCH), "--quick",
                           "--only", "micro,import,scaling"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if not line.startswith(("  ", "summary"))]
    names = []
    for line in lines:
        m = FIGURE.match(line)
        assert m, f"malformed figure line: {line!r}"
        value, base, ratio = float(m["value"]), float(m["base"]), float(m["ratio"])
        assert value > 0 and base > 0
        assert ratio == pytest.approx(value / base, rel=0.02, abs=0.01), line
        names.append(m["name"])
    assert "import course" in names
    assert any(n.startswith("extraction scaling time expressions") for n in names)
    assert any(n.startswith("extraction throughput attribution") for n in names)
    assert sum(n.startswith("micro ") for n in names) == 5
    assert done.stdout.splitlines()[-1].startswith("summary: ")


def test_unknown_part_is_a_clear_error() -> None:
    """A misspelt part names the parts there are, without a traceback."""
    done = subprocess.run([sys.executable, str(BENCH), "--only", "notebook"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "unknown part(s) notebook" in done.stderr and "notebooks" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_course_loads_no_heavy_module() -> None:
    """``import course`` leaves matplotlib, nbformat and nbclient unloaded until needed."""
    heavy = ["matplotlib", "matplotlib.pyplot", "matplotlib.figure", "nbformat", "nbclient",
             "nbconvert", "course.parts.chronology", "course.parts.attribution_views"]
    out = run_python(f"import json, sys, course; print(json.dumps([m for m in {heavy!r} "
                     "if m in sys.modules]))")
    assert json.loads(out) == []


def test_drawing_loads_matplotlib_without_pyplot() -> None:
    """The timeline is drawn and shown as a PNG without pyplot's global figure state."""
    out = run_python("import sys, course\n"
                     "img = course.figure_image(course.plot_timeline("
                     "course.timeline()))\n"
                     "print(type(img).__name__, img.data[:4] == b'\\x89PNG', "
                     "'matplotlib.figure' in sys.modules)")
    assert out.split() == ["ChartImage", "True", "True"]


@pytest.mark.parametrize("name", sorted(set(course.__all__) | set(course._MODULE_OF)))
def test_every_public_name_resolves(name: str) -> None:
    """Every public name works as ``course.X`` and ``from course import X``."""
    value = getattr(course, name)
    assert value is not None
    namespace: dict = {}
    exec(f"from course import {name}", namespace)
    assert namespace[name] is value
    assert name in dir(course)


def test_questions_is_the_function_not_the_submodule() -> None:
    """``course.questions`` is the engine's function even after the engine's ``questions``
    submodule is imported."""
    out = run_python("import course, course.engine.questions, course.parts.chronology\n"
                     "print(callable(course.questions), type(course.questions()).__name__)")
    assert out.split() == ["True", "DataFrame"]


def test_submodules_and_unknown_names() -> None:
    """``course.<layer>`` imports the layer's package; an unknown name is an AttributeError."""
    assert course.parts.chronology.__name__ == "course.parts.chronology"
    assert callable(course.parts.attribution.extract_attributions)
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        course.no_such_name  # noqa: B018
