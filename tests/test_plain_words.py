"""Plain words for students (issue 14): technical values (TIMEX3 codes, ISO dates, NaN,
precision and recall) never reach a student without plain words, and the tables the
lessons show have readable columns and every cell in full."""
from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import course
from course.text.plain import (NOT_KNOWN, TECHNICAL, date_words, table_view, time_value_words)

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TECHNICAL_VALUE = re.compile(r"\bP(?:T?X|\d+)[A-Z]+\b|\b(?:PAST|PRESENT|FUTURE)_REF\b|"
                             r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])|\bNaN\b|\bprecision\b|"
                             r"\brecall\b|\bf1\b")


@pytest.mark.parametrize("value, words", [
    ("2023-06-23", "Friday 23 June 2023"),
    ("PTXH", "a few hours (the article does not say how many)"),
    ("PXDE", "some decades (the article does not say how many)"),
    ("P3D", "3 days"), ("PT1H", "1 hour"), ("P2Y", "2 years"),
    ("PAST_REF", "some time before the article (it does not say when)"),
    ("PRESENT_REF", "now, when the article was written"),
    ("2023-06", "June 2023"), ("2023", "the year 2023"),
    ("XXXX-WXX-7", "a Sunday (which week is not known)"),
    ("XXXX-06-25", "25 June (the year is not given)"),
    (None, NOT_KNOWN), (math.nan, NOT_KNOWN), ("", NOT_KNOWN),
])
def test_time_values_in_plain_words(value, words):
    assert time_value_words(value) == words


def test_dates_in_words_and_odd_values_unchanged():
    assert date_words("2023-06-25") == "Sunday 25 June 2023"
    assert date_words("2023-02-30") == "2023-02-30"  # not a date: shown as it is
    assert time_value_words("XXXX-02-30") == "XXXX-02-30"


def test_a_table_for_students_has_readable_columns_full_cells_and_no_nan():
    long = "several countries in the West including the United States, " * 3
    frame = pd.DataFrame({"text": ["hours later", "Friday"], "type": ["DURATION", "DATE"],
                          "value": ["PTXH", "2023-06-23"], "earliest": [math.nan, "2023-06-23"],
                          "note": [long, "x"], "agree": [True, False]})
    view = table_view(frame[frame["text"] != ""])  # a filtered frame: no index column
    page, text = view._repr_html_(), repr(view)
    assert "words in the article" in page and "kind of time" in page and ">index<" not in page
    assert long.strip() in " ".join(text.split())  # no cell cut short
    assert "NaN" not in page and "not known" in page
    assert "a length of time" in page and "Friday 23 June 2023" in page
    assert f"{TECHNICAL}: PTXH" in text and f"{TECHNICAL}: 2023-06-23" in text
    assert "do they agree?: yes" in text and "do they agree?: no" in text


IMAGE_DATA = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def outputs(path: Path) -> list[tuple[int, str]]:
    """(cell number, text) of every stored output of a lesson (an image's data left out:
    its base64 letters are not words a student reads)."""
    found = []
    for n, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in ("text/plain", "text/html"):
                if mime in data:
                    text = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
                    found.append((n, IMAGE_DATA.sub("data:image/png;base64,…", text)))
            if "text" in out:
                found.append((n, out["text"]))
    return found


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lessons_show_no_raw_tables_and_no_bare_technical_values(path):
    article_id = course.load_article().id
    for n, text in outputs(path):
        assert 'class="dataframe"' not in text, f"{path.name} cell {n}: a raw pandas table"
        for line in text.replace(article_id, "the article").splitlines():
            if line.strip().startswith(TECHNICAL) or f">{TECHNICAL}<" in line:
                continue  # the technical column of a table, kept for the curious
            if "<td" in line and TECHNICAL in text:  # an HTML table row: check its cells
                cells = re.findall(r"<td[^>]*>(.*?)</td>", line)
                header = re.findall(r"<th[^>]*>(.*?)</th>", text)
                line = " ".join(c for h, c in zip(header, cells) if h != TECHNICAL)
            bad = TECHNICAL_VALUE.search(line)
            assert not bad, f"{path.name} cell {n}: {bad.group(0)!r} without plain words: {line[:160]}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_technical_forms_in_lesson_text_are_only_for_the_curious(path):
    for n, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "markdown":
            continue
        text = cell.source.replace(course.load_article().id, "the article")
        if TECHNICAL_VALUE.search(text):
            assert "For the curious" in text or "for the curious" in text, \
                f"{path.name} cell {n}: {TECHNICAL_VALUE.search(text).group(0)!r}"
