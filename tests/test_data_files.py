"""Every data file of an article folder, broken or missing, gives an error that names the
file (one shared reader, course.article.read_data_file), never a bare parser traceback."""
from __future__ import annotations

import shutil

import pytest

import course
from course import guide, synthesis

LOADERS = {
    "attribution.toml": course.attribution_key,
    "chronology.toml": course.timeline,
    "contrast.toml": course.contrast_key,
    "naming.toml": course.naming_table,
    "checklist.toml": synthesis.load_checklist,
    "teacher.toml": guide.section_rubrics,
}


@pytest.fixture
def folder(tmp_path):
    """A teacher's copy of the seed article folder."""
    dest = tmp_path / "my-article"
    shutil.copytree(course.load_article().folder, dest)
    return dest


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_broken_file_names_the_file_and_the_fix(folder, name):
    (folder / name).write_text("[[entries]\nid = \n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        LOADERS[name](course.load_article(folder))
    message = str(caught.value)
    assert f"my-article/{name}: not valid TOML" in message
    assert "line" in message and "Fix the syntax" in message


@pytest.mark.parametrize("name", sorted(set(LOADERS) - {"teacher.toml"}))
def test_missing_file_names_the_file(folder, name):
    (folder / name).unlink()
    with pytest.raises(ValueError, match=rf"my-article/{name}: missing"):
        LOADERS[name](course.load_article(folder))


def test_the_guide_does_without_a_teacher_file(folder):
    (folder / "teacher.toml").unlink()
    assert "Model answer" in guide.section_rubrics(course.load_article(folder))
