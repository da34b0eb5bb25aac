"""The article model: one news article loaded from its folder into paragraphs and sentences.

An article is a folder holding ``article.txt`` (the verbatim text, UTF-8, one paragraph
per line) and ``meta.json`` (title, outlet, publication date, language, and how each was
established). Every paragraph and sentence keeps character offsets into ``article.text``,
so that answer keys and highlights can point at exact spans.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from .files import SEEDS_DIR
from .keyfiles import validate as validate_key
from .plain import date_words

#: The folder holding the course's article folders.
#: The article a notebook gets when it names none (and COURSE_ARTICLE is not set).
DEFAULT_ARTICLE = "wion-2023-06-25-qin-rudenko"
#: Environment variable: the id (or folder) of the article the course uses by default.
ARTICLE_ENV = "COURSE_ARTICLE"
#: Environment variable: extra folders of article folders, searched before ``seeds/``
#: (separated like PATH), so a teacher's articles can live outside the repository.
ARTICLES_DIR_ENV = "COURSE_ARTICLES_DIR"

REQUIRED_META = ("title", "outlet", "published", "language", "established")
#: The fields whose provenance ``established`` must explain.
NOTED_META = ("title", "outlet", "published", "language")
PARAGRAPH_KINDS = ("body", "heading", "credit", "boilerplate")


class ArticleError(ValueError):
    """An article folder that cannot be loaded; the message names the file and the fix."""


@dataclass(frozen=True)
class Paragraph:
    """One line of the article file: an id (P1, P2, ...), its kind and its span."""

    id: str
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence: an id (S1, S2, ...), the paragraph it belongs to and its span."""

    id: str
    paragraph: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Provenance:
    """What is known about an article (title, outlet, date, language) and how it is known."""

    rows: tuple[tuple[str, str, str], ...]  # (field, value, how it was established)

    def to_html(self) -> str:
        """A three-column table: field, value, how we know it (all text HTML-escaped)."""
        esc = html.escape
        body = "".join(f"<tr><th style='text-align:left'>{esc(f)}</th><td style='text-align:left'>"
                       f"{esc(v)}</td><td style='text-align:left'>{esc(how)}</td></tr>"
                       for f, v, how in self.rows)
        return ("<table class='course-provenance'><thead><tr><th style='text-align:left'>"
                "Field</th><th style='text-align:left'>Value</th><th style='text-align:left'>"
                f"How we know it</th></tr></thead><tbody>{body}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return "\n".join(f"{f}: {v} ({how})" for f, v, how in self.rows)


@dataclass
class Article:
    """A loaded article: verbatim text, metadata, paragraphs and sentences with offsets."""

    id: str
    folder: Path
    meta: dict
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def published(self) -> dt.date:
        """The publication date, the anchor for relative time expressions."""
        return dt.date.fromisoformat(self.meta["published"])

    def provenance(self) -> Provenance:
        """The metadata with the note on how each field was established, for reading critically."""
        return Provenance(tuple((f, date_words(self.meta[f]) if f == "published"
                                 else str(self.meta[f]), str(self.meta["established"][f]))
                                for f in NOTED_META))

    def paragraph(self, pid: str) -> Paragraph:
        """The paragraph with id ``pid`` (e.g. ``"P3"``)."""
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KeyError(f"{self.id} has no paragraph {pid!r}; it has P1..P{len(self.paragraphs)}")

    def sentence(self, sid: str) -> Sentence:
        """The sentence with id ``sid`` (e.g. ``"S4"``)."""
        for s in self.sentences:
            if s.id == sid:
                return s
        raise KeyError(f"{self.id} has no sentence {sid!r}; it has S1..S{len(self.sentences)}")

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing character ``offset``, or None between paragraphs."""
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset``, or None between sentences."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def find(self, phrase: str, occurrence: int = 1) -> tuple[int, int]:
        """Offsets of the ``occurrence``-th exact match of ``phrase``; KeyError if absent."""
        start = -1
        for _ in range(occurrence):
            start = self.text.find(phrase, start + 1)
            if start < 0:
                raise KeyError(f"{phrase!r} (occurrence {occurrence}) is not in article {self.id}")
        return start, start + len(phrase)

    @property
    def body(self) -> list[Paragraph]:
        """The paragraphs that carry the story (no headings, credit or boilerplate)."""
        return [p for p in self.paragraphs if p.kind == "body"]

    def to_frame(self) -> pd.DataFrame:
        """The sentences as a DataFrame: id, paragraph, kind, start, end, text."""
        kinds = {p.id: p.kind for p in self.paragraphs}
        return pd.DataFrame(
            [
                {"id": s.id, "paragraph": s.paragraph, "kind": kinds[s.paragraph],
                 "start": s.start, "end": s.end, "text": s.text}
                for s in self.sentences
            ],
            columns=["id", "paragraph", "kind", "start", "end", "text"],
        )

    def paragraphs_frame(self) -> pd.DataFrame:
        """The paragraphs as a DataFrame: id, kind, start, end, text."""
        return pd.DataFrame([vars(p) for p in self.paragraphs],
                            columns=["id", "kind", "start", "end", "text"])

    def to_html(self) -> str:
        """The article as HTML: headline block, numbered paragraphs, headings as headings."""
        esc = html.escape
        m = self.meta
        parts = [
            '<div class="course-article" style="max-width:46em;line-height:1.5">',
            f'<p style="margin:0;color:#444"><b>{esc(m["outlet"])}</b> · '
            f'{esc(date_words(m["published"]))} · article <code>{esc(self.id)}</code></p>',
            f'<h3 style="margin-top:0.3em">{esc(m["title"])}</h3>',
        ]
        for p in self.paragraphs:
            label = f'<span style="color:#666;font-size:0.85em">[{p.id}]</span> '
            if p.kind == "heading":
                parts.append(f'<h4 style="margin-bottom:0.2em">{label}{esc(p.text)}</h4>')
            elif p.kind in ("credit", "boilerplate"):
                parts.append(f'<p style="color:#555;font-style:italic">{label}{esc(p.text)} '
                             f'<span style="font-size:0.85em">({p.kind})</span></p>')
            else:
                parts.append(f"<p>{label}{esc(p.text)}</p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return (f"Article({self.id!r}: {len(self.paragraphs)} paragraphs, "
                f"{len(self.sentences)} sentences)")


# ---------------------------------------------------------------- paragraphs

_CREDIT = re.compile(
    r"^\(?\s*(with (additional )?inputs? from|additional reporting|reporting by|"
    r"edited by|written by|compiled by|with agency inputs)\b.*\)?$", re.I)
_BOILERPLATE = re.compile(
    r"\b(you can now write for|share your stories|subscribe to|follow us on|"
    r"sign up for|click here|download the .* app|also read:|read more:)", re.I)
_END_PUNCT = tuple(".!:;,”\"’')…")


def classify_paragraph(text: str, is_first: bool, is_last: bool) -> str:
    """Guess a paragraph's kind from its shape; ``meta.json`` may override the guess."""
    stripped = text.strip()
    if _CREDIT.match(stripped):
        return "credit"
    if _BOILERPLATE.search(stripped):
        return "boilerplate"
    words = stripped.split()
    short = len(words) <= 12
    if not is_first and not is_last and short and (
            stripped.endswith("?") or not stripped.endswith(_END_PUNCT)):
        return "heading"
    return "body"


def split_paragraphs(text: str, overrides: dict[str, str] | None = None) -> list[Paragraph]:
    """Each non-blank line is a paragraph; ids count them from P1 in order."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    spans = [(a + len(text[a:b]) - len(text[a:b].lstrip()),
              b - (len(text[a:b]) - len(text[a:b].rstrip()))) for a, b in spans]
    spans = [(a, b) for a, b in spans if b > a]
    overrides = overrides or {}
    result = []
    for i, (a, b) in enumerate(spans):
        pid = f"P{i + 1}"
        kind = overrides.get(pid) or classify_paragraph(text[a:b], i == 0, i == len(spans) - 1)
        result.append(Paragraph(pid, kind, a, b, text[a:b]))
    return result


# ----------------------------------------------------------------- sentences

#: Words that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm maj gov sen rep rev hon pres
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
no nos vs etc e.g i.e approx est dept inc ltd co corp bros fig ca cf al
""".split())
#: Abbreviations that are also ordinary words ("he sat.", "said no."): they count only
#: when capitalised ("Sat.", "Fig."), and "No."/"Nos." only before a number ("No. 10").
AMBIGUOUS = frozenset({"no", "nos", "sat", "sun", "wed", "mar", "fig", "est", "co", "al"})

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+)")
_OPENERS = "\"“‘'([" 


