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
    ["check-keys", "{art}"],
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


def test_check_keys_names_the_first_mistake_and_exits_2(tmp_path, capsys):
    folder = tmp_path / "art"
    shutil.copytree(course.load_article().folder, folder)
    assert main(["check-keys", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok") == 4 and "naming.toml: ok" in out
    key = folder / "chronology.toml"
    key.write_text(key.read_text(encoding="utf-8").replace('certainty = "stated"',
                                                           'certainty = "sure"', 1),
                   encoding="utf-8")
    assert main(["check-keys", str(folder)]) == 2
    captured = capsys.readouterr()
    assert "attribution.toml: ok" in captured.out and "chronology.toml: ok" not in captured.out
    assert captured.err.startswith("check-keys: ") and "Traceback" not in captured.err
    assert "chronology.toml [[events]] #" in captured.err
    assert "certainty 'sure' is not one of the allowed words" in captured.err
