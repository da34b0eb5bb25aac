"""Every data file of an article folder, broken or missing, gives an error that names the
file (one shared reader, course.text.article.read_data_file), never a bare parser traceback."""
from __future__ import annotations

import shutil

import pytest

import course
import course.text.missing
from course.teaching import guide
from course.parts import synthesis

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


#: The readers under the notebook views: a missing file is an error naming it.
READERS = {
    "attribution.toml": course.parts.attribution.load_key_file,
    "chronology.toml": course.parts.chronology.chronology_key,
    "contrast.toml": course.parts.contrast.load_pairs,
    "naming.toml": lambda art: course.parts.contrast._load_toml(art, "naming.toml", "names"),
    "checklist.toml": synthesis.load_checklist,
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_missing_file_names_the_file(folder, name):
    (folder / name).unlink()
    with pytest.raises(ValueError, match=rf"my-article/{name}: missing"):
        READERS[name](course.load_article(folder))


@pytest.mark.parametrize("name", sorted(set(LOADERS) - {"teacher.toml"}))
def test_a_view_without_its_key_says_so(folder, name, capsys):
    """A teacher's article without a reviewed key: the notebook view shows a note saying which
    file is missing and how to make it, and (for tables) returns no rows."""
    (folder / name).unlink()
    view = {"checklist.toml": course.checklist}.get(name, LOADERS[name])
    shown = view(course.load_article(folder))
    note = capsys.readouterr().out if hasattr(shown, "columns") else repr(shown)
    assert f"({name})" in note and "draft-key my-article" in note, note
    if hasattr(shown, "columns"):
        assert len(shown) == 0 and len(shown.columns) > 3


@pytest.mark.parametrize("name", sorted(set(LOADERS) - {"teacher.toml"}))
def test_the_course_article_never_hides_a_missing_key(name, monkeypatch, folder):
    """For the course's own article a missing key is a bug: it still raises."""
    from course.text import article as article_module
    monkeypatch.setattr(article_module, "DEFAULT_ARTICLE", "my-article")
    for module in (course.text.missing, course.engine.api):
        monkeypatch.setattr(module, "DEFAULT_ARTICLE", "my-article")
    (folder / name).unlink()
    view = {"checklist.toml": course.checklist}.get(name, LOADERS[name])
    with pytest.raises(ValueError, match=rf"my-article/{name}: missing"):
        view(course.load_article(folder))


def test_the_guide_does_without_a_teacher_file(folder):
    (folder / "teacher.toml").unlink()
    assert "Model answer" in guide.section_rubrics(course.load_article(folder))