def _is_abbreviation(before: str, after: str = "") -> bool:
    """True when the word ending just before a full stop is an abbreviation or initial."""
    m = re.search(r"(\S+)$", before)
    if not m:
        return False
    word = m.group(1).lstrip(_OPENERS)
    core = word.lower().rstrip(".")
    if core in AMBIGUOUS:
        if not word[:1].isupper():
            return False
        return after[:1].isdigit() if core in ("no", "nos") else True
    if core in ABBREVIATIONS:
        return True
    if re.fullmatch(r"[A-Z]", word):  # an initial: "J. Smith"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # "U.S", "U.K", "e.g"
        return True
    return False


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, keeping closing quotes with their sentence."""
    spans = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        punct_end = m.end()
        following = text[punct_end:end].lstrip()
        if not following:
            break
        nxt = following[0]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue  # "…Russia,” said the ministry" or "3.5 per cent": not a boundary
        if text[m.start()] == "." and m.group().startswith(".") and len(m.group().rstrip("\"”’')]")) == 1:
            if _is_abbreviation(text[cursor:m.start()], following):
                continue
        spans.append((cursor, punct_end))
        cursor = punct_end + (len(text[punct_end:end]) - len(following))
    if cursor < end:
        spans.append((cursor, end))
    return spans


# -------------------------------------------------------------------- loading

#: Largest article.txt read (bytes): a long feature is ~100 KB; more is not an article.
MAX_TEXT_BYTES = 2_000_000
#: Largest meta.json or TOML data file read (bytes); the seed's largest is ~60 KB.
MAX_DATA_BYTES = 5_000_000


def check_readable(path: Path, limit: int, what: str,
                   error: type[Exception] = ArticleError) -> None:
    """Fail with ``error`` when ``path`` is a folder or larger than ``limit`` bytes, before
    reading it, so a wrong or huge file gives a clear message instead of a long wait."""
    if path.is_dir():
        raise error(f"{path}: this is a folder, but it should be a file. {what}")
    size = path.stat().st_size if path.is_file() else 0
    if size > limit:
        raise error(f"{path}: {size / 1e6:.1f} MB is too large (at most {limit / 1e6:.0f} MB). "
                    f"Is this the right file? {what}")


def _read_text(path: Path) -> str:
    """The verbatim article text, or ArticleError saying how to re-save the file."""
    check_readable(path, MAX_TEXT_BYTES, "article.txt holds one article's text, one "
                   "paragraph per line, as UTF-8 plain text.")
    if not path.is_file():
        raise ArticleError(f"{path}: the article text is missing. Put the article, one paragraph "
                           "per line, in a UTF-8 text file named article.txt in this folder.")
    return decode_article_text(path, path.read_bytes())


def decode_article_text(path: Path, raw: bytes,
                        error: type[ValueError] = ArticleError) -> str:
    """An article's bytes as text, or ``error`` saying how to re-save the file (UTF-16, a
    binary file, not UTF-8, empty). Shared by the loader and ``python -m course new-article``."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error(f"{path}: saved as UTF-16. Re-save it as UTF-8 plain text (in a "
                    "text editor: 'Save as…', encoding UTF-8), one paragraph per line.")
    if b"\x00" in raw:
        raise error(f"{path}: this looks like a binary file (a Word or PDF file?), not text. "
                    "Save the article as plain text (UTF-8), one paragraph per line.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise error(f"{path}: not valid UTF-8 (byte {err.start}). Re-save the file as "
                    "UTF-8 plain text, e.g. in a text editor's 'Save as… UTF-8'.") from None
    if not text.strip():
        raise error(f"{path}: the file is empty. Paste the article's text into it, "
                    "one paragraph per line.")
    return text


