"""What a student sees in a workbook notebook, and the check that none of it belongs to the
course article (issue 16). The course article's names, quotations and labels are drawn from
its own keys and metadata, never typed here."""
from __future__ import annotations

import re
import tomllib

import nbformat

import course
from course.parts.workbook import QUESTIONS

PARAGRAPH_REF = re.compile(r"\bP(\d+)\b")
IMAGE_DATA = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def seed_markers() -> list[str]:
    """Names, quotations and labels of the course article, from its keys and metadata."""
    seed = course.load_article()
    def key(name: str) -> dict:
        return tomllib.loads((seed.folder / name).read_text(encoding="utf-8"))
    labels = [str(seed.meta.get("title", ""))]  # written for the key: names count
    words = []  # the article's own words
    for e in key("attribution.toml")["entries"]:
        labels.append(e["source_name"])
        words += [e[f]["text"] for f in ("source", "content") if f in e]
    for p in key("contrast.toml")["pairs"]:
        labels += [p["matter"], p["a"]["source"], p["b"]["source"]]
        words += [p["a"]["text"], p["b"]["text"]]
    for n in key("naming.toml")["names"]:
        labels.append(n["voice"])
        words.append(n["expression"])
    for e in key("chronology.toml")["events"]:
        labels += [e["event"], e.get("label", "")]
    # a label names something only if it has a capital ("Vladimir Putin", not "unnamed
    # reports"); the article's words count if they are a name or more than one word
    found = [x for x in labels if any(ch.isupper() for ch in x)]
    found += [x for x in words if " " in x.strip() or x.strip()[:1].isupper()]
    # a long quotation is recognised by its first words too (views cut long texts)
    found += [" ".join(f.split()[:6]) for f in found if len(f.split()) > 6]
    return sorted({f.strip() for f in found if len(f.strip()) >= 5}, key=len, reverse=True)


def visible_text(nb: nbformat.NotebookNode, article: course.Article) -> str:
    """Everything a student reads: the text cells, every output (plain text and HTML), and
    the questions the notebook asks (their widgets render them from these words)."""
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(str(o.get("text", "")))
            parts += [IMAGE_DATA.sub("", str(o.get("data", {}).get(k, "")))
                      for k in ("text/plain", "text/html")]  # a chart's pixels are no words
    made = set(course.questions(article)["id"])
    for qid in (q for qs in QUESTIONS.values() for q in qs if q in made):
        q = course.question(qid, article)
        parts += [q.prompt, q.explanation, *q.hints, *q.options, *q.items, *q.categories]
    return "\n".join(parts)


def leaks(text: str, article: course.Article) -> list[str]:
    """What in ``text`` belongs to the course article and not to ``article``: a name,
    quotation or label of the course article that ``article`` does not contain, or a
    paragraph number ``article`` does not have."""
    own = article.text.casefold()
    found = [m for m in seed_markers() if m.casefold() in text.casefold()
             and m.casefold() not in own]
    top = len(article.paragraphs)
    found += [f"P{n}" for n in sorted({int(n) for n in PARAGRAPH_REF.findall(text)}) if n > top]
    return found
