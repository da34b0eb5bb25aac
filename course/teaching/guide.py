"""The teacher guide, generated: hand-written prose plus the answer key read from data.

``docs/guide-template.md`` holds the prose (objectives, lesson plans); each
``<!-- GENERATED: name -->`` line in it is replaced by a section built here from the
article's data files (questions, teacher.toml, the part keys), so the answer key in the
guide can never drift from the keys the notebooks check against.
``python -m course guide`` writes ``docs/teacher-guide.md``; a test keeps it in sync.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

from ..text.article import Article, load_article, read_data_file
from ..text.files import REPO
from ..engine.questions import Question, load_questions

TEMPLATE = REPO / "docs" / "guide-template.md"
OUTPUT = REPO / "docs" / "teacher-guide.md"
LOADTEST_RESULTS = REPO / "docs" / "loadtest-results.json"

#: Where each question file is used, for the answer key's headings.
PART_TITLES = {
    "start": "Start and reading exercise (00)",
    "attribution": "Part 1: source attribution (01)",
    "contrast": "Part 2: contrasting statements (02)",
    "chronology": "Part 3: chronology (03)",
    "synthesis": "Putting it together (04)",
}


def _one_line(text: str) -> str:
    """Collapse whitespace so a value fits on one Markdown line."""
    return re.sub(r"\s+", " ", str(text)).strip()


def answer_text(q: Question, article: Article) -> str:
    """The key of one question in words a teacher can read aloud (its type says how)."""
    return q.kind.key_text(q, article)


def _paragraph_id(article: Article, offset: int) -> str:
    """The id of the paragraph holding ``offset`` (``?`` between paragraphs)."""
    para = article.paragraph_at(offset)
    return para.id if para else "?"


def evidence_text(q: Question, article: Article) -> str:
    """The spans a key rests on, as paragraph ids with the quoted words."""
    seen, parts = set(), []
    for spans in q.evidence.values():
        for span in spans:
            key = (span["start"], span["end"])
            if key in seen:
                continue
            seen.add(key)
            words = _one_line(article.text[span["start"]:span["end"]])
            if len(words) > 160:
                words = words[:159] + "…"
            parts.append(f"{_paragraph_id(article, span['start'])} “{words}”")
    return "; ".join(parts) if parts else "—"


def section_answer_key(article: Article) -> str:
    """Every question, grouped by part: prompt, answer, why, and the evidence spans."""
    by_part: dict[str, list[Question]] = {}
    for q in load_questions(article).values():
        by_part.setdefault(q.part, []).append(q)
    out = []
    for part, title in PART_TITLES.items():
        qs = by_part.get(part, [])
        if not qs:
            continue
        out.append(f"### {title}\n")
        for q in qs:
            out.append(f"- **`{q.id}`** ({q.type}, `{q.file}`): {_one_line(q.prompt)}")
            out.append(f"  - Answer: {answer_text(q, article)}")
            if q.explanation:
                out.append(f"  - Why: {_one_line(q.explanation)}")
            if q.evidence:
                out.append(f"  - Evidence: {evidence_text(q, article)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _teacher_data(article: Article) -> dict:
    """The article's teacher.toml (mistakes and rubric levels), or empty tables."""
    if not (article.folder / "teacher.toml").is_file():
        return {"mistakes": [], "rubrics": []}
    return read_data_file(article, "teacher.toml", "It holds the guide's common mistakes "
                          "and rubric levels.")[1]


