"""Bring your own article, step 2: draft every answer key from the course's extractors.

``python -m course draft-key <article-id>`` writes ``attribution.draft.toml``,
``chronology.draft.toml``, ``contrast.draft.toml`` and ``naming.draft.toml`` beside the
article, each in exactly the schema of the reviewed file of the same name (so the real
loaders accept it once renamed), with ``draft = true`` on top, ``review = "draft"`` and a
``check`` (what to check; never saved) on every entry, plus
``questions/90_from_key.draft.toml``. A teacher reviews the drafts in
``notebooks/teacher_review.ipynb``; reviewed files are never touched here.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..text.article import Article, load_article
from ..parts.chronology import find_hedges, find_signals
from ..text.files import atomic_write
from ..text.keyfiles import DIFFERENCES, KEY_FILES, KEYS, draft_name
from ..text.missing import PLACEHOLDER
from ..text.spans import SpanError, check_span, make_span
from ..text.tomlwrite import dumps

#: The reviewed key files, in the order a teacher reviews them.
DRAFT_MARK = "draft"  # the value of ``review`` on every machine-made entry
#: ``check`` on every machine-made entry: what the teacher should check (dropped on save, so
#: students only see the entry's own fields, which hold what the rules found and why).
CHECK = "check"

#: The attribution vocabulary of the drafts: the seed key's lists, plus the channels the
#: extractor's rules can name (course/parts/attribution_rules.py CHANNEL_RULES).
VOCABULARY = {
    "source_type": ["government or ministry", "official person", "state media", "news agency",
                    "expert or commentator", "members of the public or social media",
                    "other named person or organisation", "unnamed or vague",
                    "the article itself"],
    "mode": ["direct quote", "indirect speech", "mixed", "scare quote", "own voice",
             "credit line"],
    "named": ["named", "vague", "none"],
    "channel": ["website statement", "statement released", "told a news agency",
                "news agency report", "state media report", "announcement",
                "social media post", "news reports", "press conference", "interview",
                "public speech", "credit line", "not stated",
                "none (the article's own voice)"],
}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
STOPWORDS = set("""
a about above after again against all also although am an and any are as at be because been
before being below between both but by can could did do does doing down during each even
ever every few for from further had has have having he her here hers him his how however i
if in into is it its itself just last later least less like made make many may me might more
most much must my never new no nor not now of off on once one only or other our out over own
per said same say says she should since so some such than that the their them then there
these they this those though through to too told under until up upon us very was we were
what when where which while who whom whose why will with within would year years yet you
your also still already asked added according told reported stated noted
""".split())


def header(name: str, article: Article, what: str) -> str:
    """The comment heading every draft file."""
    return (f"DRAFT {draft_name(name)} for article {article.id}: MACHINE-MADE by "
            f"`python -m course draft-key {article.id}`.\n"
            f"{what}\n"
            "Every entry is a guess of the course's rules and must be reviewed (accepted, "
            "edited or rejected)\nin notebooks/teacher_review.ipynb, which writes the "
            f"reviewed {name}. Same schema as {name}; draft = true and\n"
            "review = \"draft\" mark what nobody has checked yet; 'check' says what to check "
            "and is\nnot saved. Fields that say 'to review' need the teacher's words. Spans "
            "were made with course.make_span.")


# ------------------------------------------------------------------ spans

def span(article: Article, start: int, end: int) -> dict:
    """The ``make_span`` span of ``article.text[start:end]`` (the right occurrence of the
    phrase), checked to point at exactly those offsets."""
    phrase = article.text[start:end]
    occurrence, pos = 0, -1
    while pos < start:
        pos = article.text.find(phrase, pos + 1)
        occurrence += 1
        if pos < 0:  # cannot happen: the phrase is in the text at ``start``
            raise SpanError(f"{phrase!r} not found at {start}")
    made = make_span(article, phrase, occurrence)
    if (made["start"], made["end"]) != (start, end):
        raise SpanError(f"make_span gave {made['start']}-{made['end']}, not {start}-{end}")
    check_span(article, made, "draft span")
    return made


def _trimmed(article: Article, start: int, end: int) -> tuple[int, int]:
    """Offsets without outer spaces and without a trailing comma or full stop."""
    text = article.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


# ------------------------------------------------------------------ attribution

def _source_name(text: str) -> str:
    """The speaker's name as the key writes it: the source words without a leading 'the'."""
    return re.sub(r"^(?:the|The)\s+", "", text.strip()) or text.strip()


def _named(source_type: str) -> str:
    if source_type == "the article itself":
        return "none"
    if source_type in ("unnamed or vague", "members of the public or social media"):
        return "vague"
    return "named"