def _read_meta(path: Path) -> dict:
    """The validated metadata, or ArticleError naming the field and how to write it."""
    example = ('{"title": "...", "outlet": "...", "published": "2023-06-25", '
               '"language": "en", "established": {"title": "...", ...}}')
    check_readable(path, MAX_DATA_BYTES, f"meta.json holds one small JSON object, like: {example}")
    if not path.is_file():
        raise ArticleError(f"{path}: meta.json is missing. Create it beside article.txt with "
                           f"the article's metadata, for example: {example}")
    try:  # utf-8-sig: Windows Notepad starts UTF-8 files with a byte-order mark
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as err:
        raise ArticleError(f"{path}: not valid UTF-8 (byte {err.start}). Re-save it as UTF-8 "
                           f"plain text; it should look like: {example}") from None
    except json.JSONDecodeError as err:
        raise ArticleError(f"{path}: not valid JSON ({err}). Fix the syntax; it should look "
                           f"like: {example}") from None
    except RecursionError:
        raise ArticleError(f"{path}: nested too deeply to be article metadata. It should be "
                           f"one flat object, like: {example}") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{path}: must hold one JSON object, like: {example}")
    missing = [k for k in REQUIRED_META
               if not meta.get(k) or (isinstance(meta[k], str) and not meta[k].strip())]
    if missing:
        raise ArticleError(f"{path}: missing or empty field(s) {', '.join(missing)}. Add them; "
                           f"every article needs {', '.join(REQUIRED_META)}.")
    try:
        if not isinstance(meta["published"], str):
            raise ValueError
        dt.date.fromisoformat(meta["published"])
    except ValueError:
        raise ArticleError(f"{path}: 'published' is {meta['published']!r}, which is not a real "
                           "date in ISO form. Write it as YYYY-MM-DD, e.g. 2023-06-25.") from None
    wrong = [k for k in ("title", "outlet", "language") if not isinstance(meta[k], str)]
    if wrong:
        raise ArticleError(f"{path}: {', '.join(wrong)} must be text in quotes, e.g. "
                           f"\"title\": \"...\"; got {', '.join(repr(meta[k])[:60] for k in wrong)}.")
    if not isinstance(meta["established"], dict):
        raise ArticleError(f"{path}: 'established' must be an object saying, for each field, "
                           "how it was established (e.g. {\"published\": \"stated in the URL\"}).")
    unexplained = [k for k in NOTED_META if not str(meta["established"].get(k, "")).strip()]
    if unexplained:
        raise ArticleError(f"{path}: 'established' says nothing about {', '.join(unexplained)}. "
                           "Add a short note for each: stated in the text, or inferred and "
                           "from what.")
    kinds = meta.get("paragraph_kinds", {})
    if not isinstance(kinds, dict) or any(v not in PARAGRAPH_KINDS for v in kinds.values()):
        raise ArticleError(f"{path}: 'paragraph_kinds' must map paragraph ids to one of "
                           f"{', '.join(PARAGRAPH_KINDS)}, e.g. {{\"P2\": \"heading\"}}.")
    return meta


