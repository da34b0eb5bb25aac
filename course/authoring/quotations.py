"""Words in quotation marks in the course's own text, checked against the article.

For a course about who says what, a misquotation is the worst mistake. Every phrase the
course puts in quotation marks must be (a) the article's words, verbatim (an ellipsis may
join verbatim parts that follow each other), or listed in ``quoted.toml`` beside the
article with its real source (an example phrase, a term, a quotation from an outside
outlet); and (b) where the course gives the quoted words to a speaker ("Song says
'...'", "Song's '...'"), they must lie inside that speaker's own quotation marks in the
article, as the attribution key records it: words the article only paraphrases are
paraphrased by the course too. ``problems`` lists every breach with the file, the entry
and the phrase; the test suite runs it over every student-facing text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..text.article import Article, read_data_file
from ..text.keyfiles import KEYS

ALLOWED_FILE = "quoted.toml"
KINDS = ("example", "term", "outside")

#: A phrase in quotation marks: curly double, straight double, curly single, or straight
#: single quotes that are not apostrophes (no letter just outside them).
QUOTED = re.compile(r"“([^”]{1,400})”|(?<![\w\\=(])\"([^\"\n]{1,400})\"(?!\w)"
                    r"|(?<!\w)‘([^’]{1,400})’(?!\w)|(?<![\w'])'([^'\n]{1,400}?)'(?![\w'])")
#: What gives the quoted words to someone: a name, then a possessive or a reporting verb.
GIVING = (r"(?:’s|'s|\s+(?:says|said|calls|called|call|speaks of|spoke of|puts it|writes|"
          r"wrote|describes|described|told \w+|tells|announced|states|stated|uses|used|"
          r"statement says|statement speaks of|statement said|words|word))")
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


@dataclass(frozen=True)
class Quoted:
    """One phrase in quotation marks: where it stands and the words just before it."""

    where: str
    phrase: str
    before: str


def _fold(text: str) -> str:
    """Quotes and apostrophes made plain, white space single, case folded."""
    text = (text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
            .replace("—", "-").replace("–", "-"))
    return re.sub(r"\s+", " ", text).casefold()


def _curly(text: str) -> list[tuple[int, int]]:
    """(start, end) of every “...” stretch, nested ones too (the marks excluded)."""
    spans, stack = [], []
    for n, ch in enumerate(text):
        if ch == "“":
            stack.append(n)
        elif ch == "”" and stack:
            start = stack.pop()
            spans.append((start + 1, n))
    return sorted(spans)


def quoted_phrases(text: str, where: str) -> list[Quoted]:
    """Every phrase in quotation marks in ``text`` (markdown code spans left out)."""
    text = re.sub(r"```.*?```|`[^`\n]*`", " ", text, flags=re.S)
    found = []
    places = _curly(text) + [(m.start(g), m.end(g)) for m in QUOTED.finditer(text)
                             for g in range(2, 5) if m.group(g) is not None]
    for start, end in sorted(set(places)):
        before_at = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), 0)
        found.append(Quoted(where, text[start:end], text[before_at:start - 1]))
    return found


def verbatim(article: Article, phrase: str) -> bool:
    """Whether ``phrase`` is the article's words (parts joined by an ellipsis, in order)."""
    body = _fold(article.text)
    at = 0
    parts = [p.strip(" ,.;:!?\"'()") for p in ELLIPSIS.split(_fold(phrase))]
    parts = [p for p in parts if p]
    if not parts:
        return True  # only an ellipsis or punctuation
    for part in parts:
        found = body.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def allowed_phrases(article: Article) -> dict[str, dict]:
    """Folded phrase -> its entry in ``quoted.toml`` (phrase, kind, source)."""
    if not (article.folder / ALLOWED_FILE).is_file():
        return {}
    path, data = read_data_file(article, ALLOWED_FILE, "quoted.toml holds [[phrases]] "
                                "tables: phrase, kind (example, term or outside) and source.")
    out = {}
    for n, entry in enumerate(data.get("phrases", [])):
        if not isinstance(entry.get("phrase"), str) or entry.get("kind") not in KINDS or \
                not isinstance(entry.get("source"), str) or not entry["source"].strip():
            raise ValueError(f"{path}: phrases[{n}] needs 'phrase', 'kind' (one of "
                             f"{', '.join(KINDS)}) and 'source' (where the words come from)")
        out[_fold(entry["phrase"]).strip(" ,.;:!?")] = entry
    return out


def speakers(article: Article) -> dict[str, list[str]]:
    """Speaker name (as the key has it) -> the stretches the article puts inside quotation
    marks for that speaker (a direct quote whole; the quoted words of a mixed quote)."""
    from ..parts.attribution import attribution_key  # the parts load on first use

    out: dict[str, list[str]] = {}
    for row in attribution_key(article).itertuples():
        quoted = out.setdefault(row.source_name, [])
        content = str(row.content or "")
        if row.mode == "direct quote":
            quoted.append(content)
        elif row.mode in ("mixed", "scare quote"):
            marked = [m.group(1) for m in re.finditer(r"“([^”]+)”", content)]
            # a scare quote's content is the term itself, without its marks
            quoted += marked or ([content] if row.mode == "scare quote" else [])
    return out


