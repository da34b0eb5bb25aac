"""Releasing exercises: committed versions in sync with their sources, no solution in a
student version, and unanswered check cells that say "not answered yet"."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import course
from course.teaching import release as rel

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO / "exercises" / "source").glob("[0-9][0-9]_*.ipynb"))


def read(path: Path):
    return nbformat.read(path, as_version=4)


def cells(nb) -> list[tuple[str, str, dict]]:
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]


def solution_lines(source) -> list[str]:
    """The significant lines inside solution markers of a source notebook."""
    found = []
    for cell in source.nbformat and source.cells:
        begin, end = ((rel.CODE_BEGIN, rel.CODE_END) if cell.cell_type == "code"
                      else (rel.MD_BEGIN, rel.MD_END))
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == begin:
                inside = True
            elif line.strip() == end:
                inside = False
            elif inside and len(re.sub(r"[\W_]", "", line)) >= 6:
                found.append(line.strip())
    return found


def test_there_is_an_exercise():
    assert [p.name for p in SOURCES][:1] == ["00_reading_the_article.ipynb"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_committed_student_version_is_in_sync(source):
    expected = rel.student_version(read(source), source.stem)
    committed = read(REPO / "exercises" / source.name)
    assert cells(committed) == cells(expected), "run: python -m course release " + source.stem
    assert committed.metadata == expected.metadata
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in committed.cells if c.cell_type == "code")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_committed_teacher_version_is_in_sync(source):
    folder = REPO / "exercises" / "solutions"
    expected = rel.teacher_version(read(source), source.stem, folder, run=False)
    committed = read(folder / source.name)
    assert [(t, s) for t, s, _ in cells(committed)] == [(t, s) for t, s, _ in cells(expected)]
    asked = [c for c in committed.cells if c.metadata.get("course", {}).get("role") == "question"]
    assert asked and all(c.outputs for c in asked), "the teacher version is executed"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_solution_text_in_student_version(source):
    text = (REPO / "exercises" / source.name).read_text(encoding="utf-8")
    lines = solution_lines(read(source))
    assert lines, "the source has solutions"
    for line in lines:
        assert json.dumps(line)[1:-1] not in text and line not in text, line
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text


def records(cell) -> list[str]:
    """The plain-text answer records a question cell shows."""
    return ["".join(o["data"]["text/plain"]) for o in cell.outputs
            if "application/vnd.course.answer+json" in o.get("data", {})]


def test_student_question_cells_say_not_answered_yet(tmp_path):
    """Run the committed student version: every question shows 'not answered yet' in plain text."""
    from nbclient import NotebookClient
    nb = read(REPO / "exercises" / "00_reading_the_article.ipynb")
    with rel.fresh_progress():  # a new student: nothing saved yet
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    asked = [c for c in nb.cells if c.metadata.get("course", {}).get("role") == "question"]
    assert len(asked) == len(nb.metadata["course"]["questions"]) >= 4
    for cell in asked:
        assert [r.split(": ", 1)[1][:40] for r in records(cell)] == \
            ["none yet (… Not answered yet). Answer in"], cell.source
        assert not [o for o in cell.outputs if o.output_type == "error"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_teacher_versions_show_every_question_answered_with_the_key(source):
    nb = read(REPO / "exercises" / "solutions" / source.name)
    asked = [c for c in nb.cells if c.metadata.get("course", {}).get("role") == "question"]
    assert asked
    for cell in asked:
        (line,) = records(cell)
        qid = cell.metadata["course"]["question"]
        ending = "(✎ Saved for your teacher to mark)" if course.question(qid).type == "text" \
            else "(✓ Correct)"
        assert line.endswith(ending), line


# ------------------------------------------------------------ the pipeline steps

def toy_source():
    return new_notebook(cells=[
        new_markdown_cell("# Toy\n\n[Start](../notebooks/00_start_here.ipynb)"),
        new_code_cell("import course"),
        new_code_cell("x = 1\n### BEGIN SOLUTION\nanswer_1 = 'Beijing'\nanswer_1b = [1,\n  2]\n"
                      "### END SOLUTION\nprint(x)", outputs=[], execution_count=3,
                      metadata={"collapsed": True}),
        new_code_cell('course.mark("ex00.where", answer_1)'),
        new_code_cell("### BEGIN SOLUTION\n    helper = 42\n### END SOLUTION"),
        new_code_cell('### BEGIN SOLUTION\ncourse.answer_with_key("ex00.who")\n'
                      '### END SOLUTION\ncourse.ask("ex00.who")'),
        new_markdown_cell("Why?\n<!-- BEGIN SOLUTION -->\nBecause it says so.\n"
                          "<!-- END SOLUTION -->\nEnd."),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}, "authors": ["someone"]})


def test_student_steps_on_a_toy_notebook():
    nb = rel.student_version(toy_source(), "99_toy")
    answer, check, other, asked, written = nb.cells[2:7]
    assert answer.source == ("x = 1\nanswer_1 = None  # your answer here\n"
                             "answer_1b = None  # your answer here\nprint(x)")
    assert answer.metadata == {"course": {"role": "answer", "question": "ex00.where",
                                          "variables": ["answer_1", "answer_1b"]}}
    assert check.metadata == {"course": {"role": "check", "question": "ex00.where"}}
    assert other.source == ""
    assert asked.source == 'course.ask("ex00.who")'
    assert asked.metadata == {"course": {"role": "question", "question": "ex00.who"}}
    assert written.source == "Why?\n" + rel.STUDENT_MARKDOWN + "\nEnd."
    assert nb.metadata["course"] == {"exercise": "99_toy",
                                     "questions": ["ex00.where", "ex00.who"]}
    assert "authors" not in nb.metadata and answer.execution_count is None


def test_teacher_steps_keep_solutions_and_fix_links():
    nb = rel.teacher_version(toy_source(), "99_toy", Path("."), run=False)
    assert nb.cells[2].source == "x = 1\nanswer_1 = 'Beijing'\nanswer_1b = [1,\n  2]\nprint(x)"
    assert "](../../notebooks/00_start_here.ipynb)" in nb.cells[0].source
    assert nb.cells[5].source == 'course.answer_with_key("ex00.who")\ncourse.ask("ex00.who")'
    assert nb.cells[6].source == "Why?\nBecause it says so.\nEnd."


@pytest.mark.parametrize("bad", ["### BEGIN SOLUTION\nanswer_1 = 1",
                                 "### END SOLUTION\nanswer_1 = 1\n### BEGIN SOLUTION",
                                 "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"])
def test_unbalanced_markers_are_refused(bad):
    nb = new_notebook(cells=[new_code_cell(bad)])
    with pytest.raises(rel.ReleaseError, match="cell 0"):
        rel.student_version(nb, "99_bad")


def test_unknown_question_in_a_check_cell_is_refused():
    nb = new_notebook(cells=[new_code_cell('course.mark("ex00.nope", answer_1)')])
    with pytest.raises(KeyError, match="ex00.nope"):
        rel.student_version(nb, "99_bad")


def test_release_writes_both_versions(tmp_path):
    """A full release (with execution) into a temporary exercises folder."""
    root = tmp_path / "exercises"
    (root / "source").mkdir(parents=True)
    shutil.copy(SOURCES[0], root / "source" / SOURCES[0].name)
    written = rel.release(["00"], root=root)
    assert sorted(p.relative_to(root).as_posix() for p in written) == [
        "00_reading_the_article.ipynb", "solutions/00_reading_the_article.ipynb"]
    for rel_path in ("", "solutions/"):  # a release reproduces the committed files exactly
        made = (root / (rel_path + SOURCES[0].name)).read_bytes()
        assert made == (REPO / "exercises" / (rel_path + SOURCES[0].name)).read_bytes(), \
            f"exercises/{rel_path}{SOURCES[0].name} is stale: run python -m course release 00"
    serialized = (root / "solutions" / SOURCES[0].name).read_text(encoding="utf-8")
    assert str(tmp_path) not in serialized and "/work/" not in serialized


def test_cli_reports_unknown_names(capsys):
    from course.__main__ import main
    assert main(["release", "nope", "--no-execute"]) == 2
    assert "no exercise source 'nope'" in capsys.readouterr().err


def test_cli_lists_its_commands(capsys):
    from course.__main__ import main
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "release" in capsys.readouterr().out