def read_data_file(article: "Article", name: str, what: str,
                   error: type[Exception] = ArticleError) -> tuple[Path, dict]:
    """Parse the TOML data file ``name`` of an article folder (answer keys, checklists...).

    One reader for every part, so that a missing or broken file always gives an ``error``
    naming the file and the fix; ``what`` says what the file should hold.
    """
    path = article.folder / name
    data = read_toml(path, what, error)
    validate_key(path, data, error)  # an answer key: checked against its schema
    for table, kind in DATA_SHAPES.get(name, {}).items():
        value = data.get(table)
        if value is None:
            continue
        if kind == "tables" and not (isinstance(value, list) and
                                     all(isinstance(v, dict) for v in value)):
            raise error(f"{path}: '{table}' must be written as [[{table}]] tables (one per "
                        f"entry), not as {type(value).__name__}. {what}")
        if kind == "table" and not isinstance(value, dict):
            raise error(f"{path}: '{table}' must be written as a [{table}] table, not as "
                        f"{type(value).__name__}. {what}")
    return path, data


#: What the top-level keys of the other data files must be: arrays of tables ("tables")
#: or one table ("table"), checked on reading so that a wrong type names the file. (The
#: answer keys have a whole schema each: course/text/keyfiles.py.)
DATA_SHAPES: dict[str, dict[str, str]] = {
    "checklist.toml": {"items": "tables"},
    "teacher.toml": {"mistakes": "tables", "rubrics": "tables"},
    "quoted.toml": {"phrases": "tables"},
}