def _aliases(article: Article) -> dict[str, str]:
    """Folded alias -> speaker name: the name, its last word for people, and the words the
    article uses to name the source (from the key)."""
    from ..parts.attribution import attribution_key

    out: dict[str, str] = {}
    for row in attribution_key(article).itertuples():
        name = str(row.source_name)
        if row.source_type == "the article itself":
            continue
        names = {name, re.sub(r"\s*\(.*?\)", "", name), str(row.source or "")}
        if row.source_type in ("official person", "expert or commentator",
                               "other named person or organisation"):
            names.add(name.split()[-1])
        for alias in names:
            alias = alias.strip()
            if len(alias) > 2:
                out[_fold(alias)] = name
    return out


def speaker_of(q: Quoted, aliases: dict[str, str]) -> str | None:
    """The speaker the text gives the quoted words to, if it does ("Song's '...'")."""
    before = _fold(q.before).rstrip(" :,")
    for alias in sorted(aliases, key=len, reverse=True):
        if re.search(re.escape(alias) + _fold(GIVING) + r"?$", before):
            return aliases[alias]
    return None


def own_answers(article: Article) -> set[str]:
    """The course's own answer texts (options, items, categories, candidate ids): quoting
    one of them in a hint or an explanation quotes the question, not the article."""
    from ..engine.questions import load_questions

    out = set()
    for q in load_questions(article).values():
        for text in (*q.options, *q.items, *q.categories, *(c.id for c in q.choices)):
            out.add(_fold(text).strip(" ,.;:!?"))
    return out


def problems(article: Article, texts: list[tuple[str, str]]) -> list[str]:
    """Every quoted phrase in ``texts`` ((where, text) pairs) that is neither the article's
    words nor listed with its source, or that is given to a speaker who did not say it."""
    allowed = allowed_phrases(article)
    answers = own_answers(article)
    quoted_by = speakers(article)
    aliases = _aliases(article)
    out = []
    for where, text in texts:
        for q in quoted_phrases(text, where):
            folded = _fold(q.phrase).strip(" ,.;:!?")
            if folded in allowed:
                continue
            if not verbatim(article, q.phrase):
                if folded in answers:
                    continue  # quoting the question's own option, not the article
                out.append(f"{where}: “{q.phrase}” is not the article's words; quote the "
                           f"article exactly, or list the phrase with its source in "
                           f"{ALLOWED_FILE}")
                continue
            speaker = speaker_of(q, aliases)
            if speaker is None:
                continue
            inside = [_fold(s) for s in quoted_by.get(speaker, [])]
            parts = [p.strip(" ,.;:!?\"'") for p in ELLIPSIS.split(folded) if p.strip()]
            if not all(any(p in s for s in inside) for p in parts):
                out.append(f"{where}: “{q.phrase}” is given to {speaker}, but the article "
                           f"does not quote {speaker} saying it (it paraphrases, or someone "
                           f"else says it); paraphrase it, or quote the article's own words "
                           f"without giving them to {speaker}")
    return out


def student_texts(article: Article, repo: Path) -> list[tuple[str, str]]:
    """(where, text) for every student-facing text: questions, key fields students see,
    lesson and exercise markdown, and the teacher guide."""
    import tomllib

    import nbformat

    texts: list[tuple[str, str]] = []

    def walk(where: str, value: object) -> None:
        if isinstance(value, str):
            texts.append((where, value))
        elif isinstance(value, list):
            for n, v in enumerate(value):
                walk(f"{where}[{n}]", v)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("evidence", "candidates", "notes", "id", "part", "type", "unit",
                             "paragraphs", "words"):
                    walk(f"{where}.{k}", v)

    for path in sorted((article.folder / "questions").glob("*.toml")):
        for q in tomllib.loads(path.read_text(encoding="utf-8")).get("questions", []):
            walk(f"questions/{path.name}: {q.get('id')}", q)
    shown = [(k.name, section, fields) for k in KEYS.values()  # the keys' student text
             for section, fields in k.student_text.items()]
    shown += [("teacher.toml", "rubrics", ("beginning", "developing", "proficient")),
              ("reference/sources.toml", "outlets", ("behind", "cited"))]
    for name, table, fields in shown:
        path = article.folder / name
        if not path.is_file():
            continue
        for n, entry in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))
                                  .get(table, [])):
            for field in fields:
                if isinstance(entry.get(field), str):
                    texts.append((f"{name}: {entry.get('id', entry.get('question', n))}"
                                  f".{field}", entry[field]))
    notebooks = sorted((repo / "notebooks").glob("[0-9][0-9]_*.ipynb")) + \
        sorted((repo / "exercises" / "source").glob("[0-9][0-9]_*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                texts.append((f"{path.relative_to(repo)}: cell {n}", cell.source))
    # the teacher guide: its template; its generated parts come from the texts above
    guide = repo / "docs" / "guide-template.md"
    if guide.is_file():
        for n, para in enumerate(guide.read_text(encoding="utf-8").split("\n\n")):
            texts.append((f"docs/guide-template.md: paragraph {n}", para))
    teacher = article.folder / "teacher.toml"
    if teacher.is_file():
        for n, entry in enumerate(tomllib.loads(teacher.read_text(encoding="utf-8"))
                                  .get("mistakes", [])):
            walk(f"teacher.toml: mistakes[{n}]", entry)
    return texts