def draft_attribution(article: Article) -> dict:
    """Attribution entries from ``course.extract_attributions``, with guessed names and types."""
    from ..parts.attribution import extract_attributions
    found = extract_attributions(article)
    entries, per_paragraph = [], Counter()
    last_named: tuple[str, str, str] | None = None  # name, type, named
    for row in found.itertuples(index=False):
        spans = {}
        for name in ("source", "cue", "content"):
            a, b = getattr(row, f"{name}_start"), getattr(row, f"{name}_end")
            if pd.isna(a) or pd.isna(b) or int(b) <= int(a):
                continue
            a, b = _trimmed(article, int(a), int(b))
            try:
                spans[name] = span(article, a, b)
            except SpanError:
                continue
        if "content" not in spans:
            continue
        source_text = str(row.source or "").strip()
        source_type = row.source_type if row.source_type in VOCABULARY["source_type"] \
            else "unnamed or vague"
        notes, checks = [], [f"Found by the rule '{row.rule}'."]
        if source_text.lower() in PRONOUNS and last_named:
            name, source_type, named = last_named
            notes.append(f"'{source_text}' is {name}, the nearest named speaker before it.")
            checks.append(f"Check that '{source_text}' is {name}.")
        elif source_text:
            name, named = _source_name(source_text), _named(source_type)
            if source_text.lower() not in PRONOUNS:
                last_named = (name, source_type, named)
        else:
            name, named = "not stated in the sentence", "vague"
            checks.append("No speaker found: name the source, or reject the entry.")
        mode = row.mode if row.mode in VOCABULARY["mode"] else "indirect speech"
        channel = row.channel if row.channel in VOCABULARY["channel"] else "not stated"
        per_paragraph[row.paragraph] += 1
        entry = {"id": f"{row.paragraph.lower()}-{per_paragraph[row.paragraph]}",
                 "paragraph": row.paragraph, "sentence": row.sentence or "",
                 "source_name": name, "source_type": source_type, "named": named,
                 "mode": mode, "channel": channel, "via": "",
                 "note": " ".join(notes), **spans, "review": DRAFT_MARK,
                 CHECK: " ".join(checks + ["Check the source type, mode and channel."])}
        entries.append(entry)
    return {"draft": True, "vocabulary": VOCABULARY, "entries": entries}


# ------------------------------------------------------------------ chronology

_NAMES_DAY = re.compile(r"\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                        r"january|february|march|april|may|june|july|august|september|"
                        r"october|november|december", re.I)


def _label(sentence: str, expression: str, used: set[str]) -> str:
    words = sentence.split()
    short = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    label = f"{short} ({expression})"
    n = 2
    while label.casefold() in used:
        label, n = f"{short} ({expression}, {n})", n + 1
    used.add(label.casefold())
    return label


def draft_chronology(article: Article) -> dict:
    """Time expressions from the rules, ordering signals, hedges, and a first timeline: one
    event per sentence and resolved date, dated by that expression."""
    from ..parts.timex import date_range, extract_time_expressions
    found = extract_time_expressions(article)
    kinds = {p.id: p.kind for p in article.paragraphs}
    expressions, events, labels, seen = [], [], set(), set()
    for i, row in enumerate(found.itertuples(index=False), 1):
        try:
            s = span(article, int(row.start), int(row.end))
        except SpanError:
            continue
        expressions.append({"id": f"t{i}", "span": s, "type": row.type, "value": row.value,
                            "reasoning": f"'{row.text}': {row.resolution}.",
                            "review": DRAFT_MARK,
                            CHECK: f"Found by the rule '{row.rule}'. Check the value."})
        days = date_range(str(row.value)) if row.type == "DATE" else None
        sent = article.sentence(row.sentence) if row.sentence else None
        if not days or sent is None or kinds.get(sent.paragraph) != "body" or \
                (sent.id, row.value) in seen:
            continue
        seen.add((sent.id, row.value))
        lo, hi = days
        exact = lo == hi
        certainty = ("stated" if _NAMES_DAY.search(row.text) else "inferred") if exact \
            else "undated-range"
        text = sent.text.strip()
        events.append({
            "id": f"e{len(events) + 1}",
            "event": text if len(text) <= 160 else text[:159].rsplit(" ", 1)[0] + "…",
            "label": _label(text, row.text, labels),
            "evidence": span(article, *_trimmed(article, sent.start, sent.end)),
            "earliest": lo.isoformat(), "latest": hi.isoformat(), "certainty": certainty,
            "story_position": len(events) + 1,
            "reasoning": f"The sentence says '{row.text}': {row.resolution}.",
            "review": DRAFT_MARK,
            CHECK: (f"'{row.text}' was read as {row.value}. Check that this is when the "
                    "sentence's event happened, and rewrite 'event' and 'label' as a short "
                    "description.")})
    signals = [{"id": f"s{i}", "span": span(article, int(r.start), int(r.end)),
                "meaning": r.meaning, "reasoning": f"'{r.text}' usually means '{r.meaning}'.",
                "review": DRAFT_MARK, CHECK: "Check that it orders events here."}
               for i, r in enumerate(find_signals(article).itertuples(index=False), 1)]
    hedges = [{"id": f"h{i}", "span": span(article, int(r.start), int(r.end)),
               "reasoning": f"'{r.text}' may admit doubt.", "review": DRAFT_MARK,
               CHECK: "Check that it admits doubt here."}
              for i, r in enumerate(find_hedges(article).itertuples(index=False), 1)]
    return {"draft": True,
            "article": {"id": article.id, "published": article.meta["published"],
                        "year_note": "From meta.json (given by the teacher); relative "
                                     "expressions were resolved against this date."},
            "expressions": expressions, "signals": signals, "hedges": hedges,
            "events": events}