def read_toml(path: Path, what: str, error: type[Exception] = ArticleError) -> dict:
    """Parse one TOML file; a missing, huge, undecodable or broken file raises ``error``
    naming the file and what it should hold (``what``)."""
    check_readable(path, MAX_DATA_BYTES, what, error)
    if not path.is_file():
        raise error(f"{path}: missing. {what}")
    try:  # utf-8-sig: Windows Notepad starts UTF-8 files with a byte-order mark
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as err:
        raise error(f"{path}: not valid UTF-8 (byte {err.start}). Re-save it as UTF-8 plain "
                    f"text; {what[0].lower()}{what[1:]}") from None
    except tomllib.TOMLDecodeError as err:
        raise error(f"{path}: not valid TOML ({err}). Fix the syntax at that line; "
                    f"{what[0].lower()}{what[1:]}") from None
    except RecursionError:
        raise error(f"{path}: nested too deeply (arrays or tables inside each other "
                    f"thousands of times). {what}") from None


def article_dirs() -> list[Path]:
    """Where article ids are looked up: $COURSE_ARTICLES_DIR's folders, then ``seeds/``."""
    extra = [Path(p) for p in os.environ.get(ARTICLES_DIR_ENV, "").split(os.pathsep) if p]
    return [*extra, SEEDS_DIR]


def default_article_id() -> str:
    """The article the course uses when a call names none: $COURSE_ARTICLE, else the seed."""
    return os.environ.get(ARTICLE_ENV, "").strip() or DEFAULT_ARTICLE


def resolve_folder(source: str | Path | None) -> Path:
    """The folder of an article given by id (under ``seeds/`` or $COURSE_ARTICLES_DIR), by
    path, or None for the default article (``default_article_id``)."""
    if source is None:
        source = default_article_id()
    path = Path(source)
    if not path.is_absolute() and not path.exists():
        for base in article_dirs():
            if (base / path).exists():
                path = base / path
                break
    if path.is_file():
        raise ArticleError(f"{path}: this is a file, not an article folder. Give the folder "
                           f"that holds article.txt and meta.json (here: {path.parent}).")
    if not path.is_dir():
        known = ", ".join(sorted(p.name for base in article_dirs() if base.is_dir()
                                 for p in base.iterdir() if p.is_dir())) or "none"
        looked = str(path.resolve()) if path.is_absolute() else \
            " or ".join([str(path.resolve()), *(str(b / path) for b in article_dirs())])
        raise ArticleError(f"{path}: no such article folder (looked for {looked}). Give an "
                           f"article id under seeds/ (known: {known}) or the path of a folder "
                           "holding article.txt and meta.json; if it comes from "
                           f"${ARTICLE_ENV}, fix or unset that variable.")
    return path.resolve()


_CACHE: dict[tuple[Path, float, float], Article] = {}


def load_article(source: str | Path | Article | None = None) -> Article:
    """Load an article folder: an id (under $COURSE_ARTICLES_DIR or ``seeds/``), a path, or
    None for the default article ($COURSE_ARTICLE, else the course's seed)."""
    if isinstance(source, Article):
        return source
    folder = resolve_folder(source)
    text_path, meta_path = folder / "article.txt", folder / "meta.json"
    key = (folder, text_path.stat().st_mtime if text_path.exists() else 0,
           meta_path.stat().st_mtime if meta_path.exists() else 0)
    if key in _CACHE:
        return _CACHE[key]
    text = _read_text(text_path)
    meta = _read_meta(meta_path)
    paragraphs = split_paragraphs(text, meta.get("paragraph_kinds"))
    unknown = sorted(set(meta.get("paragraph_kinds", {})) - {p.id for p in paragraphs})
    if unknown:
        raise ArticleError(f"{meta_path}: 'paragraph_kinds' names {', '.join(unknown)}, but "
                           f"article.txt has only P1..P{len(paragraphs)}. Fix the ids (one "
                           "paragraph per non-empty line, counted from P1).")
    sentences = []
    for p in paragraphs:
        for a, b in split_sentences(text, p.start, p.end):
            sentences.append(Sentence(f"S{len(sentences) + 1}", p.id, a, b, text[a:b]))
    article = Article(folder.name, folder, meta, text, paragraphs, sentences)
    _CACHE[key] = article
    return article


def iter_articles() -> Iterator[Article]:
    """Every article folder under $COURSE_ARTICLES_DIR's folders and ``seeds/``."""
    for base in article_dirs():
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            if (folder / "article.txt").exists():
                yield load_article(folder)
