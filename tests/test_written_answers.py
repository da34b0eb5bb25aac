"""Written answers: the machine never marks them; it asks questions (hints), including one
for copying, and shows the rubric's levels; bad answers of the kinds students write are
never called correct and each gets at least one hint."""
from __future__ import annotations

import pytest

import course
from course.engine import checking, progress
from course.engine.questions import LEVELS, load_questions

TEXT_QUESTIONS = [q for q in load_questions().values() if q.type == "text"]
ARTICLE = course.load_article()
FIRST_SENTENCE = ARTICLE.sentences[0].text

#: Mistakes real students make, per written question: each must get a hint, none a mark.
BAD_ANSWERS = [
    # from the issue: a plan with no named source, and a misattribution
    ("synth.lateral", "I would google it on a news site and check the ministry statement and "
                      "look at another newspaper to see what they say about it and whether it "
                      "is the same."),
    ("ex02.summary", "Qin Gang met Andrey Rudenko in Beijing on Sunday. Both ministries said "
                     "that China backed Moscow against the Wagner fighters and the mutiny."),
    # copying the article word for word
    ("ex00.summary", FIRST_SENTENCE),
    # misattribution: China's statement given the Russian claim
    ("ex01.before_repeating", "China said it backed Moscow, so it is true. I would check the "
                              "facts on the internet before I repeat it to my friends, that "
                              "is all I need to do."),
    # a loaded word the sources did not use
    ("ex02.summary", "The Chinese puppet foreign ministry met Rudenko in Beijing and the Russian "
                     "propaganda ministry said the Chinese side expressed support for Moscow."),
    ("contrast.why_differ", "Russia is lying and China is lying too because they are both "
                            "propaganda machines, so nothing they say can be believed at all."),
    # too short, no background
    ("ex00.summary", "Two diplomats met."),
    # a plan with no named source
    ("synth.lateral", "I would check everything in the article on the internet because you "
                      "cannot trust the news and there is a lot of fake news these days."),
    # story order retold, no reason
    ("ex03.q9", "First the meeting happened and then the article talks about the rebellion and "
                "then it talks about Putin and Prigozhin and Belarus at the end of it."),
    # one side only, no date
    ("synth.account", "China and Russia are friends. China backed Moscow against Wagner, said "
                      "China. The meeting was in Beijing and it was about the rebellion which "
                      "had ended by then, and Putin was happy that China supported him against "
                      "the mercenaries that day."),
    # both dates cannot be right
    ("ex03.friday_and_24", "One of them is wrong."),
    ("ex00.statements_differ", "Both statements say the same thing about the meeting."),
]


def test_there_are_at_least_ten_bad_answers_across_the_written_questions():
    assert len(BAD_ANSWERS) >= 10
    assert len({qid for qid, _ in BAD_ANSWERS}) >= 7


@pytest.mark.parametrize("qid, text", BAD_ANSWERS, ids=[f"{q}-{n}" for n, (q, _) in
                                                        enumerate(BAD_ANSWERS)])
def test_a_bad_written_answer_is_never_correct_and_gets_a_hint(qid, text):
    result = course.check(qid, text)
    assert not result.correct and result.status == "written" and result.score == 0.0
    assert result.hints, "a bad answer gets at least one question to think about"
    assert all(h.rstrip().endswith(("?", ".")) for h in result.hints)
    assert any("?" in h for h in result.hints)


@pytest.mark.parametrize("q", TEXT_QUESTIONS, ids=lambda q: q.id)
def test_even_the_model_answer_is_not_marked_by_the_machine(q):
    result = course.check(q.id, q.model_answer)
    assert result.status == "written" and not result.correct and result.score == 0.0
    assert not any("own words" in h for h in result.hints), "model answers are not copies"


@pytest.mark.parametrize("q", TEXT_QUESTIONS, ids=lambda q: q.id)
def test_every_written_question_has_its_three_levels(q):
    assert set(q.levels) == set(LEVELS) and all(v.strip() for v in q.levels.values())


