"""``python -m course new-article``: a plain text file becomes an article folder (issue 9).

Every test writes into a temporary folder (``--into``); seeds/ is only read (the seed id is
used to check that an existing article is never overwritten).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import course
from course.__main__ import main
from course.text.article import DEFAULT_ARTICLE, MAX_TEXT_BYTES
from course.authoring.newarticle import NewArticleError, make_id, new_article

REPO = Path(__file__).resolve().parent.parent
TEXT = ("Minister says the bridge will reopen in May\n"
        "The transport minister said on Monday that the bridge would reopen in May.\n"
        "“We are on schedule,” she told reporters.\n")


@pytest.fixture
def into(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr."""
    code = main(["new-article", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def refused(capsys, into: Path, *args: str) -> str:
    """Run the CLI expecting a refusal: exit 2, one line on stderr, nothing left in ``into``."""
    code, out, err = run(capsys, *args, "--into", str(into))
    assert code == 2, (out, err)
    assert err.startswith("new-article: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert list(into.iterdir()) == [], "a refused article must leave nothing behind"
    return err


def test_happy_path_copies_the_text_byte_for_byte_and_writes_meta(capsys, into, text_file):
    code, out, err = run(capsys, str(text_file), "--outlet", "The Daily Example",
                         "--published", "2024-05-02", "--title", "Bridge to reopen",
                         "--url", "https://example.org/bridge", "--id", "bridge",
                         "--into", str(into))
    assert code == 0, err
    folder = into / "bridge"
    assert (folder / "article.txt").read_bytes() == text_file.read_bytes()
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["title"] == "Bridge to reopen" and meta["outlet"] == "The Daily Example"
    assert meta["published"] == "2024-05-02" and meta["language"] == "en"
    assert meta["url"] == "https://example.org/bridge"
    for name, option in (("title", "--title"), ("outlet", "--outlet"),
                         ("published", "--published"), ("url", "--url")):
        assert "command line" in meta["established"][name]
        assert option in meta["established"][name]
    assert "English" in meta["established"]["language"]
    art = course.load_article(folder)
    assert art.id == "bridge" and len(art.paragraphs) == 3
    assert "bridge" in out and "python -m course draft-key bridge" in out
    # the folder is outside seeds/ and COURSE_ARTICLES_DIR: the output says what to set
    assert f"COURSE_ARTICLES_DIR={into}" in out


def test_title_defaults_to_the_first_line_and_the_id_is_made_from_it(into, text_file):
    art = new_article(text_file, "WION (wionews.com)", "2024-05-02", into=into)
    assert art.meta["title"] == "Minister says the bridge will reopen in May"
    assert "first line" in art.meta["established"]["title"]
    assert art.id == "wion-2024-05-02-minister-says-the-bridge"
    assert "url" not in art.meta
    assert make_id("Reuters", "2020-01-31", "Ça va? Über—alles!") == \
        "reuters-2020-01-31-ca-va-uber-alles"


def test_an_article_under_a_known_articles_dir_needs_no_extra_step(capsys, into, text_file,
                                                                   monkeypatch):
    monkeypatch.setenv("COURSE_ARTICLES_DIR", str(into))
    code, out, _ = run(capsys, str(text_file), "--outlet", "X", "--published", "2024-05-02",
                       "--id", "b2", "--into", str(into))
    assert code == 0 and "COURSE_ARTICLES_DIR" not in out
    assert course.load_article("b2").folder == (into / "b2").resolve()


def test_missing_file_is_named_with_the_fix(capsys, into, tmp_path):
    err = refused(capsys, into, str(tmp_path / "nope.txt"), "--outlet", "X",
                  "--published", "2024-05-02")
    assert "nope.txt" in err and "no such file" in err


def test_a_folder_instead_of_a_file(capsys, into, tmp_path):
    err = refused(capsys, into, str(tmp_path), "--outlet", "X", "--published", "2024-05-02")
    assert "folder" in err


@pytest.mark.parametrize("raw, words", [
    ("Caf\u00e9 in Paris\n".encode("latin-1"), "not valid UTF-8"),
    ("Hello\n".encode("utf-16"), "UTF-16"),
    (b"\xef\xbb\xbfHello world.\n", "byte-order mark"),
    (b"Line one.\r\nLine two.\r\n", "line endings"),
    (b"Line one.\rLine two.\r", "line endings"),
    (b"PK\x03\x04\x00\x00binary", "binary"),
    (b"", "empty"),
    (b"  \n\n \t\n", "empty"),
])
def test_files_the_loader_cannot_take_are_refused_with_the_fix(capsys, into, tmp_path, raw,
                                                              words):
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    err = refused(capsys, into, str(path), "--outlet", "X", "--published", "2024-05-02")
    assert "bad.txt" in err and words in err
    assert "save" in err.lower() or "paste" in err.lower() or "sed" in err


@pytest.mark.parametrize("date, words", [
    ("2024-5-2", "YYYY-MM-DD"), ("02/05/2024", "YYYY-MM-DD"), ("yesterday", "YYYY-MM-DD"),
    ("2023-02-29", "no such day"), ("2024-13-01", "no such day"),
])
def test_bad_dates_are_refused(capsys, into, text_file, date, words):
    err = refused(capsys, into, str(text_file), "--outlet", "X", "--published", date)
    assert words in err


def test_a_date_in_the_future_is_refused(capsys, into, text_file):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    err = refused(capsys, into, str(text_file), "--outlet", "X", "--published", tomorrow)
    assert "future" in err
    today = dt.date.today().isoformat()
    assert run(capsys, str(text_file), "--outlet", "X", "--published", today,
               "--id", "today", "--into", str(into))[0] == 0


@pytest.mark.parametrize("bad_id", ["../escape", "a b", "-x", "x/y", ".hidden", "é", "a" * 101])
def test_unsafe_ids_are_refused(capsys, into, text_file, bad_id, tmp_path):
    err = refused(capsys, into, str(text_file), "--outlet", "X", "--published", "2024-05-02",
                  f"--id={bad_id}")
    assert "safe folder name" in err
    assert not (tmp_path / "escape").exists()


def test_empty_outlet_and_bad_url_are_refused(capsys, into, text_file):
    assert "--outlet" in refused(capsys, into, str(text_file), "--outlet", " ",
                                 "--published", "2024-05-02")
    assert "--url" in refused(capsys, into, str(text_file), "--outlet", "X", "--published",
                              "2024-05-02", "--url", "example.org/no-scheme")


def test_an_existing_article_is_never_overwritten(capsys, into, text_file):
    assert run(capsys, str(text_file), "--outlet", "X", "--published", "2024-05-02",
               "--id", "same", "--into", str(into))[0] == 0
    before = {p.name: p.read_bytes() for p in (into / "same").iterdir()}
    other = text_file.with_name("other.txt")
    other.write_text("Something else entirely.\n", encoding="utf-8")
    code, _, err = run(capsys, str(other), "--outlet", "Y", "--published", "2024-05-03",
                       "--id", "same", "--into", str(into))
    assert code == 2 and "already exists" in err and "never overwritten" in err
    assert {p.name: p.read_bytes() for p in (into / "same").iterdir()} == before
    assert sorted(p.name for p in into.iterdir()) == ["same"]


def test_an_id_taken_by_a_seed_article_is_refused(capsys, into, text_file):
    err = refused(capsys, into, str(text_file), "--outlet", "X", "--published", "2024-05-02",
                  "--id", DEFAULT_ARTICLE)
    assert "already exists" in err and DEFAULT_ARTICLE in err


def test_missing_into_folder_is_refused(capsys, tmp_path, text_file):
    code, _, err = run(capsys, str(text_file), "--outlet", "X", "--published", "2024-05-02",
                       "--into", str(tmp_path / "missing"))
    assert code == 2 and "--into" in err and not (tmp_path / "missing").exists()


def test_a_file_the_loader_refuses_leaves_nothing_half_written(into, tmp_path):
    big = tmp_path / "huge.txt"
    line = "A sentence that repeats to make a file far too large for an article.\n"
    big.write_text(line * (MAX_TEXT_BYTES // len(line) + 10), encoding="utf-8")
    with pytest.raises(NewArticleError) as err:
        new_article(big, "X", "2024-05-02", article_id="huge", into=into)
    assert "too large" in str(err.value) and "huge" in str(err.value)
    assert list(into.iterdir()) == []


def test_the_command_line_gives_exit_code_2_and_no_traceback(tmp_path, into):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "course", "new-article",
                           str(tmp_path / "missing.txt"), "--outlet", "X", "--published",
                           "2024-05-02", "--into", str(into)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "missing.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
