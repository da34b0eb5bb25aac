"""The article model: offsets, paragraph kinds, sentence splitting, HTML, frames, and a
clear ArticleError for every kind of bad article folder."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course.text import article as article_module
from course.text.article import Article, ArticleError, load_article, split_sentences

REPO = Path(__file__).resolve().parents[1]

GOOD_META = {
    "title": "School garden opens (a test article)",
    "outlet": "Test Gazette",
    "published": "2024-03-05",
    "language": "en",
    "established": {"title": "made up for a test", "outlet": "made up for a test",
                    "published": "made up for a test", "language": "made up for a test"},
}


def make_folder(base: Path, text: str | bytes, meta: dict | str | None = None,
                name: str = "test-article") -> Path:
    """An article folder under ``base`` with this text and meta (a dict, raw JSON, or default)."""
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / "article.txt").write_bytes(data)
    raw = json.dumps(GOOD_META if meta is None else meta) if not isinstance(meta, str) else meta
    (folder / "meta.json").write_text(raw, encoding="utf-8")
    return folder


def sentences_of(tmp_path: Path, paragraph: str) -> list[str]:
    """The sentence texts the model finds in a one-paragraph article."""
    return [s.text for s in load_article(make_folder(tmp_path, paragraph + "\n")).sentences]


# --------------------------------------------------------------- the seed article

@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article()


def test_seed_offsets_reproduce_every_paragraph_and_sentence(seed):
    assert seed.text == (seed.folder / "article.txt").read_text(encoding="utf-8")
    for x in [*seed.paragraphs, *seed.sentences]:
        assert seed.text[x.start:x.end] == x.text, x.id
        assert x.text == x.text.strip() and x.text, x.id


def test_seed_paragraphs_are_the_file_lines_in_order(seed):
    lines = [line for line in seed.text.split("\n") if line.strip()]
    assert [p.text for p in seed.paragraphs] == [line.strip() for line in lines]
    assert [p.id for p in seed.paragraphs] == [f"P{i}" for i in range(1, len(lines) + 1)]
    assert len(seed.paragraphs) == 18


def test_seed_sentences_tile_their_paragraphs(seed):
    assert [s.id for s in seed.sentences] == [f"S{i}" for i in range(1, len(seed.sentences) + 1)]
    for p in seed.paragraphs:
        inside = [s for s in seed.sentences if s.paragraph == p.id]
        assert inside, f"{p.id} has no sentence"
        assert inside[0].start == p.start and inside[-1].end == p.end
        for a, b in zip(inside, inside[1:]):
            assert a.end <= b.start and seed.text[a.end:b.start].strip() == ""


def test_seed_paragraph_kinds(seed):
    kinds = {p.id: p.kind for p in seed.paragraphs}
    assert [pid for pid, k in kinds.items() if k == "heading"] == ["P2", "P6", "P12"]
    assert [pid for pid, k in kinds.items() if k == "credit"] == ["P17"]
    assert [pid for pid, k in kinds.items() if k == "boilerplate"] == ["P18"]
    assert [p.id for p in seed.body] == [f"P{i}" for i in (1, 3, 4, 5, 7, 8, 9, 10, 11, 13,
                                                            14, 15, 16)]


def test_seed_sentences_keep_quotes_whole(seed):
    # P4 has a reporter's sentence, then a quotation in curly quotes with its attribution.
    p4 = [s.text for s in seed.sentences if s.paragraph == "P4"]
    assert len(p4) == 2
    assert p4[1].startswith("“The Chinese side") and p4[1].endswith("said the Russian foreign ministry.")
    # P13 ends with a sentence that is entirely a quotation, closing quote included.
    last13 = [s.text for s in seed.sentences if s.paragraph == "P13"][-1]
    assert last13.startswith("“") and last13.endswith(".”")
    # P14: the exclamation inside quotes ends the sentence before "However".
    p14 = [s.text for s in seed.sentences if s.paragraph == "P14"]
    assert p14[0].endswith("“You can do it, Russia!”") and p14[1].startswith("However,")


def test_seed_lookups(seed):
    assert seed.paragraph("P3").kind == "body"
    s = seed.sentence("S1")
    assert seed.sentence_at(s.start) == s and seed.paragraph_at(s.end - 1).id == s.paragraph
    start, end = seed.find("Beijing", 2)
    assert seed.text[start:end] == "Beijing" and start > seed.find("Beijing")[0]
    with pytest.raises(KeyError, match="P99"):
        seed.paragraph("P99")
    with pytest.raises(KeyError, match="not in article"):
        seed.find("no such phrase anywhere")
    assert seed.published.isoformat() == seed.meta["published"]


def test_seed_to_frame(seed):
    frame = seed.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["id", "paragraph", "kind", "start", "end", "text"]
    assert len(frame) == len(seed.sentences)
    for row in frame.itertuples():
        assert seed.text[row.start:row.end] == row.text
        assert seed.paragraph(row.paragraph).kind == row.kind
    assert list(seed.paragraphs_frame()["id"]) == [p.id for p in seed.paragraphs]


def test_seed_html_numbers_paragraphs_and_styles_headings(seed):
    page = seed.to_html()
    assert seed._repr_html_() == page
    for p in seed.paragraphs:
        assert f"[{p.id}]" in page
    headings = re.findall(r"<h4[^>]*>(.*?)</h4>", page)
    expected = [p for p in seed.paragraphs if p.kind == "heading"]
    assert len(headings) == len(expected) == 3
    for h, p in zip(headings, expected):
        assert f"[{p.id}]" in h and html.escape(p.text) in h


# ------------------------------------------------------------ sentence splitting

@pytest.mark.parametrize("paragraph, expected", [
    ("“We will win,” he said. “They will lose.” Then it ended.",
     ["“We will win,” he said.", "“They will lose.”", "Then it ended."]),
    ("He said: “It is over.” Others disagreed.",
     ["He said: “It is over.”", "Others disagreed."]),
    ("“Is it over?” she asked. Nobody answered.",
     ["“Is it over?” she asked.", "Nobody answered."]),
    ("The U.S. said it was watching. Britain agreed.",
     ["The U.S. said it was watching.", "Britain agreed."]),
    ("Mr. Smith arrived late. Mrs. Jones and Dr. Lee did not.",
     ["Mr. Smith arrived late.", "Mrs. Jones and Dr. Lee did not."]),
    ("J. R. Smith wrote the report. It was short.",
     ["J. R. Smith wrote the report.", "It was short."]),
    ('He shouted "Stop!" and ran. "Wait." Nobody did.',
     ['He shouted "Stop!" and ran.', '"Wait."', "Nobody did."]),
    ("Prices rose 3.5 per cent. Then they fell.",
     ["Prices rose 3.5 per cent.", "Then they fell."]),
    ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
    ("He sat. Room No. 4 was empty. The answer was no. Nobody asked.",
     ["He sat.", "Room No. 4 was empty.", "The answer was no.", "Nobody asked."]),
    ("The ministry’s statement (issued late) was short. It said little.",
     ["The ministry’s statement (issued late) was short.", "It said little."]),
    ("A heading without a full stop", ["A heading without a full stop"]),
])
def test_sentence_splitting(tmp_path, paragraph, expected):
    assert sentences_of(tmp_path, paragraph) == expected


# Lower-case words that are not abbreviations: after them, terminal punctuation before a
# capital letter always ends a sentence.
WORD = st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=6).filter(
    lambda w: w not in article_module.ABBREVIATIONS)
SENTENCE = st.builds(
    lambda first, words, end, quoted: ("“{}”" if quoted else "{}").format(
        " ".join([first.capitalize(), *words]) + end),
    WORD, st.lists(WORD, min_size=1, max_size=6), st.sampled_from([".", "!", "?", "…", "?!"]),
    st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(SENTENCE, min_size=1, max_size=4), min_size=1, max_size=4),
       st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_splitting_invariants_on_generated_text(paragraphs, newline):
    text = newline.join(" ".join(p) for p in paragraphs) + newline
    spans = []
    for p in article_module.split_paragraphs(text):
        assert text[p.start:p.end] == p.text
        sents = split_sentences(text, p.start, p.end)
        assert sents[0][0] == p.start and sents[-1][1] == p.end
        spans.extend(sents)
    assert [text[a:b] for a, b in spans] == [s for p in paragraphs for s in p]


# ------------------------------------------------------------------------- HTML

def test_html_escapes_article_text_and_metadata(tmp_path):
    meta = dict(GOOD_META, title="<b>Bold</b> & co", outlet="A <i>paper</i>")
    folder = make_folder(tmp_path, "Intro <script>alert(1)</script> & “x”.\n"
                                   "A heading <em>here</em>\nMore text & <b>so on</b>.\n", meta)
    page = load_article(folder).to_html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<em>" not in page and "<h4" in page and "&lt;em&gt;here&lt;/em&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page and "A &lt;i&gt;paper&lt;/i&gt;" in page
    assert "&amp; &lt;b&gt;so on&lt;/b&gt;" in page


def test_provenance_lists_each_field_with_its_note_escaped(tmp_path):
    meta = dict(GOOD_META, outlet="<Paper>",
                established=dict(GOOD_META["established"], outlet="the <footer> says so"))
    about = load_article(make_folder(tmp_path, "Text.\n", meta)).provenance()
    assert [row[0] for row in about.rows] == ["title", "outlet", "published", "language"]
    assert about.rows[1] == ("outlet", "<Paper>", "the <footer> says so")
    page = about._repr_html_()
    assert "&lt;Paper&gt;" in page and "the &lt;footer&gt; says so" in page
    assert "<Paper>" not in page and page.count("<tr>") == 5
    assert repr(about).splitlines()[2] == "published: Tuesday 5 March 2024 (made up for a test)"


# --------------------------------------------------------- a teacher's own article

TEACHER_TEXT = (
    "The town council opened a new school garden on Monday, the mayor said.\n"
    "What will grow there?\n"
    "“Beans, mostly,” said Ms. Rivera, a teacher. The pupils of St. Mary’s school agreed.\n"
    "(Reporting by the Test Gazette)\n"
)


def test_teacher_article_folder_loads_like_the_seed(tmp_path, monkeypatch):
    folder = make_folder(tmp_path, TEACHER_TEXT, name="my-garden-story")
    by_path = load_article(folder)
    assert by_path.id == "my-garden-story" and by_path.folder == folder.resolve()
    assert [p.kind for p in by_path.paragraphs] == ["body", "heading", "body", "credit"]
    assert [s.text for s in by_path.sentences if s.paragraph == "P3"] == [
        "“Beans, mostly,” said Ms. Rivera, a teacher.", "The pupils of St. Mary’s school agreed."]
    assert all(by_path.text[s.start:s.end] == s.text for s in by_path.sentences)
    assert "[P4]" in by_path.to_html() and len(by_path.to_frame()) == len(by_path.sentences)

    monkeypatch.setattr(article_module, "SEEDS_DIR", tmp_path)  # as if it sat in seeds/
    by_id = load_article("my-garden-story")
    assert by_id.text == by_path.text and by_id.published.isoformat() == "2024-03-05"
    assert [a.id for a in article_module.iter_articles()] == ["my-garden-story"]

    monkeypatch.chdir(tmp_path)
    assert load_article("./my-garden-story").text == TEACHER_TEXT


def test_meta_paragraph_kinds_override_the_guess(tmp_path):
    meta = dict(GOOD_META, paragraph_kinds={"P2": "body"})
    art = load_article(make_folder(tmp_path, TEACHER_TEXT, meta))
    assert art.paragraph("P2").kind == "body"


def test_article_passes_through_and_loads_are_cached():
    art = load_article()
    assert load_article(art) is art and load_article(None) is art
    assert load_article(art.id) is art


# -------------------------------------------------------------- bad article folders

def error_for(folder: Path | str) -> str:
    """The ArticleError message for loading ``folder`` (fails if it loads)."""
    with pytest.raises(ArticleError) as info:
        load_article(folder)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_missing_folder_names_it_and_lists_known_articles(tmp_path):
    message = error_for(tmp_path / "no-such-article")
    assert str(tmp_path / "no-such-article") in message
    assert "no such article folder" in message and course.load_article().id in message


def test_a_file_instead_of_a_folder(tmp_path):
    folder = make_folder(tmp_path, "Text.\n")
    message = error_for(folder / "article.txt")
    assert "not an article folder" in message and str(folder) in message


def test_missing_article_txt(tmp_path):
    folder = make_folder(tmp_path, "Text.\n")
    (folder / "article.txt").unlink()
    message = error_for(folder)
    assert str(folder / "article.txt") in message and "missing" in message
    assert "one paragraph per line" in message


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_article_txt(tmp_path, content):
    message = error_for(make_folder(tmp_path, content))
    assert "article.txt" in message and "empty" in message and "Paste" in message


def test_article_txt_not_utf8(tmp_path):
    message = error_for(make_folder(tmp_path, "Caf\xe9 society.\n".encode("latin-1")))
    assert "article.txt" in message and "not valid UTF-8" in message and "UTF-8" in message
    assert "Re-save" in message


def test_article_txt_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    message = error_for(make_folder(tmp_path, png))
    assert "article.txt" in message and "binary" in message and "plain text" in message


def test_article_txt_utf16(tmp_path):
    message = error_for(make_folder(tmp_path, "Hello.\n".encode("utf-16")))
    assert "article.txt" in message and "UTF-16" in message and "UTF-8" in message


def test_missing_meta_json(tmp_path):
    folder = make_folder(tmp_path, "Text.\n")
    (folder / "meta.json").unlink()
    message = error_for(folder)
    assert str(folder / "meta.json") in message and "missing" in message
    assert '"published"' in message  # shows an example to copy


@pytest.mark.parametrize("raw, words", [
    ('{"title": "x",', "not valid JSON"),
    ("title = 'x'", "not valid JSON"),
    ('["a", "list"]', "one JSON object"),
])
def test_malformed_meta_json(tmp_path, raw, words):
    message = error_for(make_folder(tmp_path, "Text.\n", raw))
    assert "meta.json" in message and words in message


@pytest.mark.parametrize("field", ["title", "outlet", "published", "language", "established"])
def test_incomplete_meta_json(tmp_path, field):
    meta = {k: v for k, v in GOOD_META.items() if k != field}
    message = error_for(make_folder(tmp_path, "Text.\n", meta))
    assert "meta.json" in message and field in message and "Add them" in message


def test_meta_json_with_empty_field(tmp_path):
    message = error_for(make_folder(tmp_path, "Text.\n", dict(GOOD_META, outlet="  ")))
    assert "outlet" in message


def test_established_must_explain_each_field(tmp_path):
    meta = dict(GOOD_META, established={"title": "from the page"})
    message = error_for(make_folder(tmp_path, "Text.\n", meta))
    assert "established" in message and "outlet, published, language" in message
    message = error_for(make_folder(tmp_path / "b", "Text.\n", dict(GOOD_META, established="x")))
    assert "'established' must be an object" in message


@pytest.mark.parametrize("date", ["2023-02-30", "2023-13-01", "25/06/2023", "June 25", 20230625])
def test_impossible_or_malformed_date(tmp_path, date):
    message = error_for(make_folder(tmp_path, "Text.\n", dict(GOOD_META, published=date)))
    assert "meta.json" in message and "published" in message and "YYYY-MM-DD" in message
    assert repr(date) in message


def test_bad_paragraph_kind(tmp_path):
    meta = dict(GOOD_META, paragraph_kinds={"P1": "headline"})
    message = error_for(make_folder(tmp_path, "Text.\n", meta))
    assert "paragraph_kinds" in message and "heading" in message


def test_paragraph_kinds_naming_a_missing_paragraph(tmp_path):
    meta = dict(GOOD_META, paragraph_kinds={"P7": "credit"})
    message = error_for(make_folder(tmp_path, "One.\nTwo.\n", meta))
    assert "meta.json" in message and "P7" in message and "P1..P2" in message


# ------------------------------------------------- nothing in course/ knows the seed

DISTINCTIVE_NAMES = ["Rudenko", "Qin Gang", "Wagner", "Prigozhin", "Zelensky", "Matsegora",
                     "Song Zhongping", "Ma Zhaoxu", "Im Chon Il", "wionews"]


def test_library_code_does_not_contain_the_seed(seed):
    words = re.findall(r"\S+", seed.text.lower())
    windows = {" ".join(words[i:i + 7]) for i in range(len(words) - 6)}
    for path in sorted((REPO / "course").glob("*.py")):
        code = path.read_text(encoding="utf-8")
        for name in DISTINCTIVE_NAMES:
            assert name not in code, f"{path.name} hard-codes {name!r} from the seed article"
        flat = " ".join(re.findall(r"\S+", code.lower()))
        copied = [w for w in windows if w in flat]
        assert not copied, f"{path.name} contains text copied from the seed: {copied[:3]}"
