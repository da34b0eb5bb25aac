"""The teacher review of draft keys (issue 9): ``course.authoring.review.Review`` and ``ReviewWidget``,
driven as a teacher would (widget values set, buttons clicked, feedback read); the saved
files must load with the course's real loaders. Everything happens in temporary folders.
"""
from __future__ import annotations

import html
import re
import shutil
import tomllib
from pathlib import Path

import pytest

import course
from course.authoring import review as review_module
from course.text.article import DEFAULT_ARTICLE, load_article
from course.parts.attribution import load_key_file
from course.parts.chronology import chronology_key, timeline
from course.parts.contrast import load_pairs, naming_table
from course.authoring.draft import draft_key
from course.authoring.keyquestions import QUESTIONS_DRAFT, QUESTIONS_FILE
from course.authoring.newarticle import new_article

REPO = Path(__file__).resolve().parent.parent
#: A small text with several sources, and characters that must be escaped in HTML.
TEXT = ("Officials at AT&T said on Monday that the <new> network would open in March.\n"
        "“We are ready,” the company's chief executive told reporters.\n"
        "Critics said the plan was rushed, according to Reuters.\n"
        "The network was first announced in January, the network operator said.\n"
        "Analysts expect the network to cost more than planned, Reuters reported.\n")
CORPUS_TEXT = REPO / "corpora" / "articles" / "wikinews-apple-executive-leaves" / \
    "article.txt"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    """A folder with two drafted articles: the small text above and a Wikinews text."""
    base = tmp_path_factory.mktemp("review")
    folder = base / "articles"
    folder.mkdir()
    (base / "small.txt").write_text(TEXT, encoding="utf-8")
    (base / "apple.txt").write_bytes(CORPUS_TEXT.read_bytes())
    for name in ("small", "apple"):
        art = new_article(base / f"{name}.txt", "Test outlet", "2024-05-08" if name == "small"
                          else "2010-08-09", article_id=name, into=folder)
        draft_key(art)
    return folder


