"""Part 2 (contrasting statements): answer keys pinned to the text, compare view, chart."""
from __future__ import annotations

import html

import json
import re
import tomllib
from pathlib import Path

import pytest
from matplotlib.collections import PathCollection

import course
from course.parts.contrast import (ContrastError, compare, compare_pair, contrast_key, naming_table,
                             outside_view, plot_naming, reference_table,
                             show_paragraphs)

ARTICLE = course.load_article()
FOLDER = ARTICLE.folder
SHARED_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def _toml(name: str) -> dict:
    return tomllib.loads((FOLDER / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------ spans are exact

def test_every_contrast_span_matches_the_text():
    pairs = _toml("contrast.toml")["pairs"]
    checked = 0
    for p in pairs:
        for side, span in [("a", p["a"]), ("b", p["b"])] + [
                (f"more[{i}]", m) for i, m in enumerate(p.get("more", []))]:
            course.check_span(ARTICLE, span, f"contrast.toml {p['id']}.{side}")
            assert span["source"].strip()
            checked += 1
    assert checked >= 2 * len(pairs) >= 20


def test_every_naming_span_matches_the_text_and_the_expression():
    for n in _toml("naming.toml")["names"]:
        start, end = course.check_span(ARTICLE, n["span"], f"naming.toml {n['expression']}")
        assert ARTICLE.text[start:end] == n["expression"]


@pytest.mark.parametrize("name", ["02_contrast.toml", "02_contrast_exercise.toml"])
def test_every_question_span_matches_the_text(name):
    data = tomllib.loads((FOLDER / "questions" / name).read_text(encoding="utf-8"))
    spans = 0
    for q in data["questions"]:
        evidence = q.get("evidence", [])
        groups = evidence.values() if isinstance(evidence, dict) else [evidence]
        for group in groups:
            for span in group:
                course.check_span(ARTICLE, span, f"{name} {q['id']}")
                spans += 1
        for cand in q.get("candidates", []):
            course.check_span(ARTICLE, cand, f"{name} {q['id']} {cand['id']}")
        assert q.get("evidence"), f"{q['id']} has no evidence spans"
    assert spans >= len(data["questions"])


def test_question_files_load_with_the_required_types():
    qs = course.questions()
    lesson = qs[qs["id"].str.startswith("contrast.")]
    exercise = qs[qs["id"].str.startswith("ex02.")]
    assert len(lesson) >= 6 and len(exercise) >= 8
    assert {"matching", "ordering", "text", "multiple"} <= set(exercise["type"])
    assert (exercise["type"] == "matching").sum() >= 3  # claims, speaks_for, terms_by_voice
    assert set(lesson["part"]) == set(exercise["part"]) == {"contrast"}


PART2_IDS = [q for q in course.questions()["id"] if q.startswith(("contrast.", "ex02."))]


@pytest.mark.parametrize("qid", PART2_IDS)
def test_each_key_is_accepted_and_a_wrong_answer_is_not(qid):
    q = course.question(qid)
    if q.type == "text":  # written: saved for the teacher, never scored by the machine
        assert course.check(qid, q.model_answer).status == "written"
        short = course.check(qid, "Qin met Rudenko.")
        assert not short.correct and short.hints
        return
    if q.type == "sources":  # a lateral-reading log: saved for the teacher, never scored
        assert course.check(qid, q.solution()).status == "written"
        thin = course.check(qid, q.solution()[:1])
        assert not thin.correct and thin.hints
        return
    key = list(q.answer) if isinstance(q.answer, tuple) else q.answer
    assert course.check(qid, key).correct
    if q.type == "single":
        wrong = next(o for o in q.options if o != q.answer)
    elif q.type in ("multiple", "spans"):
        wrong = key[:-1] if len(key) > 1 else [next(
            c for c in (q.options or [c.id for c in q.choices]) if c not in key)]
    else:  # matching and ordering: swap two entries that differ
        wrong = list(key)
        j = next(j for j in range(1, len(wrong)) if wrong[j] != wrong[0])
        wrong[0], wrong[j] = wrong[j], wrong[0]
    assert not course.check(qid, wrong).correct


# -------------------------------------------------------- the key's content

KEY = contrast_key()
NAMES = naming_table()


def _pair(a_has: str, b_has: str) -> dict:
    """The one pair whose a/b texts contain the given words (either way round)."""
    hits = [r for _, r in KEY.iterrows()
            if (a_has in r["a_text"] and b_has in r["b_text"])
            or (b_has in r["a_text"] and a_has in r["b_text"])]
    assert hits, f"no contrast pair sets {a_has!r} against {b_has!r}"
    return hits[0]


def test_key_has_the_required_columns():
    need = {"id", "matter", "a_source", "a_start", "a_end", "b_source", "b_start", "b_end",
            "difference", "explanation", "a_text", "b_text", "paragraphs"}
    assert need <= set(KEY.columns)
    assert KEY["id"].is_unique
    for _, r in KEY.iterrows():
        assert ARTICLE.text[r["a_start"]:r["a_end"]] == r["a_text"]
        assert ARTICLE.text[r["b_start"]:r["b_end"]] == r["b_text"]


def test_the_two_readouts_and_who_reports_chinese_support():
    r = _pair("international and regional issues", "The Chinese side expressed support")
    sources = r["a_source"] + " | " + r["b_source"]
    assert "Chinese foreign ministry" in sources and "Russian foreign ministry" in sources
    assert {r["a_paragraph"], r["b_paragraph"]} == {"P3", "P4"}
    assert "who speaks for whom" in r["difference"]


@pytest.mark.parametrize("a_has, b_has, differs", [
    ("treason", "would not prosecute", "content"),
    ("the rebellion has ended", "will continue", "certainty"),
    ("Qin Gang", "Ma Zhaoxu", "content"),
    ("on Friday", "the events of June 24", "content"),
    ("yet to publicly comment", "Beijing had backed", "who speaks for whom"),
    ("counter the Wagner fighters", "stabilise the situation", "framing"),
])
def test_key_contains_the_pairs_the_issue_names(a_has, b_has, differs):
    r = _pair(a_has, b_has)
    assert differs in r["difference"]
    assert r["explanation"].strip() and r["matter"].strip()


def test_country_stances_group_covers_four_parties():
    row = KEY[KEY["a_source"].str.contains("North Korea")
              & KEY["b_source"].str.contains("Zelensky")]
    assert len(row) == 1
    others = " | ".join(row.iloc[0]["more_sources"])
    assert "United States" in others and "China" in others
    texts = " ".join(m["text"] for m in row.iloc[0]["more"])
    assert "closely monitoring" in texts and "no interference" in texts


def test_naming_table_has_every_expression_the_issue_names():
    expected = ["mutinous threat", "the events of June 24", "the apparent rebellion",
                "the armed insurrection", "a recent mutiny", "the recent armed rebellion",
                "the Wagner mutiny", "the rebellion", "this rebellion", "the move",
                "an act of “treason”", "Prigozhin’s move against the Kremlin",
                "the Wagner fighters threatened to storm Moscow"]
    have = list(NAMES["expression"])
    for e in expected:
        assert e in have, e
    situations = NAMES[NAMES["expression"].str.contains("the situation")]
    assert len(situations) >= 3  # Russian ministry, the article, the West
    assert {"expression", "start", "end", "voice", "connotation", "paragraph"} <= set(NAMES.columns)


@pytest.mark.parametrize("word", ["mutin", "rebellion", "insurrection", "treason", "situation",
                                  "events of", "move", "threat"])
def test_every_occurrence_of_an_event_word_is_covered(word):
    """Completeness: each use of these words in the text lies inside some naming span."""
    spans = list(zip(NAMES["start"], NAMES["end"]))
    for m in re.finditer(word, ARTICLE.text):
        assert any(a <= m.start() < b for a, b in spans), \
            f"{word!r} at {m.start()} ({ARTICLE.paragraph_at(m.start()).id}) is not in naming.toml"


@pytest.mark.parametrize("expression, voice, how", [
    ("the Wagner mutiny", "WION", "the article's own words"),
    ("the events of June 24", "Russian foreign ministry", "direct quote"),
    ("an act of “treason”", "Putin", "quoted word"),
    ("the recent armed rebellion", "Im Chon Il", "direct quote"),
    ("this rebellion", "Song Zhongping", "direct quote"),
    ("the armed insurrection", "Zelensky", "reported speech"),
    ("the apparent rebellion", "WION", "the article's own words"),
])
def test_naming_voices(expression, voice, how):
    row = NAMES[NAMES["expression"] == expression].iloc[0]
    assert voice in row["voice"] and row["how"] == how


def test_apparent_is_marked_as_hedged():
    row = NAMES[NAMES["expression"] == "the apparent rebellion"].iloc[0]
    assert row["connotation"] == "hedged"


# ------------------------------------------------------------- compare view

def test_compare_marks_the_words_unique_to_each_side():
    c = compare({"text": "the cat sat on the mat", "source": "Left", "paragraph": "P1"},
                {"text": "The dog sat on the mat", "source": "Right", "paragraph": "P2"})
    assert c.a_only == ["cat"] and c.b_only == ["dog"]
    marks = re.findall(r'<mark class="course-only"[^>]*>(.*?)</mark>', c.html)
    assert marks == ["cat", "dog"]  # column A first, then column B; shared words unmarked
    assert "bold" in c.html and "underline" in c.html  # not colour alone
    assert "Only in A:</i> cat" in c.html and "Only in B:</i> dog" in c.html


def test_compare_does_not_mark_a_word_that_only_moved():
    c = compare("red blue green", "green red blue")
    assert c.a_only == [] and c.b_only == []
    assert "<mark class=\"course-only\"" not in c.html


def test_compare_escapes_html_everywhere():
    c = compare({"text": "<script>alert(1)</script> hello", "source": "<img src=x onerror=1>",
                 "paragraph": "P<b>"}, "hello & <i>bye</i>")
    assert "<script>" not in c.html and "<img" not in c.html and "<i>bye" not in c.html
    plain = re.sub(r"</?mark[^>]*>", "", c.html)  # the marks split words, not escapes
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hello" in plain
    assert "&lt;img src=x onerror=1&gt;" in c.html
    assert "hello &amp; &lt;i&gt;bye&lt;/i&gt;" in plain and "P&lt;b&gt;" in c.html
    assert c._repr_html_() == c.html


def test_compare_labels_sources_and_paragraphs():
    c = compare_pair("readouts")
    row = KEY[KEY["id"] == "readouts"].iloc[0]
    assert f"Statement A: {row['a_source']}" in c.html.replace("&#x27;", "'")
    assert f"paragraph <b>{row['a_paragraph']}</b>" in c.html
    assert f"paragraph <b>{row['b_paragraph']}</b>" in c.html
    assert "support" in c.b_only and "Qin" in c.a_only and "support" not in c.a_only
    assert "Comparison of A (" in repr(c) and "P3" in repr(c)


def test_compare_pair_unknown_id_lists_known_ids():
    with pytest.raises(KeyError, match="readouts"):
        compare_pair("no-such-pair")


# -------------------------------------------------------------------- chart

def _write_article(folder: Path, naming: str | None = None, contrast: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(
        "The mutiny began at dawn, the ministry said.\n"
        "Critics called it a rebellion, while the ministry spoke of the incident.\n",
        encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({
        "title": "Test", "outlet": "Test outlet", "published": "2023-06-25", "language": "en",
        "established": {k: "made up for a test" for k in ("title", "outlet", "published", "language")},
    }), encoding="utf-8")
    if naming is not None:
        (folder / "naming.toml").write_text(naming, encoding="utf-8")
    if contrast is not None:
        (folder / "contrast.toml").write_text(contrast, encoding="utf-8")
    return folder


def _name(art, expr: str, voice: str, how: str, term: str, occ: int = 1) -> str:
    sp = course.make_span(art, expr, occ)
    return (f'[[names]]\nexpression = "{expr}"\nvoice = "{voice}"\nhow = "{how}"\n'
            f'term = "{term}"\nconnotation = "x"\n'
            f'span = {{ paragraph = "{sp["paragraph"]}", start = {sp["start"]}, '
            f'end = {sp["end"]}, text = "{expr}" }}\n')


def test_chart_on_a_small_article_has_one_mark_per_voice_term_and_labels(tmp_path):
    folder = _write_article(tmp_path / "mini")
    art = course.load_article(folder)
    (folder / "naming.toml").write_text(
        _name(art, "The mutiny", "the outlet", "the article's own words", "mutiny")
        + _name(art, "a rebellion", "critics", "reported speech", "rebellion")
        + _name(art, "the incident", "the ministry", "reported speech", "incident"),
        encoding="utf-8")
    chart = plot_naming(folder)
    ax = chart.figure.axes[0]
    shown = chart._repr_html_()
    assert shown.startswith('<figure class="course-chart"') and "data:image/png;base64,iVBOR" in shown
    assert "3 expressions" in repr(chart) and f'alt="{html.escape(chart.text)}"' in shown
    assert '<details class="course-chart-data">' in shown  # the data, behind a disclosure
    rows = chart._image().table.frame.to_dict("records")
    assert {"whose wording": "critics", "word used (word family)": "rebellion",
            "how it reaches the page": "reported speech", "times": 1} in rows and len(rows) == 3
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["the outlet", "critics", "the ministry"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["mutiny", "rebellion", "incident"]
    assert ax.get_xlabel() and ax.get_ylabel() and "3 expressions" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["the article's own words", "reported speech"]


def test_seed_chart_shows_every_voice_and_term_with_distinct_shapes():
    ax = plot_naming().figure.axes[0]
    assert {t.get_text() for t in ax.get_yticklabels()} == set(NAMES["voice"])
    assert {t.get_text() for t in ax.get_xticklabels()} == set(NAMES["term"])
    cells = NAMES.groupby(["voice", "term", "how"]).ngroups
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in collections) == cells < len(NAMES)
    assert any(t.get_text() == "×2" for t in ax.texts)  # a voice using a word family twice
    # greyscale-readable: each "how" gets its own marker shape or fill
    styles = {(tuple(map(tuple, c.get_paths()[0].vertices.round(2))),
               tuple(c.get_facecolors()[0].round(2))) for c in collections}
    assert len(styles) == len(collections)


# ------------------------------------------------------------------- errors

def test_missing_key_file_error_names_the_file(tmp_path):
    folder = _write_article(tmp_path / "bare")
    with pytest.raises(ContrastError, match=r"contrast\.toml: missing"):
        course.parts.contrast.load_pairs(folder)
    # the notebook views say so instead (a teacher's article not reviewed yet)
    assert "contrast.toml" in repr(course.compare_pair("readouts", folder))
    assert "naming.toml" in repr(course.plot_naming(folder))
    assert list(naming_table(folder).index) == []


def test_malformed_toml_error_names_the_file(tmp_path):
    folder = _write_article(tmp_path / "bad", naming="[[names]\nexpression = ", contrast="x = 1\n")
    with pytest.raises(ContrastError, match=r"naming\.toml: not valid TOML"):
        naming_table(folder)
    with pytest.raises(ContrastError, match=r"contrast\.toml: unknown field\(s\) x: a misspelling\? "
                                            r"The fields allowed here are: draft, pairs"):
        contrast_key(folder)
    (folder / "contrast.toml").write_text("# no pairs yet\n", encoding="utf-8")
    with pytest.raises(ContrastError, match=r"contrast\.toml: expected one or more \[\[pairs\]\]"):
        contrast_key(folder)


def test_wrong_span_error_names_file_and_entry(tmp_path):
    folder = _write_article(tmp_path / "span")
    art = course.load_article(folder)

    def statement(phrase: str, text: str) -> str:
        sp = course.make_span(art, phrase)
        return (f'{{ source = "s", paragraph = "{sp["paragraph"]}", start = {sp["start"]}, '
                f'end = {sp["end"]}, text = "{text}" }}')

    def write(differs: str, b_text: str) -> None:
        (folder / "contrast.toml").write_text(
            f'[[pairs]]\nid = "p1"\nmatter = "m"\ndiffers = {differs}\nexplanation = "e"\n'
            f'a = {statement("mutiny", "mutiny")}\nb = {statement("Critics", b_text)}\n',
            encoding="utf-8")

    write('["content"]', "Cynics")
    with pytest.raises(ContrastError, match=r"contrast\.toml \[\[pairs\]\] #1 \(p1\)\.b: .*'Critics'"):
        contrast_key(folder)
    write('["tone"]', "Critics")
    with pytest.raises(ContrastError, match=r"contrast\.toml \[\[pairs\]\] #1 \(p1\) field differs.\[0\]: differs 'tone' is not one of the allowed words. differs must be one of: content, certainty"):
        contrast_key(folder)
    write('["content"]', "Critics")
    key = contrast_key(folder)  # generic over any article folder
    assert list(key["id"]) == ["p1"] and list(key["b_paragraph"]) == ["P2"]


def test_naming_missing_field_error(tmp_path):
    folder = _write_article(tmp_path / "nf", naming='[[names]]\nexpression = "x"\n')
    with pytest.raises(ContrastError, match=r"naming\.toml \[\[names\]\] #1 \(x\): missing"):
        naming_table(folder)


# ------------------------------------------------------------ outside view

def test_outside_view_is_marked_and_cites_outlets():
    view = outside_view("wagner-rebellion-timeline.md", [11, 12])
    assert "OUTSIDE THE ARTICLE" in view.html and "OUTSIDE THE ARTICLE" in repr(view)
    table = reference_table("wagner-rebellion-timeline.md")
    for _, row in table[table["#"].isin(["11", "12"])].iterrows():
        assert row["reported by"].split(";")[0] in view.text
    assert "Xinhua" in view.text and "TASS" in view.text
    assert "Peskov" not in view.text  # only the rows asked for
    with pytest.raises(KeyError):
        outside_view("wagner-rebellion-timeline.md", [99])


def test_reference_copy_says_where_it_came_from_and_keeps_every_row():
    text = (FOLDER / "reference" / "wagner-rebellion-timeline.md").read_text(encoding="utf-8")
    assert "Outside the article" in text and "shared/reference" in text
    original = SHARED_REFERENCE / "wagner-rebellion-timeline.md"
    if original.is_file():  # the shared original exists on the course machine only
        rows = [ln for ln in original.read_text(encoding="utf-8").splitlines()
                if ln.startswith("|")]
        assert all(r in text for r in rows)
    assert len(reference_table("wagner-rebellion-timeline.md")) >= 13


def test_show_paragraphs_escapes_and_labels():
    view = show_paragraphs(["P3", "P5"])
    assert "[P3]" in view.html and "[P5]" in view.html and "[P4]" not in view.html
    assert "“international and regional issues of common concern”" in view.html


# ------------------------------------------------------- notebooks use the data

REPO = Path(__file__).resolve().parents[1]


def _sources(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells)


def test_lesson_notebook_asks_every_lesson_question():
    text = _sources(REPO / "notebooks" / "02_contrasting_statements.ipynb")
    asked = set(re.findall(r'course\.ask\("(contrast\.[\w.]+)"\)', text))
    assert asked == {q for q in PART2_IDS if q.startswith("contrast.")}
    for pair in re.findall(r'compare_pair\("([\w]+)"\)', text):
        assert pair in set(KEY["id"])


def test_exercise_source_asks_and_marks_every_exercise_question():
    text = _sources(REPO / "exercises" / "source" / "02_contrasting_statements.ipynb")
    ids = {q for q in PART2_IDS if q.startswith("ex02.")}
    assert set(re.findall(r'course\.ask\("(ex02\.\w+)"\)', text)) == ids
    assert set(re.findall(r'course\.answer_with_key\("(ex02\.\w+)"\)', text)) == ids
    assert "course.mark(" not in text  # students answer in the widgets only
    made_from_key = set(re.findall(r'course\.answer_with_key\("(key\.\w+\.\w+)"\)', text))
    assert made_from_key == {"key.contrast.naming", "key.contrast.sides", "key.contrast.differs"}
    assert text.count("### BEGIN SOLUTION") == text.count("### END SOLUTION") == \
        len(ids) + len(made_from_key)


@pytest.mark.parametrize("path", ["notebooks/02_contrasting_statements.ipynb",
                                  "exercises/02_contrasting_statements.ipynb",
                                  "exercises/solutions/02_contrasting_statements.ipynb"])
def test_stored_notebooks_hold_no_machine_paths(path):
    raw = (REPO / path).read_text(encoding="utf-8")
    for bad in ("/work/", "/tmp/", "/root/", "token=", "test-student"):
        assert bad not in raw, f"{path} contains {bad!r}"
