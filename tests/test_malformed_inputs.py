"""Malformed article folders, question files and answer keys (issue 8): each gives the
library's own error (a ValueError subclass) naming the file and the fix, never a bare
KeyError, TypeError, RecursionError or UnicodeDecodeError, and leaves the file unchanged.

Every case copies the seed article to a temporary folder, breaks one file, and loads
what reads that file. (Malformed progress files are in tests/test_progress.py.)
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Callable

import pytest

import course
from course.text import article as article_mod
from course.text.article import ArticleError
from course.parts.attribution import AttributionKeyError
from course.parts.chronology import ChronologyKeyError, chronology_key
from course.parts.contrast import ContrastError
from course.engine.questions import QuestionError, load_questions
from course.text.spans import SpanError
from course.parts.synthesis import ChecklistError, load_checklist

SEED = article_mod.SEEDS_DIR / article_mod.DEFAULT_ARTICLE
DEEP = 10_000


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _seed_bytes(name: str) -> bytes:
    return (SEED / name).read_bytes()


def _seed_text(name: str) -> str:
    return (SEED / name).read_text(encoding="utf-8")


def _truncated_mid_character() -> bytes:
    """article.txt cut inside a multi-byte character (the seed has curly quotes)."""
    raw = _seed_bytes("article.txt")
    cut = raw.index("’".encode("utf-8")) + 2  # 2 of the 3 bytes of ’
    return raw[:cut]


def _meta_with(**changes: object) -> bytes:
    meta = json.loads(_seed_text("meta.json"))
    meta.update(changes)
    return _utf8(json.dumps(meta))


def _question(body: str) -> bytes:
    """A question file with one otherwise valid single-choice question, changed by ``body``."""
    return _utf8('[[questions]]\nid = "bad.one"\npart = "start"\ntype = "single"\n'
                 'prompt = "Which?"\nexplanation = "Because."\n' + body)


def _replace(name: str, old: str, new: str) -> bytes:
    text = _seed_text(name)
    assert old in text, f"the seed's {name} no longer contains {old!r}: update this case"
    return _utf8(text.replace(old, new, 1))


# (case id, file written into the copy, its bytes, what loads it, the error class expected,
#  a word the message must contain besides the file name)
Case = tuple[str, str, Callable[[], bytes], str, type[Exception], str]
CASES: list[Case] = [
    # article.txt
    ("text-truncated-mid-utf8", "article.txt", _truncated_mid_character, "article",
     ArticleError, "UTF-8"),
    ("text-latin1", "article.txt",
     lambda: (_seed_text("article.txt").replace("’", "'").replace("“", '"').replace("”", '"')
              + "Café Noël\n").encode("latin-1", errors="replace"), "article", ArticleError,
     "UTF-8"),
    ("text-utf16", "article.txt", lambda: _seed_text("article.txt").encode("utf-16"),
     "article", ArticleError, "UTF-16"),
    ("text-nul-bytes", "article.txt", lambda: _seed_bytes("article.txt")[:300] + b"\x00" * 64 +
     _seed_bytes("article.txt")[300:], "article", ArticleError, "plain text"),
    ("text-empty", "article.txt", lambda: b"", "article", ArticleError, "empty"),
    ("text-only-whitespace", "article.txt", lambda: b" \n\t\n   \r\n\n", "article",
     ArticleError, "empty"),
    ("text-huge-50MB", "article.txt",
     lambda: (_seed_bytes("article.txt") + b"\n") * (50_000_000 // len(_seed_bytes("article.txt"))),
     "article", ArticleError, "too large"),
    ("text-is-a-folder", "article.txt/", lambda: b"", "article", ArticleError, "folder"),
    # meta.json
    ("meta-truncated", "meta.json", lambda: _seed_bytes("meta.json")[:40], "article",
     ArticleError, "JSON"),
    ("meta-published-a-number", "meta.json", lambda: _meta_with(published=20230625),
     "article", ArticleError, "YYYY-MM-DD"),
    ("meta-title-a-list", "meta.json", lambda: _meta_with(title=["Qin", "Rudenko"]),
     "article", ArticleError, "title"),
    ("meta-established-a-string", "meta.json", lambda: _meta_with(established="the URL"),
     "article", ArticleError, "established"),
    ("meta-deeply-nested", "meta.json", lambda: b"[" * DEEP + b"]" * DEEP, "article",
     ArticleError, "nested"),
    ("meta-huge", "meta.json",
     lambda: _meta_with(notes="x" * 6_000_000), "article", ArticleError, "too large"),
    ("meta-not-an-object", "meta.json", lambda: b'["title", "outlet"]', "article",
     ArticleError, "object"),
    ("meta-latin1", "meta.json",
     lambda: _meta_with(title="Café")[:-1].replace(b"\\u00e9", "é".encode("latin-1")) + b"}",
     "article", ArticleError, "UTF-8"),
    # question files
    ("questions-truncated", "questions/00_start.toml",
     lambda: _seed_bytes("questions/00_start.toml")[:200], "questions", QuestionError,
     "TOML"),
    ("questions-options-a-string", "questions/99_bad.toml",
     lambda: _question('options = "Beijing, Moscow"\nanswer = "Beijing"\n'), "questions",
     QuestionError, "options"),
    ("questions-answer-a-dict", "questions/99_bad.toml",
     lambda: _question('options = ["Beijing", "Moscow"]\nanswer = { city = "Beijing" }\n'),
     "questions", QuestionError, "answer"),
    ("questions-hints-a-number", "questions/99_bad.toml",
     lambda: _question('options = ["Beijing", "Moscow"]\nanswer = "Beijing"\nhints = 3\n'),
     "questions", QuestionError, "hints"),
    ("questions-deeply-nested-arrays", "questions/99_bad.toml",
     lambda: _question("options = " + "[" * DEEP + "]" * DEEP + "\n"), "questions",
     QuestionError, "nested"),
    ("questions-deeply-nested-tables", "questions/99_bad.toml",
     lambda: _question("feedback = " + "{ a = " * DEEP + "1" + " }" * DEEP + "\n"),
     "questions", QuestionError, "nested"),
    ("questions-duplicate-id", "questions/99_bad.toml",
     lambda: _seed_bytes("questions/00_start.toml"), "questions", QuestionError,
     "duplicate"),
    ("questions-empty-file", "questions/99_bad.toml", lambda: b"", "questions",
     QuestionError, "no questions"),
    ("questions-utf16", "questions/00_start.toml",
     lambda: _seed_text("questions/00_start.toml").encode("utf-16"), "questions",
     QuestionError, "UTF-8"),
    ("questions-huge", "questions/99_bad.toml",
     lambda: _question('options = ["Beijing", "Moscow"]\nanswer = "Beijing"\n') +
     b"# padding\n" * 600_000, "questions", QuestionError, "too large"),
    # answer keys
    ("attribution-entries-a-string", "attribution.toml",
     lambda: _utf8('entries = "Reuters said"\n'), "attribution", AttributionKeyError,
     "[[entries]]"),
    ("attribution-vocabulary-a-list", "attribution.toml",
     lambda: _utf8('vocabulary = ["named", "vague"]\n') + _seed_bytes("attribution.toml")
     .replace(b"[vocabulary]", b"[unused_vocabulary]"), "attribution", AttributionKeyError,
     "[vocabulary]"),
    ("attribution-span-a-string", "attribution.toml",
     lambda: _replace("attribution.toml", 'content = { paragraph = "P1", start = 0,',
                      'content = "the words"\nunused = { paragraph = "P1", start = 0,'),
     "attribution", AttributionKeyError, "a span must be a table with start, end and text"),
    ("contrast-differs-a-string", "contrast.toml",
     lambda: _replace("contrast.toml", 'differs = ["content", "who speaks for whom"]',
                      'differs = "content"'), "contrast", ContrastError, "differs"),
    ("contrast-statement-a-number", "contrast.toml",
     lambda: _replace("contrast.toml", "a = {", "a = 3\nx = {"), "contrast", ContrastError,
     "field a: a statement must be a table"),
    ("naming-how-a-list", "naming.toml",
     lambda: _replace("naming.toml", 'how = "the article\'s own words"',
                      'how = ["the article\'s own words"]'), "naming", ContrastError, "how"),
    ("naming-names-a-table", "naming.toml", lambda: _utf8('[names]\nexpression = "x"\n'),
     "naming", ContrastError, "[[names]]"),
    ("chronology-events-a-table", "chronology.toml",
     lambda: _utf8('[events]\nid = "e1"\n'), "chronology", ChronologyKeyError, "[[events]]"),
    ("chronology-certainty-a-list", "chronology.toml",
     lambda: _replace("chronology.toml", 'certainty = "stated"', 'certainty = ["stated"]'),
     "chronology", ChronologyKeyError, "field certainty: must be text in quotes"),
    ("chronology-earliest-a-number", "chronology.toml",
     lambda: _replace("chronology.toml", 'earliest = "', 'earliest = 20230623\nx = "'),
     "chronology", ChronologyKeyError, "field earliest: 20230623 is not an ISO date"),
    ("chronology-support-a-string", "chronology.toml",
     lambda: _replace("chronology.toml", "[[events]]", '[[events]]\nsupport = "P3"'),
     "chronology", ChronologyKeyError, "field support: must be a list of tables"),
    ("chronology-span-off-by-one", "chronology.toml",
     lambda: _replace("chronology.toml", "start = 94, end = 100,", "start = 95, end = 101,"),
     "chronology", SpanError, "[[expressions]] #1 (t1) field span: span 95-101 reads 'unday ', not 'Sunday'; that text is at 94-100"),
    ("chronology-misspelt-field", "chronology.toml",
     lambda: _replace("chronology.toml", 'certainty = "stated"', 'certanity = "stated"'),
     "chronology", ChronologyKeyError, "missing field(s) certainty"),
    ("checklist-items-a-string", "checklist.toml",
     lambda: _utf8('question = "synth.account"\nitems = "be fair"\n'), "checklist",
     ChecklistError, "[[items]]"),
    ("checklist-groups-a-string", "checklist.toml",
     lambda: _replace("checklist.toml", 'groups = [["Chinese',
                      'groups = "China, Russia"\nunused = [["Chinese'), "checklist",
     ChecklistError, "groups"),
]

LOADERS: dict[str, Callable[[Path], object]] = {
    "article": course.load_article,
    "questions": load_questions,
    "attribution": course.attribution_key,
    "contrast": course.contrast_key,
    "naming": course.naming_table,
    "chronology": chronology_key,
    "checklist": load_checklist,
}
FORBIDDEN = (KeyError, TypeError, AttributeError, IndexError, RecursionError,
             UnicodeError, OSError)


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A fresh copy of the seed article (same id, so its questions' ids are the course's)."""
    dest = tmp_path / SEED.name
    shutil.copytree(SEED, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_there_are_enough_cases():
    assert len(CASES) >= 16
    assert len({c[0] for c in CASES}) == len(CASES)


def test_the_unbroken_copy_loads(folder):
    for load in LOADERS.values():
        load(folder)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_gives_a_clear_error(folder: Path, case: Case) -> None:
    _, name, make, loader, error, word = case
    target = folder / name.rstrip("/")
    if name.endswith("/"):  # a folder where the file should be
        target.unlink()
        target.mkdir()
        (target / "article.txt").write_bytes(_seed_bytes("article.txt"))
    else:
        target.write_bytes(make())
    before = snapshot(folder)
    article_mod._CACHE.clear()
    with pytest.raises(ValueError) as info:
        LOADERS[loader](folder)
    err = info.value
    assert type(err) is error, f"{type(err).__name__}: {err}"
    assert not isinstance(err, FORBIDDEN)
    message = str(err)
    assert target.name in message, f"the message does not name {target.name}: {message}"
    assert word.lower() in message.lower(), f"{word!r} not in: {message}"
    assert len(message) < 2_000, f"the message is {len(message)} characters long"
    # raised by the library itself, not a Python error surfacing with its traceback
    assert err.__cause__ is None
    assert err.__context__ is None or err.__suppress_context__, repr(err.__context__)
    assert snapshot(folder) == before, "loading changed a file of the article folder"


def test_meta_json_with_a_byte_order_mark_loads(folder: Path) -> None:
    """Windows Notepad starts UTF-8 with a byte-order mark: accepted, file unchanged."""
    meta = folder / "meta.json"
    meta.write_bytes(b"\xef\xbb\xbf" + _seed_bytes("meta.json"))
    before = snapshot(folder)
    article_mod._CACHE.clear()
    loaded = course.load_article(folder)
    assert loaded.meta == json.loads(_seed_text("meta.json"))
    assert snapshot(folder) == before


def test_question_file_with_a_byte_order_mark_loads(folder: Path) -> None:
    path = folder / "questions" / "00_start.toml"
    path.write_bytes(b"\xef\xbb\xbf" + _seed_bytes("questions/00_start.toml"))
    assert set(load_questions(folder)) == set(load_questions(SEED))


def test_an_attribution_vocabulary_that_is_not_a_list_names_the_file(tmp_path):
    """A [vocabulary] value written as a string, not a list: the key's own error, no TypeError."""
    import shutil

    import course
    from course.parts.attribution import AttributionKeyError
    folder = tmp_path / "my-article"
    shutil.copytree(course.load_article().folder, folder)
    key = folder / "attribution.toml"
    text = key.read_text(encoding="utf-8")
    broken = text.replace("[vocabulary]\n", "[vocabulary]\nnamed = \"named\"\n", 1)
    broken = "\n".join(line for line in broken.splitlines()
                       if not line.startswith("named = [")) + "\n"
    key.write_text(broken, encoding="utf-8")
    with pytest.raises(AttributionKeyError, match=r"attribution\.toml \[vocabulary\] field named: must be a list"):
        course.attribution_key(course.load_article(folder))