@pytest.fixture
def articles(drafted, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the drafted articles for one test (reviews write files)."""
    folder = tmp_path / "articles"
    shutil.copytree(drafted, folder)
    monkeypatch.setenv("COURSE_ARTICLES_DIR", str(folder))
    monkeypatch.delenv("COURSE_ARTICLE", raising=False)
    return folder


def assert_saved(message: str) -> None:
    """Saved without a problem ("⚠" only says some entries still need the teacher's words)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", message))  # the widget's feedback is HTML
    assert text.startswith(("✓ saved", "⚠ saved")), message


def widget_for(article_id: str) -> review_module.ReviewWidget:
    return review_module.ReviewWidget(review_module.Review(load_article(article_id)))


def show(widget, file: str, entry_id: str) -> None:
    widget.file_select.value = file
    widget.entry_select.value = entry_id


def test_each_entry_is_shown_with_its_spans_marked_and_escaped(articles):
    w = widget_for("small")
    assert w.file_select.options == ("attribution.toml", "chronology.toml", "contrast.toml",
                                     "naming.toml")
    first = w.review.entries["attribution.toml"][0]
    assert w.entry_select.value == first.id
    assert '<mark class="course-review-span"' in w.view.value
    content = first.data["content"]["text"]
    assert f">{html.escape(content)}</mark>" in w.view.value
    expr = next(e for e in w.review.entries["chronology.toml"]
                if e.data.get("span", {}).get("text") == "Monday")
    show(w, "chronology.toml", expr.id)
    assert ">Monday</mark>" in w.view.value
    assert "&lt;new&gt;" in w.view.value and "<new>" not in w.view.value
    assert "AT&amp;T" in w.view.value and "AT&T" not in w.view.value
    assert "course-review-fields" in w.view.value and "DATE" in w.view.value
    assert repr(w).startswith("ReviewWidget('small': ")


def test_accept_and_reject_by_clicking(articles):
    w = widget_for("small")
    entries = w.review.entries["attribution.toml"]
    show(w, "attribution.toml", entries[0].id)
    w.accept_button.click()
    assert "accepted" in w.feedback.value and entries[0].decision == "accept"
    assert w.entry_select.value == entries[1].id  # moved on to the next undecided entry
    w.reject_button.click()
    assert "rejected" in w.feedback.value and entries[1].decision == "reject"
    labels = dict((v, k) for k, v in w.entry_select.options)
    assert labels[entries[0].id].endswith("[accepted]")
    assert labels[entries[1].id].endswith("[rejected]")
    assert "1 accepted, 0 edited, 1 rejected" in w.status.value


def test_editing_a_span_to_text_not_in_the_paragraph_gives_feedback(articles):
    w = widget_for("small")
    entry = w.review.entries["attribution.toml"][0]
    show(w, "attribution.toml", entry.id)
    w.edit_field.value = "content"
    assert w.edit_value.value == entry.data["content"]["text"]  # prefilled
    w.edit_value.value = "the plan was rushed"  # in the article, but in another paragraph
    w.edit_button.click()
    assert "✗" in w.feedback.value and "is not in paragraph P1" in w.feedback.value
    assert "nothing changed" in w.feedback.value
    assert entry.decision == "" and entry.edited == {}
    w.edit_value.value = "the &lt;new&gt; network"  # HTML-looking text that is not there
    w.edit_button.click()
    assert "is not in paragraph" in w.feedback.value and entry.decision == ""


def test_editing_a_vocabulary_field_checks_the_vocabulary(articles):
    w = widget_for("small")
    entry = w.review.entries["attribution.toml"][0]
    show(w, "attribution.toml", entry.id)
    w.edit_field.value = "mode"
    w.edit_value.value = "shouting"
    w.edit_button.click()
    assert "is not one of" in w.feedback.value and "direct quote" in w.feedback.value
    assert entry.decision == ""
    w.edit_value.value = "direct quote"
    w.edit_button.click()
    assert "edited mode" in w.feedback.value and entry.decision == "edit"
    assert entry.current["mode"] == "direct quote" and "review" not in entry.current


def test_decide_reports_mistakes_as_messages(articles):
    rev = review_module.Review(load_article("small"))
    first = rev.entries["attribution.toml"][0].id
    assert rev.decide("attribution", "nope", "accept").text.startswith("✗")
    assert rev.decide("attribution", first, "maybe").text.startswith("✗")
    assert "no field 'colour'" in rev.decide("attribution", first, "edit", colour="red").text
    assert rev.decide("timeline", first, "accept").text.startswith("✗ no draft for timeline.toml")
    assert "cannot be edited" in rev.decide("attribution", first, "edit", id="x").text
    assert "YYYY-MM-DD" in rev.decide("chronology", rev.entries["chronology.toml"][-1].id,
                                      "edit", latest="May 5").text
    assert rev.pending() == [e for es in rev.entries.values() for e in es]


def test_save_refuses_while_entries_are_undecided(articles):
    w = widget_for("small")
    w.accept_button.click()
    w.save_button.click()
    assert "not saved" in w.feedback.value and "undecided" in w.feedback.value
    assert "Accept all remaining" in w.feedback.value
    assert not (articles / "small" / "attribution.toml").exists()


def test_a_review_pass_saves_keys_that_the_real_loaders_accept(articles):
    w = widget_for("apple")
    entries = w.review.entries["attribution.toml"]
    show(w, "attribution.toml", entries[0].id)
    w.reject_button.click()
    show(w, "attribution.toml", entries[1].id)
    w.edit_field.value = "content"
    old = entries[1].data["content"]
    words = old["text"].split()
    shorter = " ".join(words[:max(2, len(words) // 2)])
    w.edit_value.value = shorter
    w.edit_button.click()
    assert "edited content" in w.feedback.value, w.feedback.value
    w.accept_all_button.click()
    assert "accepted" in w.feedback.value
    w.save_button.click()
    assert_saved(w.feedback.value)
    folder = articles / "apple"
    art = load_article("apple")
    key = load_key_file(art)
    assert len(key["entries"]) == len(entries) - 1
    assert entries[0].id not in {e["id"] for e in key["entries"]}
    edited = next(e for e in key["entries"] if e["id"] == entries[1].id)
    assert edited["content"]["text"] == shorter
    assert art.text[edited["content"]["start"]:edited["content"]["end"]] == shorter
    assert edited["content"]["paragraph"] == old["paragraph"]
    for name in ("attribution.toml", "chronology.toml", "contrast.toml", "naming.toml"):
        text = (folder / name).read_text(encoding="utf-8")
        data = tomllib.loads(text)
        assert "draft" not in data and 'review = "draft"' not in text, name
    chron = chronology_key(art)
    assert sum(len(chron.get(s, [])) for s in ("expressions", "signals", "hedges", "events")) \
        == len(w.review.entries["chronology.toml"])  # all accepted
    assert len(timeline(art)) == len(chron["events"]) > 0
    load_pairs(art)
    naming_table(art)
    assert len(course.attribution_key(art)) == len(key["entries"])
    assert (folder / QUESTIONS_FILE).is_file() and not (folder / QUESTIONS_DRAFT).exists()
    ids = set(course.questions(art)["id"])
    assert {"key.attribution.modes", "key.chronology.dates"} <= ids
    assert f"{QUESTIONS_FILE}:" in w.feedback.value


def test_rejecting_every_entry_of_a_file_writes_no_key_for_it(articles):
    rev = review_module.Review(load_article("small"))
    for e in rev.entries["naming.toml"]:
        assert "rejected" in rev.decide("naming.toml", e.id, "reject").text
    rev.accept_remaining()
    message = rev.save().text
    assert_saved(message)
    assert "naming.toml: every entry was rejected, so no naming.toml was written" in message
    folder = articles / "small"
    assert not (folder / "naming.toml").exists()
    assert (folder / "attribution.toml").is_file()
    art = load_article("small")
    assert len(course.naming_table(art)) == 0  # the part says it has no key, no traceback


def test_saving_again_keeps_the_earlier_reviewed_file_as_a_backup(articles):
    rev = review_module.Review(load_article("small"))
    rev.accept_remaining()
    assert_saved(rev.save().text)
    folder = articles / "small"
    first = (folder / "attribution.toml").read_bytes()
    rev = review_module.Review(load_article("small"))
    rev.accept_remaining()
    rev.decide("attribution", rev.entries["attribution.toml"][0].id, "reject")
    message = rev.save().text
    assert "kept as attribution.backup-" in message
    backups = list(folder.glob("attribution.backup-*.toml"))
    assert len(backups) == 1 and backups[0].read_bytes() == first
    assert (folder / "attribution.toml").read_bytes() != first


def test_the_seed_has_no_drafts_and_the_note_gives_the_two_commands(monkeypatch):
    monkeypatch.delenv("COURSE_ARTICLE", raising=False)
    note = review_module.start(load_article(DEFAULT_ARTICLE))
    text = repr(note)
    assert "no draft answer keys" in text
    assert "python -m course new-article" in text and "python -m course draft-key" in text
    assert "/" + "work" not in text and str(REPO) not in text


def test_what_to_check_is_shown_to_the_teacher_and_never_saved(articles):
    w = widget_for("apple")
    first = w.review.entries["attribution.toml"][0]
    assert first.data["check"].startswith("Found by the rule")
    assert "to check" in w.view.value and html.escape(first.data["check"]) in w.view.value
    assert "check" not in w.edit_field.options and "review" not in w.edit_field.options
    assert "cannot be edited" in w.review.decide("attribution", first.id, "edit", check="x").text
    w.accept_all_button.click()
    w.save_button.click()
    assert_saved(w.feedback.value)
    for name in ("attribution.toml", "chronology.toml", "contrast.toml", "naming.toml"):
        text = (articles / "apple" / name).read_text(encoding="utf-8")
        data = tomllib.loads(text)
        for section in review_module.SECTIONS[name]:
            for entry in data.get(section, []):
                assert "check" not in entry and "review" not in entry, (name, entry)
                for value in entry.values():  # what students see holds no reviewer's note
                    assert not str(value).startswith(("Draft", "Check")), (name, entry)


def test_saving_names_the_fields_still_to_write_until_the_teacher_writes_them(articles):
    rev = review_module.Review(load_article("apple"))
    waiting = [e for es in rev.entries.values() for e in es if e.placeholders()]
    assert waiting, "the Wikinews text drafts naming expressions and contrast pairs"
    assert {"naming.toml", "contrast.toml"} <= {e.file for e in waiting}
    rev.accept_remaining()
    message = rev.save().text
    assert message.startswith("⚠ saved, with words still to write"), message
    for e in waiting:
        assert f"{e.id} ({', '.join(e.placeholders())})" in message
    words = {"connotation": "a neutral description", "explanation": "One side says more."}
    for e in waiting:
        fields = {name: words[name] for name in e.placeholders()}
        assert rev.decide(e.file, e.id, "edit", **fields).text.startswith("✓"), e.id
    message = rev.save().text
    assert message.startswith("✓ saved"), message
    for name in ("contrast.toml", "naming.toml"):
        assert "to review" not in (articles / "apple" / name).read_text(encoding="utf-8")


def test_a_contrast_pair_source_label_can_be_edited(articles):
    w = widget_for("apple")
    pair = w.review.entries["contrast.toml"][0]
    show(w, "contrast.toml", pair.id)
    assert {"a_source", "b_source"} <= set(w.edit_field.options)
    w.edit_field.value = "b_source"
    assert w.edit_value.value == pair.data["b"]["source"]
    w.edit_value.value = "   "
    w.edit_button.click()
    assert "✗" in w.feedback.value and "b_source" in w.feedback.value
    w.edit_value.value = "Reuters (news agency)"
    w.edit_button.click()
    assert "edited b_source" in w.feedback.value, w.feedback.value
    assert pair.current["b"]["source"] == "Reuters (news agency)"
    assert pair.current["b"]["text"] == pair.data["b"]["text"]  # the span is unchanged
    assert pair.data["b"]["source"] != "Reuters (news agency)"  # the draft is not touched
    w.accept_all_button.click()
    w.save_button.click()
    assert_saved(w.feedback.value)
    saved = next(p for p in load_pairs(load_article("apple")) if p["id"] == pair.id)
    assert saved["b"]["source"] == "Reuters (news agency)"


def test_students_see_a_notice_where_the_teacher_left_to_review(articles):
    """Saved with 'to review' left in (the save warned): the lesson's tables show a plain
    notice, not the draft's word."""
    from course.text.missing import NOT_WRITTEN, PLACEHOLDER
    rev = review_module.Review(load_article("apple"))
    rev.accept_remaining()
    assert rev.save().text.startswith("⚠ saved")
    art = load_article("apple")
    assert PLACEHOLDER in (articles / "apple" / "naming.toml").read_text(encoding="utf-8")
    names = naming_table(art)
    assert len(names) and set(names["connotation"]) == {NOT_WRITTEN}
    pairs = load_pairs(art)
    assert pairs and {p["explanation"] for p in pairs} == {NOT_WRITTEN}
    assert all(p["matter"] != PLACEHOLDER for p in pairs)


def test_saving_returns_a_report_whose_lines_are_shown_whole(articles, monkeypatch):
    rev = review_module.Review(load_article("small"))
    rev.accept_remaining()
    report = rev.save()
    assert report.ok and report.head in ("✓ saved", "⚠ saved, with words still to write")
    assert "attribution.toml" in report.written
    assert any(line.startswith("attribution.toml: saved") for line in report.lines)
    # a line that itself contains "; " stays one item in the widget
    w = widget_for("small")
    odd = review_module.SaveReport("✓ saved", ("a.toml: saved 1 entry; really one line",
                                               "questions: 2 question(s)"), ("a.toml",))
    monkeypatch.setattr(w.review, "save", lambda: odd)
    w._save()
    assert w.feedback.value.count("<li>") == 2
    assert "<li>a.toml: saved 1 entry; really one line</li>" in w.feedback.value
    blocked = review_module.Review(load_article("small"))
    assert not blocked.save().ok  # nothing decided yet: not saved, and it says why
    assert "undecided" in blocked.save().text


def test_decisions_are_results_as_data(articles):
    rev = review_module.Review(load_article("small"))
    first = rev.entries["attribution.toml"][0].id
    refused = rev.decide("attribution", first, "maybe")
    assert refused.done is False and not refused.message.startswith("✗")
    assert refused.text.startswith("✗ the decision must be one of")
    done = rev.decide("attribution", first, "reject")
    assert done.done and done.text == f"✓ attribution.toml {first}: rejected"
    assert rev.accept_remaining().done