# ------------------------------------------------------------------ part 2

def _words(text: str) -> set[str]:
    """Content words of a statement, lower-cased (for finding shared topics)."""
    return {w for w in re.findall(r"[a-z][a-z'-]{2,}", text.lower()) if w not in STOPWORDS}


def statements(article: Article, attribution: dict) -> list[dict]:
    """Every attributed content span, plus each body sentence with no attribution (the
    article's own voice), as contrast statements ``{source, paragraph, start, end, text}``."""
    out, covered = [], set()
    for e in attribution["entries"]:
        c = e["content"]
        out.append({"source": e["source_name"], **c})
        covered.add(e.get("sentence"))
    for s in article.sentences:
        para = article.paragraph(s.paragraph)
        if para.kind != "body" or s.id in covered:
            continue
        a, b = _trimmed(article, s.start, s.end)
        if a < b:  # a "sentence" of punctuation only (":") has no words to compare
            out.append({"source": "the article (own voice)", **span(article, a, b)})
    return out


def draft_contrast(article: Article, attribution: dict, limit: int = 8) -> dict:
    """Candidate pairs: statements by different sources that share content words."""
    pool = statements(article, attribution)
    scored = []
    for i, a in enumerate(pool):
        for b in pool[i + 1:]:
            if a["source"] == b["source"] or a["start"] < b["end"] and b["start"] < a["end"]:
                continue
            shared = sorted(_words(a["text"]) & _words(b["text"]))
            if len(shared) >= 2:
                scored.append((len(shared), a["start"], a, b, shared))
    scored.sort(key=lambda t: (-t[0], t[1]))
    pairs, used = [], Counter()
    for _, _, a, b, shared in scored:
        if used[a["start"]] >= 2 or used[b["start"]] >= 2:
            continue  # no statement in more than two candidate pairs
        used[a["start"]] += 1
        used[b["start"]] += 1
        pairs.append({"id": f"pair-{len(pairs) + 1}",
                      "matter": f"both statements mention {', '.join(shared[:4])}",
                      "differs": ["content"],
                      "explanation": PLACEHOLDER,
                      "a": a, "b": b, "review": DRAFT_MARK,
                      CHECK: (f"{a['source']} and {b['source']} both speak of "
                              f"{', '.join(shared[:4])}. Write what differs (content, "
                              "certainty, framing or who speaks for whom) in 'explanation', "
                              "name the matter, check both sources, or reject.")})
        if len(pairs) >= limit:
            break
    assert all(d in DIFFERENCES for p in pairs for d in p["differs"])
    return {"draft": True, "pairs": pairs}


_DETERMINERS = r"(?:the|a|an|this|that|these|those|its|their|his|her|our|such)"
#: An optional word between the determiner and the noun (not a preposition or a verb "be").
_MIDDLE = (r"(?:(?!(?:to|of|and|or|is|was|are|were|for|in|on|at|by|with|from|be|as)\b)"
           r"[A-Za-z-]+\s+)?")


def topic_words(article: Article, n: int = 2) -> list[str]:
    """The most frequent lower-case content words of the body (what the story is about)."""
    counts: Counter = Counter()
    for p in article.body:
        for w in re.findall(r"\b[a-z][a-z-]{2,}\b", p.text):
            if w not in STOPWORDS:
                counts[w] += 1
    return [w for w, c in counts.most_common(n) if c >= 3]


