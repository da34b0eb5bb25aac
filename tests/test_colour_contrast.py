"""Highlights and status colours without colour alone (issue 17): every highlighted passage
the course shows has a cue that is not colour (a bracketed label, a border or an
underline) and its text has at least 4.5:1 contrast with its background (WCAG 1.4.3);
every status colour, used as text on white, has 4.5:1 too."""
from __future__ import annotations

import re
import tomllib

import pytest

import course
from course.engine.widgets import STATUS_COLOURS
from course.authoring import review
from course.parts import chronology, contrast, workbook

MARK = re.compile(r"<mark\b([^>]*)>(.*?)</mark>", re.S)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rgb`` or ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_ratio_is_wcag_s():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # the usual borderline grey


def marks(page: str) -> list[tuple[str, str]]:
    found = MARK.findall(page)
    assert found, "no highlighted passage in the page"
    return found


def check_marks(page: str) -> int:
    for attrs, inner in marks(page):
        style = re.search(r'style="([^"]*)"', attrs).group(1)
        background = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", style).group(1)
        text = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{3,6})", style)
        assert text, f"a highlight leaves its text colour to the theme: {style}"
        assert ratio(background, text.group(1)) >= 4.5, (style, ratio(background, text.group(1)))
        cue = ("border:" in style or "underline" in style or
               re.search(r"\[[^\]<]+\]", inner) is not None)
        assert cue, f"a highlight marked by colour alone: <mark{attrs}>{inner[:80]}"
    return len(marks(page))


def test_attribution_highlights():
    assert check_marks(course.highlight_html()) >= 10


def test_contrast_highlights_of_words_only_one_side_uses():
    art = course.load_article()
    pair = contrast.load_pairs(art)[0]
    page = contrast.compare_pair(pair["id"], art)._repr_html_()
    assert check_marks(page) >= 1


def test_workbook_worked_examples():
    art = course.load_article(course.practice_articles()[0])
    page = workbook.worked_attribution(art)._repr_html_()
    assert check_marks(page) >= 3


def test_status_colours_read_as_text_on_white():
    for status, colour in STATUS_COLOURS.items():
        assert ratio(colour, "#ffffff") >= 4.5, status


def test_time_expression_highlights():
    assert check_marks(chronology.highlight(course.load_article())) >= 5


def test_the_teacher_review_highlights():
    art = course.load_article()
    raw = tomllib.loads((art.folder / "attribution.toml").read_text(encoding="utf-8"))
    section = next(k for k, v in raw.items() if isinstance(v, list))
    pages = [review.highlight_entry(art, review.Entry("attribution.toml", section, str(i), e))
             for i, e in enumerate(raw[section][:6])]
    assert sum(check_marks(p) for p in pages) >= 6
