"""Hostile articles render inert (issue 8): every HTML view the library makes of an article
whose text, metadata, questions and keys hold ``<script>``, ``<img onerror>``,
``javascript:`` links and entities shows them as literal text and contains no live tag.

The browser half (no script runs in JupyterLab) is tests/browser/test_hostile_article.py.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser

import ipywidgets as w
import pandas as pd
import pytest

import course
from course.parts import chronology, contrast, synthesis
from course.teaching import handouts
from course.engine.questions import load_questions
from hostile_article import (ENTITY, IFRAME, IMG, LINK, PAYLOADS, SCRIPT, SVG,
                             make_hostile_article)

#: Tags that must never come out of article data (the library itself uses none of them).
DANGEROUS_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "link",
                  "meta", "base", "form", "input", "video", "audio", "a"}


class Collector(HTMLParser):
    """Every start tag with its attributes, and the text a browser would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Collector:
    parser = Collector()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert(page: str, must_show: tuple[str, ...] = ()) -> None:
    """No dangerous tag, event handler or javascript: URL in ``page``; each of
    ``must_show`` appears literally in its text (so it was escaped, not dropped)."""
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        assert tag not in DANGEROUS_TAGS, f"live <{tag}> in: {page[:400]}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}= on <{tag}>"
            assert "javascript:" not in (value or "").replace(" ", "").lower(), \
                f"javascript: URL in {name}= on <{tag}>"
    shown = "".join(parsed.text)
    for literal in must_show:
        assert literal in shown, f"{literal!r} is not shown literally in: {shown[:400]}"


@pytest.fixture(scope="module")
def art(tmp_path_factory):
    return course.load_article(make_hostile_article(tmp_path_factory.mktemp("h") / "hostile"))


def widget_html(widget: w.Widget, labels: list[str] | None = None) -> list[str]:
    """Every HTML string in a widget tree; checks that no description is read as HTML
    (the descriptions, shown as plain text, are added to ``labels``)."""
    found = []
    stack = [widget]
    while stack:
        node = stack.pop()
        if isinstance(node, (w.HTML, w.HTMLMath)):
            found.append(node.value)
        if hasattr(node, "description_allow_html"):
            assert not node.description_allow_html, f"{type(node).__name__} allows HTML"
            if labels is not None:
                labels.append(node.description)
        stack.extend(getattr(node, "children", ()))
        for attr in ("box", "control"):
            child = getattr(node, attr, None)
            if isinstance(child, w.Widget):
                stack.append(child)
    return found


def test_the_collector_sees_live_tags():
    """The check itself: unescaped payloads are caught, escaped ones pass."""
    for payload in (SCRIPT, IMG, LINK, SVG, IFRAME):
        with pytest.raises(AssertionError):
            assert_inert(f"<p>{payload}</p>")
        assert_inert(f"<p>{html.escape(payload)}</p>", must_show=(payload,))
    with pytest.raises(AssertionError):
        assert_inert(f"<p>{ENTITY}</p>", must_show=(ENTITY,))  # entities decoded: not literal


def test_article_and_provenance(art):
    assert_inert(art._repr_html_(), must_show=(SCRIPT, IMG, LINK, SVG, IFRAME, ENTITY,
                                               art.meta["title"], art.meta["outlet"]))
    assert_inert(art.provenance()._repr_html_(),
                 must_show=(art.meta["title"], art.meta["outlet"], LINK, SVG, IFRAME))


def test_attribution_highlight_and_tables(art):
    page = course.highlight_html(art)
    assert_inert(page, must_show=(SCRIPT, IMG, LINK, ENTITY))
    titles = [dict(attrs).get("title", "") for tag, attrs in parse(page).tags if tag == "mark"]
    assert any(SCRIPT in t for t in titles) and any(IMG in t for t in titles)
    assert_inert(course.extract_attributions(art).to_html())
    assert_inert(course.attribution_key(art)._repr_html_(), must_show=(SCRIPT,))
    assert_inert(course.sources_table(article=art)._repr_html_())