def _how(mode: str) -> str:
    return {"direct quote": "direct quote", "mixed": "quoted word", "scare quote": "quoted word",
            "indirect speech": "reported speech"}.get(mode, "the article's own words")


def draft_naming(article: Article, attribution: dict, limit: int = 16) -> dict:
    """Candidate naming expressions: short noun phrases (a determiner, at most one more
    word, then the word) around the story's most frequent words, each with whose words
    they are (the source whose content holds it, else the article's own voice)."""
    names = []
    for term in topic_words(article):
        pattern = re.compile(rf"\b{_DETERMINERS}\s+{_MIDDLE}{re.escape(term)}s?\b", re.I)
        for p in article.body:
            for m in pattern.finditer(article.text, p.start, p.end):
                a, b = m.start(), m.end()
                voice, how = "the article (own voice)", "the article's own words"
                for e in attribution["entries"]:
                    c = e["content"]
                    if c["start"] <= a and b <= c["end"]:
                        voice, how = e["source_name"], _how(e["mode"])
                        break
                names.append({"expression": article.text[a:b], "voice": voice, "how": how,
                              "term": term, "connotation": PLACEHOLDER, "note": "",
                              "span": span(article, a, b), "review": DRAFT_MARK,
                              CHECK: f"Found around the frequent word '{term}'. Check whose "
                                     "words these are and write what they suggest "
                                     "('connotation')."})
    names.sort(key=lambda n: n["span"]["start"])
    return {"draft": True, "names": names[:limit]}


# ------------------------------------------------------------------ writing

@dataclass
class DraftReport:
    """What ``draft_key`` wrote, with a count per file and notes on anything left out."""

    article_id: str
    written: list[str] = field(default_factory=list)  # file names relative to the folder
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"drafted the answer keys of {self.article_id}:"]
        lines += [f"  {name}: {self.counts.get(name, 0)} entries" for name in self.written]
        lines += [f"  note: {n}" for n in self.notes]
        lines.append("next: review them in notebooks/teacher_review.ipynb "
                     f"(COURSE_ARTICLE={self.article_id})")
        return "\n".join(lines)


class DraftError(ValueError):
    """Drafting refused (drafts exist and --force was not given); the message says why."""


DRAFT_WHAT = {name: k.draft_what for name, k in KEYS.items()}


def draft_key(article: Article | str | Path | None, force: bool = False) -> DraftReport:
    """Write the four draft keys and the draft key questions into the article's folder."""
    from .keyquestions import QUESTIONS_DRAFT, QUESTIONS_FILE, write_questions
    art = load_article(article)
    targets = [art.folder / draft_name(n) for n in KEY_FILES] + [art.folder / QUESTIONS_DRAFT]
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise DraftError(f"{', '.join(p.relative_to(art.folder).as_posix() for p in existing)}"
                         f" already exist in {art.id}; drafts are not overwritten. Review "
                         "them in notebooks/teacher_review.ipynb, or run again with --force "
                         "to replace the drafts (reviewed files are never touched).")
    attribution = draft_attribution(art)
    data = {"attribution.toml": attribution, "chronology.toml": draft_chronology(art),
            "contrast.toml": draft_contrast(art, attribution),
            "naming.toml": draft_naming(art, attribution)}
    report = DraftReport(art.id)
    for name, content in data.items():
        path = art.folder / draft_name(name)
        _write(path, dumps(content, header(name, art, DRAFT_WHAT[name])))
        report.written.append(path.name)
        table = KEYS[name].sections[-1]  # the entries the draft proposes (a timeline's events)
        report.counts[path.name] = len(content[table])
        if not content[table]:
            report.notes.append(f"{path.name} has no {table}: the rules found nothing to "
                                "propose; write entries by hand if this part should run.")
    if (art.folder / QUESTIONS_FILE).exists():
        # The engine loads every questions/*.toml: draft questions beside the reviewed ones
        # would repeat their ids and stop the article's questions from loading.
        report.notes.append(f"{QUESTIONS_DRAFT} not written: {QUESTIONS_FILE} (from the "
                            "reviewed key) exists and has the same question ids; saving the "
                            "review makes it again.")
        return report
    made, skipped = write_questions(art, draft=True)
    report.written.append(QUESTIONS_DRAFT)
    report.counts[QUESTIONS_DRAFT] = made
    report.notes += [f"question {qid} left out: {why}" for qid, why in skipped]
    return report


def _write(path: Path, text: str) -> None:
    """Write a file whole, atomically (the course's one writer)."""
    atomic_write(path, text)
