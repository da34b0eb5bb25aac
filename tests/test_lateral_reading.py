"""Lateral reading (issue 14): who is behind every outside source the course shows, and
the recorded lateral-reading log (a ``sources`` question): saved with the student's
progress, hinted at but never marked by the machine, shown to and marked by the teacher."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import course
from course.teaching import grade, marking
from course.engine import progress
from course.text.article import ArticleError
from course.engine.checking import check_answer, log_words
from course.engine.questions import QuestionError, load_questions
from course.text.sources import (KINDS, REGISTER, UNKNOWN_KIND, find_outlet, load_outlets,
                            load_reports, reference_table)

ARTICLE = course.load_article()
QID = "contrast.lateral_log"
TIMELINE = "wagner-rebellion-timeline.md"


# ------------------------------------------------------------ who is behind each outlet

def test_every_outlet_the_reference_names_is_in_the_register_with_its_source():
    outlets = load_outlets()
    table = reference_table(TIMELINE)
    for cell in table["reported by"]:
        names = [p.strip() for p in re.split(r";|\bvia\b|\bciting\b|\bas quoted by\b|\(|\)",
                                             cell) if p.strip()]
        for name in names:
            if name in ("several outlets",) or name.startswith(("dpa:", "NYT:")):
                continue
            label = re.sub(r"^(the |timeline$)", "", name)
            assert any(o.named_in(label) for o in outlets.values()), \
                f"reference row names {name!r}; add it to {REGISTER} with who is behind it"
    for o in outlets.values():
        assert o.kind in KINDS and o.behind.endswith(".") and o.cited
        assert not o.url or o.url.startswith("https://")


def test_the_article_and_the_state_media_it_names_are_labelled():
    outlets = load_outlets()
    assert outlets["WION"].kind == "a private company"
    for name in ("TASS", "Sputnik", "Xinhua", "KCNA", "BelTA", "CGTN"):
        assert outlets[name].kind.startswith("state media"), name
    assert find_outlet("Korean Central News Agency", outlets).name == "KCNA"
    assert find_outlet("the Epoch Times website", outlets).name == "The Epoch Times"
    assert find_outlet("a blog", outlets) is None


def test_reports_name_outlet_date_and_a_real_address():
    reports = load_reports()
    assert reports and all(r.outlet in load_outlets() for r in reports)
    for r in reports:
        assert r.url.startswith("https://") and re.search(r"\d{4}", r.date)


def test_outside_view_says_who_is_behind_each_outlet_of_the_rows_shown():
    view = course.outside_view(TIMELINE, [11, 12])
    for name in ("TASS", "UPI", "Sputnik", "Xinhua", "The Epoch Times",
                 "Russian foreign ministry"):
        assert f"- {name} (" in view.text, name
    assert "Source of this label: Wikipedia article: TASS" in view.text
    assert "“China supports Russian leadership" in view.text  # a report of row 11
    assert "BelTA" not in view.text  # row 13 was not asked for
    assert "Who is behind these outlets" in view.html


def test_a_broken_register_names_the_file(tmp_path):
    folder = tmp_path / "art"
    shutil.copytree(ARTICLE.folder, folder)
    path = folder / REGISTER
    path.write_text('[[outlets]]\nname = "X"\nkind = "a blog"\n', encoding="utf-8")
    with pytest.raises(ArticleError, match=r"sources\.toml: outlets\[0\] needs"):
        load_outlets(folder)
    path.write_text("[[outlets]\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"sources\.toml"):
        load_outlets(folder)
    # the lesson question that needs the register says so too, naming the file
    with pytest.raises(QuestionError, match=r"sources\.toml"):
        load_questions(folder)


# ------------------------------------------------------------------ the log question

def log(*entries: dict) -> list[dict]:
    full = []
    for e in entries:
        full.append({"source": "", "kind": "", "behind": "", "says": "", "agrees": "",
                     "where": "searched online", **e})
    return full


GOOD = log({"source": "Reuters", "kind": "a private company", "behind": "Thomson Reuters "
            "(Wikipedia)", "says": "China called it an internal affair.",
            "agrees": "adds something the article does not say"},
           {"source": "Xinhua", "kind": KINDS[0], "behind": "China's state (stored card)",
            "says": "A spokesperson: internal affair.", "agrees": "agrees with the article",
            "where": "the course's stored sources"})


def test_the_log_question_offers_the_stored_sources_of_its_rows():
    q = course.question(QID)
    assert q.written and q.type == "sources" and q.min_sources == 2
    names = [name for name, _ in q.stored]
    assert {"TASS", "Sputnik", "UPI", "Xinhua", "The Epoch Times"} <= set(names)
    says = dict(q.stored)
    assert "Russia's internal affair" in says["Xinhua"] and "row 12" in says["Xinhua"]
    assert "BelTA" not in names  # row 13 is not offered


def test_a_full_log_is_saved_for_the_teacher_without_questions():
    result = check_answer(course.question(QID), GOOD)
    assert result.status == "written" and result.score == 0 and not result.correct
    assert result.hints == ()


@pytest.mark.parametrize("answer, hint", [
    (GOOD[:1], "You have recorded 1 source; the activity asks for at least 2"),
    (log({"source": "TASS", "kind": "a private company", "behind": "x", "says": "y",
          "agrees": "agrees with the article"}) + GOOD[1:],
     "the course's list of sources calls TASS “state media: run or controlled by a "
     "government”"),
    (log({"source": "TASS", "says": "y"}) + GOOD, "Source 1 (TASS): who is behind it?"),
    (log({"source": "TASS", "kind": UNKNOWN_KIND, "behind": "?", "says": "y",
          "agrees": "agrees with the article"}) + GOOD, "Source 1 (TASS): who is behind it?"),
    (log({"kind": KINDS[2], "behind": "b", "says": "s", "agrees": "agrees with the article"})
     + GOOD, "Source 1: which outlet or website is it?"),
    (log({"source": "TASS", "kind": KINDS[0], "behind": "b", "says": "s",
          "agrees": "agrees with the article"}) + GOOD[1:], "All your sources are state media"),
])
def test_the_machine_asks_questions_about_a_log_but_never_marks_it(answer, hint):
    result = check_answer(course.question(QID), answer)
    assert result.status == "written" and result.score == 0
    assert any(hint in h for h in result.hints), result.hints


@pytest.mark.parametrize("answer, status", [
    (None, "unanswered"), ([], "unanswered"), (log({}), "unanswered"),
    ("I read the BBC", "invalid"), ([1, 2], "invalid"),
    ({"source": "TASS", "says": "x"}, "written"),  # one source given as a dict
])
def test_odd_logs_get_words_not_tracebacks(answer, status):
    assert check_answer(course.question(QID), answer).status == status


def test_the_log_in_plain_words():
    words = log_words(GOOD)
    assert words.startswith("1. Reuters [a private company; who is behind it: Thomson")
    assert "2. Xinhua [state media" in words and "the course's stored sources" in words


# ------------------------------------------------------------------------ the widget

@pytest.fixture
def student(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "class"))
    monkeypatch.setenv("COURSE_STUDENT", "ana")
    return tmp_path / "class"


def test_the_widget_records_online_and_stored_sources_and_restores_them(student):
    w = course.ask(QID)
    control = w.control
    assert [f.where for f in control.forms] == ["searched online"]
    first = control.forms[0]
    first.source.value, first.kind.value = "Reuters", "a private company"
    first.says.value = "It adds China's own words."
    control.mode.value = "the course's stored sources"  # a filled form keeps its choice
    assert [f.where for f in control.forms] == ["searched online"]
    control.add_button.click()
    second = control.forms[1]
    assert "Xinhua" in second.source.options[-2:] or "Xinhua" in dict(
        (v, v) for _, v in second.source.options)
    second.source.value = "Xinhua"
    assert "Russia&#x27;s internal affair" in second.stored.value
    assert "About Xinhua" in second.stored.value
    result = w.check()
    assert result.status == "written"
    saved = progress.saved(QID)
    assert [e["source"] for e in saved["answer"]] == ["Reuters", "Xinhua"]
    assert [e["where"] for e in saved["answer"]] == ["searched online",
                                                    "the course's stored sources"]
    assert "1. Reuters" in w.record().text and "✎ Saved for your teacher" in w.record().text
    again = course.ask(QID)  # a new kernel: the log comes back as it was saved
    assert again.control.value == w.control.value
    control.forms[0].remove.click()
    assert [f.value["source"] for f in control.forms] == ["Xinhua"]
    assert "Source 1" in control.forms[0].heading.value  # numbered again
    w.reset()
    assert len(control.forms) == 1 and control.forms[0].empty


def test_an_empty_log_asks_for_a_source(student):
    w = course.ask(QID)
    result = w.check()
    assert result.status == "unanswered" and "fill in at least one source" in result.feedback
    assert progress.saved(QID) is None


# ------------------------------------------------------------- the teacher marks it

def test_the_teacher_reads_marks_and_grades_the_log(student):
    w = course.ask(QID)
    w.value = GOOD
    w.check()
    board = marking.MarkingBoard(student)
    assert QID in [q.id for q in board.answers.questions]
    board.choose.value = QID
    row = [c for c in board.page.children if "course-mark-row-ana" in c._dom_classes][0]
    shown = row.children[0].value
    assert "1. Reuters [a private company" in shown and "2. Xinhua" in shown
    level, comment, _saved = board.rows["ana"]
    comment.value = "Good: you kept Russia's account apart from China's words."
    level.value = "Proficient"
    reports = grade.grade([student], levels=board.marks.levels())
    got = {g.question: g for g in reports[0].grades}
    assert got[QID].status == "marked by the teacher" and got[QID].level == "proficient"
    assert got[QID].score is None
    assert marking.gradebook(student).loc[0, QID] == "proficient"
    again = course.ask(QID)  # the student's next session shows the teacher's mark
    assert "Your teacher: Proficient: Good" in again.teacher.value
    assert "earlier version" not in again.teacher.value
    again.control.forms[0].remove.click()  # the student changes the log after the mark
    again.check()
    assert "earlier version" in again.teacher.value


def test_the_handout_prints_the_log_as_boxes_to_fill():
    from course.teaching.handouts import question_html
    page = question_html(course.question(QID))
    assert "The claim to check: China backed Russia" in page
    assert page.count("answer-line") >= 8


def test_the_guide_gives_the_log_its_levels():
    guide = (Path(__file__).resolve().parents[1] / "docs" / "teacher-guide.md").read_text(
        encoding="utf-8")
    assert f"#### `{QID}`" in guide


def test_the_timeline_outside_dates_say_who_is_behind_their_outlets():
    events = course.timeline()
    view = course.who_is_behind(events["outside_source"].dropna())
    for name in ("TASS", "KCNA", "BelTA", "Stern"):
        assert f"- {name} (" in view.text, name
    assert "Source of this label" in view.text
    assert "No outlet" in course.who_is_behind("a blog post").text


def test_a_changed_register_reaches_the_loaded_log_question(tmp_path):
    folder = tmp_path / "art"
    shutil.copytree(ARTICLE.folder, folder)
    before = load_questions(folder)[QID].outlets["TASS"].behind
    path = folder / REGISTER
    import os
    path.write_text(path.read_text(encoding="utf-8").replace(
        before, "A changed card."), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_questions(folder)[QID].outlets["TASS"].behind == "A changed card."