def section_mistakes(article: Article) -> str:
    """Common mistakes: the hand-written list per exercise, then the per-option feedback."""
    data = _teacher_data(article)
    out = []
    for block in data.get("mistakes", []):
        out.append(f"**{block['where']}**\n")
        out.extend(f"- {_one_line(item)}" for item in block["items"])
        out.append("")
    anticipated = [q for q in load_questions(article).values() if q.feedback]
    if anticipated:
        out.append("**Wrong answers the questions anticipate** (each one's feedback, shown to "
                   "the student when they choose it):\n")
        for q in anticipated:
            for choice, words in q.feedback.items():
                out.append(f"- `{q.id}`, “{_one_line(choice)}”: {_one_line(words)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def section_rubrics(article: Article) -> str:
    """For each written question: criteria, levels on this article, and the model answer."""
    questions = load_questions(article)
    levels = {r["question"]: r for r in _teacher_data(article).get("rubrics", [])}
    out = []
    for q in questions.values():
        if not q.written:
            continue
        out.append(f"#### `{q.id}`: {_one_line(q.prompt)}\n")
        out.append("What a good answer does (the student sees this, the model answer and the "
                   "levels after answering, and places their own answer on a level):\n")
        out.extend(f"- {_one_line(c)}" for c in q.rubric)
        level = levels.get(q.id)
        if level:
            out.append("\n| level | what it looks like on this article |\n|---|---|")
            for name in ("beginning", "developing", "proficient"):
                out.append(f"| {name} | {_one_line(level[name])} |")
        out.append(f"\nModel answer: {_one_line(q.model_answer)}\n")
    return "\n".join(out).rstrip() + "\n"


def section_part_keys(article: Article) -> str:
    """Summaries of the three parts' keys, read through the library's own functions."""
    from ..parts.attribution import attribution_key
    from ..parts.chronology import timeline
    from ..parts.contrast import contrast_key, naming_table

    out = []
    key = attribution_key(article)
    counts = key.groupby("source_type").size().sort_values(ascending=False)
    out.append(f"**Attribution key** ({len(key)} entries; full table: "
               "`course.attribution_key()`), by source type:\n")
    out.extend(f"- {kind}: {n}" for kind, n in counts.items())
    pairs = contrast_key(article)
    out.append(f"\n**Contrast pairs** ({len(pairs)}; `course.contrast_key()`):\n")
    for r in pairs.itertuples():
        out.append(f"- `{r.id}`: {_one_line(r.matter)}: {_one_line(r.explanation)}")
    naming = naming_table(article)
    out.append(f"\n**Names for the events** ({len(naming)}; `course.naming_table()`):\n")
    out.append("| expression | voice | suggests |\n|---|---|---|")
    for r in naming.itertuples():
        out.append(f"| {_one_line(r.expression)} | {_one_line(r.voice)} | "
                   f"{_one_line(r.connotation)} |")
    events = timeline(article)
    out.append(f"\n**Timeline** ({len(events)} events; `course.timeline()`), in story order:\n")
    out.append("| # | event | earliest | latest | certainty |\n|---|---|---|---|---|")
    for r in events.sort_values("story_position").itertuples():
        earliest = r.earliest if isinstance(r.earliest, str) and r.earliest else "—"
        latest = r.latest if isinstance(r.latest, str) and r.latest else "—"
        out.append(f"| {r.story_position} | {_one_line(r.event)} | {earliest} | {latest} | "
                   f"{r.certainty} |")
    return "\n".join(out).rstrip() + "\n"


def section_deployment_figures(article: Article) -> str:
    """The classroom load-test figures, read from docs/loadtest-results.json if present."""
    if not LOADTEST_RESULTS.is_file():
        return ("No classroom load-test results are stored yet; run the load test described "
                "in [deployment.md](deployment.md).\n")
    data = json.loads(LOADTEST_RESULTS.read_text(encoding="utf-8"))
    summary = data.get("summary", data)
    lines = ["Measured on one 2-core, 24 GiB machine with the classroom load test "
             "(see [deployment.md](deployment.md) for the command):\n",
             "| measure | value |\n|---|---|"]
    for name, value in _flatten(summary):
        lines.append(f"| {name.replace('_', ' ')} | {value} |")
    return "\n".join(lines) + "\n"


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Rows of (measure, value): percentile tables on one line, other tables unfolded."""
    rows = []
    for name, value in data.items():
        label = f"{prefix}{name}"
        if isinstance(value, dict) and {"p50", "p95"} <= set(value):
            rows.append((label, f"p50 {value['p50']}, p95 {value['p95']}, max "
                                f"{value.get('max', '—')} (n = {value.get('n', '—')})"))
        elif isinstance(value, dict):
            rows.extend(_flatten(value, f"{label} / "))
        elif isinstance(value, (int, float, str)):
            rows.append((label, str(value)))
    return rows


SECTIONS: dict[str, Callable[[Article], str]] = {
    "answer_key": section_answer_key,
    "mistakes": section_mistakes,
    "rubrics": section_rubrics,
    "part_keys": section_part_keys,
    "deployment_figures": section_deployment_figures,
}


def build_guide(article: Article | str | Path | None = None,
                template: Path = TEMPLATE) -> str:
    """The guide's Markdown: the template with each GENERATED marker filled in."""
    article = load_article(article)
    text = template.read_text(encoding="utf-8")

    def fill(m: re.Match) -> str:
        name = m.group(1)
        if name not in SECTIONS:
            raise KeyError(f"{template.name}: unknown section {name!r}; known: "
                           f"{', '.join(SECTIONS)}")
        return SECTIONS[name](article).rstrip("\n")

    return re.sub(r"^<!-- GENERATED: (\w+) -->$", fill, text, flags=re.M)


def write_guide(article: Article | str | Path | None = None, out: Path = OUTPUT) -> Path:
    """Write the generated guide (default docs/teacher-guide.md)."""
    out.write_text(build_guide(article), encoding="utf-8")
    return out