def test_the_copy_threshold_lies_between_the_model_answers_and_a_copied_sentence():
    """The threshold is measured: above every model answer's longest run outside its
    quotation marks, below a copied sentence of the article."""
    runs = [checking.longest_shared_run(q.model_answer, ARTICLE.text)[0] for q in TEXT_QUESTIONS]
    assert max(runs) < checking.COPY_RUN
    assert checking.longest_shared_run(FIRST_SENTENCE, ARTICLE.text)[0] > 2 * checking.COPY_RUN


def test_copying_gets_the_own_words_hint_but_a_quotation_does_not():
    copied = course.check("ex00.summary", FIRST_SENTENCE)
    assert any("own words" in h and "word for word" in h for h in copied.hints)
    quoted = course.check("ex00.summary", f"WION wrote: “{FIRST_SENTENCE}” That is the news "
                                          "from Beijing on Sunday during the Wagner mutiny.")
    assert not any("own words" in h for h in quoted.hints)


def test_the_hint_questions_name_what_is_missing():
    result = course.check("synth.lateral", BAD_ANSWERS[0][1])
    assert any(h.startswith("Which claim exactly?") for h in result.hints)
    assert any("Google it" in h for h in result.hints)
    misattributed = course.check("ex02.summary", BAD_ANSWERS[1][1])
    assert any("Did both ministries say China backed Moscow?" in h for h in misattributed.hints)


def test_the_widget_shows_levels_and_saves_the_students_placement():
    q = course.question("ex00.summary")
    widget = course.ask(q.id)
    widget.value = "Qin Gang met Andrey Rudenko in Beijing on Sunday 25 June, during the mutiny."
    result = widget.check()
    assert result.status == "written"
    shown = widget.rubric.children[0].value
    for level in LEVELS:
        assert level.capitalize() in shown
    assert "Saved for your teacher to mark" in widget.feedback.value
    widget.level_choice.value = "Proficient"
    assert progress.saved(q.progress_id)["self_level"] == "proficient"
    assert course.ask(q.id).level_choice.value == "Proficient"  # restored with the answer
    widget.value = "A different answer about Qin and Rudenko in Beijing on Sunday."
    widget.check()
    assert "self_level" not in progress.saved(q.progress_id)  # it was about the old answer


def test_the_progress_overview_counts_written_answers_apart():
    course.mark("ex03.friday_and_24", "Both: Friday 23 June began it and it went on on 24 June.")
    table = course.progress_table("chronology")
    row = table[table["id"] == "ex03.friday_and_24"].iloc[0]
    assert row["status"] == "written"
    assert "written for your teacher" in course.progress_overview("chronology").summary


@pytest.mark.parametrize("qid, text, wrong_hint", [
    ("contrast.why_differ", "Russia wanted to show that its allies stood by it; China relies on "
                            "caution and a familiar neutral line, so each ministry chose its words.",
     "lying"),
    ("ex02.summary", "A couple of statements: Qin met Rudenko in Beijing; China's foreign ministry "
                     "said they discussed relations, and Russia's foreign ministry said the "
                     "Chinese side expressed support.", "neutral word"),
    ("ex01.before_repeating", "China said they discussed relations, but the source of the support "
                              "claim is the Russian ministry, so I would find the original "
                              "statement and compare it with other sources.", "Who says China"),
])
def test_a_caution_fires_on_whole_words_only(qid, text, wrong_hint):
    assert not any(wrong_hint in h for h in course.check(qid, text).hints)


def test_a_date_written_with_th_counts_as_the_date():
    answer = ("Qin Gang met Andrey Rudenko in Beijing on the 25th of June, during the Wagner "
              "insurrection in Russia.")
    hints = course.check("ex00.summary", answer).hints
    assert not any("When did they meet" in h or "happening in Russia" in h for h in hints)