def test_attribution_note_for_a_missing_key(art, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("article.txt", "meta.json"):
        (bare / name).write_bytes((art.folder / name).read_bytes())
    note = course.highlight_html(bare)
    assert "no reviewed answer key" in note
    assert_inert(note, must_show=(art.meta["title"],))


def test_contrast_views(art):
    pair = course.compare_pair("hostile", art)
    assert_inert(pair._repr_html_(), must_show=(SCRIPT, IMG, "Ministry " + LINK,
                                                "Spokesman " + SVG))
    free = course.compare(f"They said {SCRIPT}", {"text": IMG, "source": LINK,
                                                   "paragraph": SVG}, title=IFRAME)
    assert_inert(free._repr_html_(), must_show=(SCRIPT, IMG, LINK, SVG, IFRAME))
    view = course.show_paragraphs(["P1", "P3", "P4", "P5"], art)
    assert_inert(view._repr_html_(), must_show=(SCRIPT, IMG, LINK, SVG, IFRAME, ENTITY))
    assert_inert(contrast.contrast_key(art)._repr_html_(), must_show=(SCRIPT,))


def test_chronology_views(art):
    assert_inert(chronology.highlight(art), must_show=(SCRIPT, IMG, LINK, ENTITY))
    frame = course.timeline(art)
    assert_inert(frame._repr_html_(), must_show=("Officials meet " + SCRIPT,))
    spans = pd.DataFrame([{"start": 0, "end": 9, "value": SCRIPT}])
    assert_inert(chronology.highlight(art, spans=spans), must_show=(SCRIPT,))
    assert_inert(chronology.key_expressions(art)._repr_html_())


@pytest.mark.parametrize("qid", ["hostile.pick", "hostile.sentences", "hostile.phrases",
                                 "hostile.match", "hostile.order", "hostile.write"])
def test_question_widgets(art, qid):
    q = load_questions(art)[qid]
    widget = course.ask(qid, art)
    for _ in q.hints:
        widget.hint()
    widget.explain()
    widget.value = q.solution()
    widget.check()
    if q.type == "single":  # a wrong choice shows the option's own feedback
        widget.value = IMG
        widget.check()
        assert IMG in widget.feedback.value or html.escape(IMG) in widget.feedback.value
    labels: list[str] = []  # controls' names: plain text, never HTML (checked above)
    pages = widget_html(widget, labels)
    assert len(pages) >= 3
    for page in pages:
        assert_inert(page)
    shown = "".join("".join(parse(p).text) for p in pages) + "\n".join(labels)
    assert q.prompt in shown
    if q.explanation:
        assert q.explanation in shown
    for hint in q.hints:
        assert hint in shown
    for choice in q.choices:
        assert choice.text in shown
    for item in q.items:
        assert item in shown


def test_unavailable_question_note(art):
    note = course.ask("no.such.question", art)
    assert_inert(note._repr_html_(), must_show=(art.meta["title"],))


def test_checklist_widget(art):
    widget = course.checklist(art)
    widget.review(f"The ministry said {SCRIPT} on 25 June 2023.")
    pages = widget_html(widget)
    for page in pages:
        assert_inert(page)
    shown = "".join("".join(parse(p).text) for p in pages)
    assert "Because " + IMG in shown and ENTITY in shown
    items = synthesis.load_checklist(art).items
    assert [b.description for b in widget.boxes] == [i.text for i in items]


def test_progress_overview(art):
    course.mark("hostile.pick", SCRIPT, art)
    overview = course.progress_overview(article=art)
    assert_inert(overview._repr_html_(), must_show=(art.meta["title"],))
    assert_inert(course.progress_table(article=art)._repr_html_())


def test_handout_question_text(art):
    for q in load_questions(art).values():
        assert_inert(handouts.question_html(q), must_show=(q.prompt,))


def test_every_payload_is_in_the_article(art):
    for payload in PAYLOADS:
        assert payload in art.text
