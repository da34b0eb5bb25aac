"""Every command reports a broken article as a message naming the file, with exit status 2,
never a traceback (issue 15: guide, handouts and refresh used to let it escape)."""
from __future__ import annotations

import shutil

import pytest

import course
from course.__main__ import main


@pytest.fixture
def broken(tmp_path):
    folder = tmp_path / "art"
    shutil.copytree(course.load_article().folder, folder)
    (folder / "meta.json").write_text('{"title": ', encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [
    ["guide", "--article", "{art}", "--out", "{tmp}/guide.md"],
    ["handouts", "--article", "{art}", "--out", "{tmp}/handouts"],
    ["key-questions", "{art}"],
    ["draft-key", "{art}"],
])
def test_a_broken_article_is_a_message_and_exit_2(broken, tmp_path, capsys, command):
    argv = [a.format(art=broken, tmp=tmp_path) for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "meta.json" in err and "Traceback" not in err


def test_a_missing_notebook_to_refresh_is_a_message_and_exit_2(tmp_path, capsys):
    assert main(["refresh", str(tmp_path / "nope.ipynb")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("refresh: ") and "nope.ipynb" in err
