"""Part 3 on the seed: the key's spans, the rules against the key, the timeline and plots."""
from __future__ import annotations

import html

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

import course
from course.text import figures
from course.parts import chronology
from course.text.spans import SpanError

ART = course.load_article()
KEY_PATH = ART.folder / "chronology.toml"
KEY = tomllib.loads(KEY_PATH.read_text(encoding="utf-8"))


def test_package_exports_the_chronology_functions() -> None:
    assert course.extract_time_expressions is chronology.extract_time_expressions
    assert course.timeline is chronology.timeline
    assert course.plot_timeline is chronology.plot_timeline


def _all_spans() -> list[tuple[str, dict]]:
    spans = []
    for section in ("expressions", "signals", "hedges", "events"):
        for e in KEY[section]:
            for name in ("span", "evidence"):
                if name in e:
                    spans.append((f"{section} {e['id']} {name}", e[name]))
            spans += [(f"{section} {e['id']} support", s) for s in e.get("support", [])]
    return spans


@pytest.mark.parametrize("where, span", _all_spans(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_key_span_is_exact(where: str, span: dict) -> None:
    course.check_span(ART, span, f"chronology.toml {where}")


@pytest.mark.parametrize("entry", KEY["expressions"], ids=lambda e: e["id"])
def test_rules_find_and_resolve_every_key_expression(entry: dict) -> None:
    found = course.extract_time_expressions(ART)
    span = entry["span"]
    hit = found[(found.start == span["start"]) & (found.end == span["end"])]
    assert len(hit) == 1, f"{span['text']!r} at {span['start']} not found"
    assert hit.iloc[0]["value"] == entry["value"]
    assert hit.iloc[0]["type"] == entry["type"]
    assert hit.iloc[0]["resolution"]


def test_rules_find_nothing_outside_the_key() -> None:
    found = course.extract_time_expressions(ART)
    keyed = {(e["span"]["start"], e["span"]["end"]) for e in KEY["expressions"]}
    extra = found[[(a, b) not in keyed for a, b in zip(found.start, found.end)]]
    assert extra.empty, extra[["text", "value"]].to_string()


def test_key_dates_agree_with_the_calendar() -> None:
    # Independent of the rules: the publication day is a Sunday, "Friday" two days before.
    pub = dt.date.fromisoformat(ART.meta["published"])
    assert pub.strftime("%A") == "Sunday"
    values = {e["span"]["text"]: e["value"] for e in KEY["expressions"]}
    assert values["Friday"] == (pub - dt.timedelta(days=2)).isoformat()
    assert values["June 24"] == dt.date(pub.year, 6, 24).isoformat()
    assert values["Sunday"] == pub.isoformat()


def test_signals_and_hedges_of_the_key_are_found() -> None:
    for name, finder in (("signals", chronology.find_signals), ("hedges", chronology.find_hedges)):
        found = finder(ART)
        for e in KEY[name]:
            s = e["span"]
            assert ((found.start < s["end"]) & (found.end > s["start"])).any(), (name, s["text"])


def test_timeline_frame() -> None:
    frame = course.timeline()
    assert {"event", "earliest", "latest", "certainty", "evidence_start", "evidence_end",
            "story_position", "reasoning"} <= set(frame.columns)
    assert len(frame) == len(KEY["events"]) >= 15
    assert list(frame.story_position) == list(range(1, len(frame) + 1))
    # Story position follows the order of first mention in the text.
    assert list(frame.evidence_start) == sorted(frame.evidence_start)
    for row in frame.itertuples():
        assert ART.text[row.evidence_start:row.evidence_end] == row.evidence
        assert row.certainty in chronology.CERTAINTY
        hi = dt.date.fromisoformat(row.latest)
        assert hi <= ART.published
        if isinstance(row.earliest, str):
            assert dt.date.fromisoformat(row.earliest) <= hi
        else:
            assert row.certainty == "unknown"
        exact = isinstance(row.earliest, str) and row.earliest == row.latest
        assert exact == (row.certainty in ("stated", "inferred")), row.event


def test_timeline_key_facts() -> None:
    frame = course.timeline().set_index("id")
    assert frame.loc["beijing_meeting", "earliest"] == "2023-06-25"
    assert frame.loc["rebellion_start", "latest"] == "2023-06-23"
    assert frame.loc["arrival", "certainty"] == "unknown"
    assert "not immediately clear" in frame.loc["arrival", "evidence"]
    # The story opens with the newest event and ends with older ones.
    first = frame[frame.story_position == 1].iloc[0]
    last_two = frame[frame.story_position >= len(frame) - 2]
    assert first["latest"] == ART.meta["published"]
    assert all(r < first["earliest"] for r in last_two["earliest"])


def test_outside_knowledge_is_marked_and_cited() -> None:
    for e in KEY["events"]:
        assert ("outside_date" in e) == ("outside_source" in e), e["id"]
        if "outside_source" in e:
            assert "reference timeline" in e["outside_source"]


def test_broken_key_names_file_and_entry(tmp_path: Path) -> None:
    folder = tmp_path / "art"
    shutil.copytree(ART.folder, folder)
    key = (folder / "chronology.toml").read_text(encoding="utf-8")
    (folder / "chronology.toml").write_text(key.replace('text = "Friday"', 'text = "Fryday"'),
                                            encoding="utf-8")
    with pytest.raises(SpanError, match=r"chronology.toml \[\[expressions\]\] #5 \(t5\) field span: span"):
        course.timeline(folder)


def test_highlight_escapes_and_marks() -> None:
    html = chronology.highlight(ART)
    assert html.count("<mark") == len(course.extract_time_expressions(ART))
    assert "“international”" in html and "<script" not in html
    assert "[Friday 23 June 2023]" in html and "[2023-06-23]" not in html  # plain words


def _texts(fig) -> list[str]:
    ax = fig.axes[0]
    return [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels() + ax.texts]


def test_plot_timeline_content() -> None:
    frame = course.timeline()
    fig = course.plot_timeline(frame, show_outside=True)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(frame["label"])
    points = [c for c in ax.collections if str(c.get_gid()).startswith("point:")]
    bars = [p for p in ax.patches if str(p.get_gid()).startswith("range:")]
    outside = [c for c in ax.collections if str(c.get_gid()).startswith("outside:")]
    exact = frame.earliest == frame.latest
    assert len(points) == exact.sum()
    assert len(bars) == (~exact).sum()
    assert len(outside) == frame.outside_date.notna().sum()
    # Uncertain events are marked by hatching AND by a text label.
    for bar in bars:
        assert bar.get_hatch()
    notes = {t.get_gid(): t.get_text() for t in ax.texts}
    for row in frame.itertuples():
        assert notes[f"note:{row.id}"].startswith(row.certainty)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("outside reporting" in t for t in legend)


def test_plot_story_order_content() -> None:
    frame = course.timeline()
    fig = chronology.plot_story_order(frame)
    texts = _texts(fig)
    for row in frame.itertuples():
        assert f"{row.story_position}. {row.label}" in texts
    ax = fig.axes[0]
    marks = [a for a in list(ax.collections) + list(ax.patches)
             if str(a.get_gid()).startswith(("point:", "range:"))]
    assert len(marks) == len(frame)
    assert any("opens with the newest" in t for t in texts)


QUESTIONS = ART.folder / "questions"


def test_exercise_has_the_required_question_kinds() -> None:
    data = tomllib.loads((QUESTIONS / "03_chronology_exercise.toml").read_text("utf-8"))
    qs = data["questions"]
    assert len(qs) >= 8 and all(q["id"].startswith("ex03.") for q in qs)
    kinds = {q["type"] for q in qs}
    assert {"ordering", "spans", "matching", "text", "multiple", "single"} <= kinds
    text = next(q for q in qs if q["type"] == "text")
    assert "Sunday" in text["prompt"] and "Saturday" in text["prompt"] and text["rubric"]


def test_every_question_of_the_source_exercise_is_asked_and_marked() -> None:
    import nbformat

    nb = nbformat.read(Path(__file__).parents[1] / "exercises" / "source" /
                       "03_chronology.ipynb", as_version=4)
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    data = tomllib.loads((QUESTIONS / "03_chronology_exercise.toml").read_text("utf-8"))
    for q in data["questions"]:  # asked in its widget, answered with the key for teachers
        assert f'course.ask("{q["id"]}")' in sources
        assert f'course.answer_with_key("{q["id"]}")' in sources
    assert "course.mark(" not in sources and "answer_1" not in sources


def test_lesson_asks_a_question_at_each_step() -> None:
    import nbformat

    nb = nbformat.read(Path(__file__).parents[1] / "notebooks" / "03_chronology.ipynb",
                       as_version=4)
    sources = [c.source for c in nb.cells]
    assert nb.cells[1].source.startswith("import course")
    data = tomllib.loads((QUESTIONS / "03_chronology.toml").read_text("utf-8"))
    asked = [q["id"] for q in data["questions"] if any(f'course.ask("{q["id"]}")' in s
                                                      for s in sources)]
    assert asked == [q["id"] for q in data["questions"]]
    headings = [s.splitlines()[0] for s in sources if s.startswith("## ")]
    assert len(headings) >= 6


def test_every_chart_has_a_text_alternative_and_its_data_as_a_table() -> None:
    """Issue 17: a chart is shown as an image whose alt text says in a sentence what it
    shows, and its data follow as a table behind a disclosure (a screen reader reads every
    event and its dates; a sighted student can check a value)."""
    events = course.timeline(ART)
    for fig, rows, must in [
            (course.plot_timeline(events), len(events),
             {"event": "Rebellion begins", "how sure": "stated (the article names the day)",
              "when (as far as the article tells us)": "Fri 23 Jun"}),
            (course.plot_story_order(events), len(events),
             {"place in the story": 1, "event": "Qin meets Rudenko (Beijing)"}),
            (course.plot_source_types(article=ART), None,
             {"source type": "government or ministry", "statements": 9}),
            (course.plot_chain(article=ART), None,
             {"who speaks": "Song Zhongping", "passed on by": "Reuters"})]:
        shown = course.figure_image(fig)
        assert shown.data.startswith(b"\x89PNG")
        assert 40 < len(shown.alt) < 400 and shown.alt.endswith(figures.SEE_TABLE), shown.alt
        frame = shown.table.frame
        assert rows is None or len(frame) == rows
        assert any(all(row[k] == v for k, v in must.items())
                   for row in frame.to_dict("records")), (must, frame.head())
        page = shown._repr_html_()
        assert f'alt="{html.escape(shown.alt)}"' in page
        assert f"<details class=\"course-chart-data\"><summary>{figures.SHOW_DATA}" in page
        assert page.index("<img") < page.index("<details") < page.index("<table")
        for value in must.values():
            assert html.escape(str(value)) in page
        assert repr(shown).startswith(shown.alt + "\n")  # a printed notebook has the data too
    outside = course.figure_image(course.plot_timeline(events, show_outside=True)).table.frame
    column = outside["outside reporting (other outlets)"]
    dated = column[column != "no other outlet's date in the course's reference"]
    assert len(dated) >= 1 and all("(source: " in v and "reference timeline" not in v
                                   for v in dated)  # outlets named, not the course's file
    assert "Black crosses mark the day other outlets give for an event" in \
        course.figure_image(course.plot_timeline(events, show_outside=True)).alt
    story = course.figure_image(course.plot_story_order(events)).alt
    assert "The story opens with Qin meets Rudenko (Beijing) (Sun 25 Jun 2023)" in story
