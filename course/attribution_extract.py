"""A rule-based attribution extractor: who said what, found with the word lists of
``attribution_rules`` so that every row can be explained by one readable rule.

It reads one sentence at a time, looks for reporting words ("said", "according to",
"reportedly", a credit line) and for quotation marks, and decides for each cue where
the speaker and the reported words are. It is deliberately simple: the notebook
compares it with the hand-made answer key to show what a machine misses, and why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from . import attribution_rules as R
from .article import Article, Sentence

COLUMNS = ["paragraph", "sentence", "source", "source_start", "source_end", "cue",
           "cue_start", "cue_end", "content", "content_start", "content_end", "mode",
           "channel", "source_type", "rule"]

#: What each rule name in the ``rule`` column means, in words a student can read.
RULES_EXPLAINED: dict[str, str] = {
    "quote, said X": "a quotation followed by a reporting verb and then the speaker",
    "quote, X said": "a quotation followed by the speaker and a reporting verb",
    "X \u201csaid ...\u201d": "a quotation that starts with a reporting verb; the speaker "
                              "stands just before it",
    "X said, content after": "speaker, reporting verb, then what was said",
    "content, X said": "what was said, then the speaker and a verb at the end of the sentence",
    "content, said X": "what was said, then a verb and the speaker at the end of the sentence",
    "according to X": "a phrase such as 'according to', 'as per', 'as quoted by' before the source",
    "reportedly": "an adverb that attributes without naming anyone",
    "credit line": "a line crediting agencies or reporters",
    "quoted X as saying": "'quoted X as saying': X is the speaker, the subject the channel",
    "carried-over speaker": "a quotation with no speaker in its sentence: the last quoted "
                            "speaker is assumed",
    "scare quote": "a short phrase in quotation marks with no reporting verb",
}

_OPEN_QUOTES = "\u201c"
_CLOSE_QUOTES = "\u201d"
_STOP = ",.;:!?\u201c\u201d\"()"


@dataclass
class _Row:
    """One attribution found, with absolute offsets (None when there is no such span)."""

    paragraph: str
    sentence: str
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None
    mode: str
    channel: str
    rule: str


def _words_re(words: tuple[str, ...], flags: int = re.I) -> re.Pattern:
    """A regex matching any of ``words`` as whole words, longest first."""
    alts = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in alts) + r")(?![\w-])",
                      flags)


VERB_RE = _words_re(R.REPORTING_VERBS)
QUOTE_ONLY_RE = _words_re(R.QUOTE_ONLY_VERBS)
QUOTED_AS_RE = re.compile(R.QUOTED_AS_SAYING, re.I)
TRAILING_RE = re.compile(r"(?:\s+|^)(?:" + "|".join(re.escape(w) for w in R.TRAILING_WORDS)
                         + r")\s*$", re.I)
NOT_BEFORE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(R.NOT_BEFORE_VERB) + r")\s+$", re.I)
AFTER_RE = _words_re(R.SOURCE_AFTER_CUES)
VAGUE_RE = _words_re(R.VAGUE_CUES)
CREDIT_RE = _words_re(R.CREDIT_CUES)
AGENCY_RE = _words_re(R.NEWS_AGENCIES, flags=0)
STATE_AGENCY_RE = _words_re(R.STATE_AGENCIES, flags=0)
STARTER_RE = _words_re(R.CLAUSE_STARTERS)
MARKER_RE = re.compile(r"\s*(?:" + "|".join(re.escape(m) for m in R.DISCOURSE_MARKERS)
                       + r")\b[\s,]*", re.I)
DOC_PREFIX_RE = re.compile(R.DOCUMENT_PREFIX, re.I)
DETERMINER_RE = re.compile(r"(?<![\w-])(?:the|a|an)(?![\w-])", re.I)


# ------------------------------------------------------------------ quotations

def find_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations in ``text[start:end]`` as (opening mark, closing mark) offsets.

    Curly quotes pair “ with ”; straight quotes alternate open/close. An opening mark
    that is never closed runs to ``end`` (news style when a quote goes on in the next
    paragraph); a stray closing mark is ignored.
    """
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN_QUOTES or (ch == '"' and open_at is None):
            if open_at is None:
                open_at = i
        elif ch in _CLOSE_QUOTES or ch == '"':
            if open_at is not None:
                quotes.append((open_at, i))
                open_at = None
    if open_at is not None:
        quotes.append((open_at, end))
    return quotes


def _inside(pos: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation containing offset ``pos``, if any."""
    for q in quotes:
        if q[0] < pos < q[1]:
            return q
    return None


# ------------------------------------------------------------------- speakers

def _trim(text: str, a: int, b: int, chars: str = " ,;:") -> tuple[int, int]:
    """Shrink ``(a, b)`` past surrounding whitespace and the given punctuation."""
    while a < b and (text[a].isspace() or text[a] in chars):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in chars):
        b -= 1
    return a, b


def speaker_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The noun phrase just before a reporting verb at ``hi`` (rules in the module doc)."""
    hi = _drop_trailing(text, lo, hi)
    region = text[lo:hi].rstrip()
    if region.endswith((",\u201d", ',"')):
        return None  # 'an "Antennagate," saying': the clause ended inside the quotation
    if region.endswith(("\u201d", '"')):
        # 'an individual "with knowledge" claimed': look before the quoted modifier
        opening = max(region.rfind("\u201c"), region[:-1].rfind('"'))
        return speaker_before(text, lo, lo + opening) if opening > 0 else None
    if not region.strip() or region.endswith(","):
        return None
    # 1. only the last clause: after the last comma, bracket or quotation mark ...
    cut = max(region.rfind(c) for c in _STOP)
    a = lo + cut + 1 if cut >= 0 else lo
    # 2. ... and after the last word that starts a clause ("which Putin said")
    starter = None
    for m in STARTER_RE.finditer(text, a, hi):
        a, starter = m.end(), m
    a, _ = _trim(text, a, hi)
    if a >= hi and starter is not None and starter.group().lower() == "who":
        back = text[lo:starter.start()].rstrip()
        return speaker_before(text, lo, lo + len(back.rstrip(",")))  # "X, an expert, who stated"
    # 3. no opening words such as "However" or "Meanwhile"
    while (m := MARKER_RE.match(text, a, hi)) and m.end() > a:
        a = m.end()
    # 4. start at the last "the/a/an" that does not follow a preposition
    for m in DETERMINER_RE.finditer(text, a, hi):
        before = text[a:m.start()].split()
        if before and before[-1].lower() not in R.PREPOSITIONS:
            a = m.start()
    # 5. "In response to critics" -> "critics": drop a leading prepositional phrase
    words = list(re.finditer(r"\S+", text[a:hi]))
    if words and words[0].group().lower() in (*R.PREPOSITIONS, "during", "after", "despite"):
        cuts = [a + w.end() for w in words[:-1] if w.group().lower() in R.PREPOSITIONS]
        a = cuts[-1] if cuts else a
    # 6. "a statement released by the ministry" -> "the ministry"
    if m := DOC_PREFIX_RE.match(text, a, hi):
        a = m.end()
    a, b = _trim(text, a, hi)
    if b <= a or not re.search(r"[A-Za-z]", text[a:b]) or len(text[a:b].split()) > 14:
        return None
    return a, b


def _drop_trailing(text: str, lo: int, hi: int) -> int:
    """Move ``hi`` back past words such as "also", "has", "went on to" before a verb."""
    while (m := TRAILING_RE.search(text[lo:hi])) and m.start() < hi - lo:
        hi = lo + m.start()
    return hi


def speaker_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The words after a verb up to the next punctuation (", said the ministry.")."""
    a, _ = _trim(text, lo, hi)
    b = a
    while b < hi and text[b] not in ",.;:!?\u201c\u201d\"":
        if text[b] == ")" and "(" not in text[a:b]:
            break  # "(With inputs from agencies)": the bracket is not part of the name
        b += 1
    a, b = _trim(text, a, b)
    return (a, b) if b > a else None


def sentence_subject(text: str, sent: Sentence, hi: int) -> tuple[int, int] | None:
    """The sentence's first noun phrase, for a second verb ("took ... and wrote")."""
    a = sent.start
    while (m := MARKER_RE.match(text, a, hi)) and m.end() > a:
        a = m.end()
    b = a
    while b < hi and text[b] not in ",;:":
        b += 1
    first_verb = VERB_RE.search(text, a, b)
    if first_verb:
        b = first_verb.start()
    past = re.search(r"\s[a-z]+ed\b", text[a:b])  # "Jobs resigned in a letter ..."
    if past:
        b = a + past.start()
    a, b = _trim(text, a, b)
    return (a, b) if b > a else None


# -------------------------------------------------------------------- content

def _strip_end(text: str, a: int, b: int) -> tuple[int, int]:
    """Drop a final full stop, comma or dangling "and"/"but" from a content span."""
    a, b = _trim(text, a, b, chars=" ,;:.")
    while True:
        m = re.search(r"[\s,]+(?:and|but|while)$", text[a:b])
        if not m:
            return a, b
        b = a + m.start()


def _content_after(text: str, lo: int, hi: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """What follows a verb: skip "that" and commas; a quotation gives its inner words."""
    a, _ = _trim(text, lo, hi)
    if m := re.match(r"that[\s,]+", text[a:hi], re.I):
        a += m.end()
    for q in quotes:
        if q[0] == a and not text[q[1] + 1:hi].strip(" ,.;:"):
            return _quote_inner(text, q)
    a, b = _strip_end(text, a, hi)
    return (a, b) if b > a else None


def _quote_inner(text: str, q: tuple[int, int]) -> tuple[int, int] | None:
    """The words inside a quotation, without a comma that only closes it."""
    a, b = q[0] + 1, q[1]
    a, b = _trim(text, a, b, chars=" ,")
    return (a, b) if b > a else None


def _content_before(text: str, sent: Sentence, hi: int) -> tuple[int, int] | None:
    """The clause before a sentence-final speaker ("..., the ministry said.")."""
    a = sent.start
    while (m := MARKER_RE.match(text, a, hi)) and m.end() > a:
        a = m.end()
    a, b = _strip_end(text, a, hi)
    return (a, b) if b > a else None


def _short_tail(text: str, a: int, b: int, words: int = 3) -> bool:
    """True when at most ``words`` words follow ``a`` in the sentence ("told Reuters.")."""
    return len(re.findall(r"[\w’'-]+", text[a:b])) <= words and not any(
        c in text[a:b] for c in "\u201c\u201d\"")


# --------------------------------------------------------------------- labels

def guess_channel(article: Article, sent: Sentence, source: str, cue: str) -> str:
    """How the words reached the public, from channel words in the sentence (rules file)."""
    low_cue = cue.lower()
    if CREDIT_RE.fullmatch(cue):
        return "credit line"
    sent_text = sent.text
    if low_cue in ("told", "tells") and AGENCY_RE.search(sent_text[sent_text.lower().find(low_cue):]
                                                         if low_cue in sent_text.lower() else ""):
        return "told a news agency"
    after_cues = [sent_text[m.end():] for m in AFTER_RE.finditer(sent_text)]
    if STATE_AGENCY_RE.search(source) or "state media" in sent_text.lower() \
            or any(STATE_AGENCY_RE.match(t.strip()) for t in after_cues):
        return "state media report"
    if AGENCY_RE.search(source) or "agency" in source.lower():
        return "news agency report"
    previous = [s.text for s in article.sentences
                if s.paragraph == sent.paragraph and s.end <= sent.start][-1:]
    for scope in (sent_text, *previous):
        low = scope.lower()
        for words, channel in R.CHANNEL_RULES:
            if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low) for w in words):
                return channel
    return "not stated"


def guess_source_type(source: str) -> str:
    """A first guess at the kind of source, from words in its name (rules file)."""
    if not source.strip():
        return "unnamed or vague"
    if STATE_AGENCY_RE.search(source):
        return "state media"
    if AGENCY_RE.search(source):
        return "news agency"
    low = source.lower()
    for words, kind in R.SOURCE_TYPE_RULES:
        if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low) for w in words):
            return kind
    return "other named person or organisation"


def _closes_quote(text: str, q: tuple[int, int]) -> bool:
    """True for a reported quotation: it opens a clause (not 'an "Antennagate"') and
    ends the way a quote before "said X" does: '...,"' or '...",'."""
    before = text[:q[0]].rstrip()
    opens_clause = not before or before[-1] in ".,:;!?\n" or text[q[0] - 1:q[0]] == "\n"
    return opens_clause and (text[q[1] - 1:q[1]] in (",", "?", "!")
                             or text[q[1] + 1:q[1] + 2] == ",")


def _mode(text: str, content: tuple[int, int] | None, quotes: list[tuple[int, int]]) -> str:
    """direct quote when the content is one quotation, mixed when it holds one."""
    if content is None:
        return "indirect speech"
    a, b = content
    for q in quotes:
        if q[0] < a and b <= q[1]:
            return "direct quote"
    if any(c in text[a:b] for c in "\u201c\u201d\""):
        return "mixed"
    return "indirect speech"


# ----------------------------------------------------------------- the passes

def _clause_before_ing(text: str, sent: Sentence, c0: int, c1: int) -> bool:
    """True for an -ing cue after a whole clause ("Jobs resigned in a letter stating")."""
    if not text[c0:c1].lower().endswith("ing"):
        return False
    region = text[sent.start:c0].rstrip()
    return bool(region) and not region.endswith(",") and bool(
        re.search(r"\s[a-z]+ed\b", " " + region))


def _cues_in(text: str, sent: Sentence) -> list[tuple[str, re.Match]]:
    """Every cue in a sentence, in order, tagged with its kind."""
    found = [("credit", m) for m in CREDIT_RE.finditer(text, sent.start, sent.end)]
    found += [("after", m) for m in AFTER_RE.finditer(text, sent.start, sent.end)]
    found += [("vague", m) for m in VAGUE_RE.finditer(text, sent.start, sent.end)]
    found += [("quoted-as", m) for m in QUOTED_AS_RE.finditer(text, sent.start, sent.end)]
    found = [(k, m) for k, m in found
             if m.group().lower() not in R.SENTENCE_START_ONLY
             or not text[sent.start:m.start()].strip(" \u201c\"(")]
    taken = [(m.start(), m.end()) for _, m in found]
    verbs = list(VERB_RE.finditer(text, sent.start, sent.end))
    verbs += [m for m in QUOTE_ONLY_RE.finditer(text, sent.start, sent.end)
              if re.search(r"[\u201d\"]\s*\S*\s*\S*\s*$", text[sent.start:m.start()])]
    for m in verbs:
        if any(a <= m.start() < b for a, b in taken):
            continue
        if NOT_BEFORE_RE.search(text[sent.start:m.start()]):
            continue  # "an added cost": after "a/the/its" the word is not a verb
        if m.group()[0].isupper() and text[sent.start:m.start()].strip(" \u201c\"("):
            continue  # "the United States": a capital inside a sentence marks a name
        found.append(("verb", m))
    return sorted(found, key=lambda km: km[1].start())


def _sentence_rows(article: Article, sent: Sentence, quotes: list[tuple[int, int]]) -> list[_Row]:
    """Apply the cue rules to one sentence."""
    text = article.text
    cues = _cues_in(text, sent)
    rows: list[_Row] = []
    last_speaker: tuple[int, int] | None = None
    for i, (kind, m) in enumerate(cues):
        c0, c1 = m.start(), m.end()
        nxt = cues[i + 1][1].start() if i + 1 < len(cues) else sent.end
        quote_here = _inside(c0, quotes)
        before_q = [q for q in quotes if sent.start <= q[1] < c0 and q[0] >= sent.start - 1]
        q_before = before_q[-1] if before_q else None
        src = content = None
        rule = ""
        if kind == "credit":
            src, content, rule = speaker_after(text, c1, sent.end), None, "credit line"
        elif kind == "vague":
            src, rule = (c0, c1), "reportedly"
            content = _content_after(text, c1, nxt, quotes)
        elif kind == "after":
            src, rule = speaker_after(text, c1, sent.end), "according to X"
            if src is None:
                continue
            after_src = src[1]
            if q_before and not text[q_before[1] + 1:c0].strip(" ,"):
                content = _quote_inner(text, q_before)
            elif not _short_tail(text, after_src, sent.end, 2):
                content = _content_after(text, after_src, sent.end, quotes)
            else:
                content = _content_before(text, sent, c0)
        elif kind == "quoted-as":
            src, rule = (m.start("source"), m.end("source")), "quoted X as saying"
            if q_before:
                content = _quote_inner(text, q_before)
            else:
                content = _content_after(text, c1, nxt, quotes)
        elif quote_here:
            inner = _quote_inner(text, quote_here)
            if inner is None or inner[0] != c0:
                continue  # a verb inside someone's quoted words is theirs, not a cue
            src = speaker_before(text, sent.start, quote_here[0])
            content, rule = _content_after(text, c1, quote_here[1], []), "X \u201csaid ...\u201d"
        elif q_before and _closes_quote(text, q_before) and not text[q_before[1] + 1:c0].strip(" ,"):
            src, rule = speaker_after(text, c1, sent.end), "quote, said X"
            content = _quote_inner(text, q_before)
        elif q_before and _closes_quote(text, q_before) and _short_tail(text, c1, sent.end):
            src, rule = speaker_before(text, q_before[1] + 1, c0), "quote, X said"
            content = _quote_inner(text, q_before)
        else:
            hi2 = _drop_trailing(text, sent.start, c0)
            region = text[sent.start:hi2].rstrip()
            inverted = region.endswith(",") and not last_speaker and _short_tail(
                text, c1, sent.end, 8)
            if inverted:
                # "..., said Mike Gikas of Consumer Reports.": speaker after, content before
                src = speaker_after(text, c1, sent.end)
            elif re.search(r"(?:^|\s)(?:and|but)$", region) or _clause_before_ing(text, sent, c0, c1):
                # "took to social media and wrote", "Jobs resigned ... stating": the subject
                src = sentence_subject(text, sent, c0)
            else:
                src = speaker_before(text, sent.start, c0)
            if src is None and region.endswith(","):
                # ", indicating that": the speaker of the cue before; "X, a board member,
                # adds": the subject at the start of the sentence
                src = last_speaker or sentence_subject(text, sent, c0)
            if src is None:
                continue
            if inverted:
                content, rule = _content_before(text, sent, c0), "content, said X"
            elif _short_tail(text, c1, sent.end) and text[sent.start:src[0]].rstrip().endswith(","):
                content, rule = _content_before(text, sent, src[0]), "content, X said"
            else:
                end = _drop_trailing(text, c1, nxt)
                if i + 1 < len(cues) and cues[i + 1][0] == "verb":
                    nsrc = speaker_before(text, sent.start, nxt)
                    if nsrc and nsrc[0] > c1:
                        end = nsrc[0]
                content, rule = _content_after(text, c1, end, quotes), "X said, content after"
        if src is None and kind not in ("vague",):
            continue
        last_speaker = src if kind in ("verb", "after", "quoted-as") else last_speaker
        source_text = text[src[0]:src[1]] if src else ""
        cue_text = text[c0:c1]
        mode = "credit line" if kind == "credit" else _mode(text, content, quotes)
        if rule == "X \u201csaid ...\u201d":
            mode = "mixed"
        rows.append(_Row(sent.paragraph, sent.id, src, (c0, c1), content, mode,
                         guess_channel(article, sent, source_text, cue_text), rule))
    return rows


def _quote_rows(article: Article, rows: list[_Row], quotes: list[tuple[int, int]],
                pid: str) -> list[_Row]:
    """Quotations no cue explained: a scare quote if short, else the last speaker's."""
    text = article.text
    extra: list[_Row] = []
    for q in quotes:
        covered = any(r.content and r.content[0] <= q[1] and q[0] <= r.content[1]
                      for r in rows)
        if covered:
            continue
        inner = _quote_inner(text, q)
        if inner is None:
            continue
        sent = article.sentence_at(q[0] + 1) or article.sentence_at(q[0])
        sid = sent.id if sent else ""
        words = text[inner[0]:inner[1]].split()
        if len(words) <= 4 and not re.search(r"[.!?]", text[inner[0]:inner[1]]):
            poss = re.search(r"([A-Z][\w-]*)[\u2019']s\s*$", text[max(0, q[0] - 40):q[0]])
            src = None
            if poss:
                off = max(0, q[0] - 40)
                src = (off + poss.start(1), off + poss.end(1))
            extra.append(_Row(pid, sid, src, None, inner, "scare quote", "not stated",
                              "scare quote"))
            continue
        earlier = [r for r in rows + extra
                   if r.mode in ("direct quote", "mixed") and r.source and r.content
                   and r.content[1] <= q[0]]
        src = earlier[-1].source if earlier else None
        channel = earlier[-1].channel if earlier else "not stated"
        extra.append(_Row(pid, sid, src, None, inner, "direct quote", channel,
                          "carried-over speaker"))
    return extra


def extract(article: Article) -> pd.DataFrame:
    """All attributions the rules find in ``article``, one row each, in text order."""
    text = article.text
    rows: list[_Row] = []
    for para in article.paragraphs:
        if para.kind in ("heading", "boilerplate"):
            continue
        quotes = find_quotes(text, para.start, para.end)
        para_rows: list[_Row] = []
        for sent in article.sentences:
            if sent.paragraph == para.id:
                para_rows += _sentence_rows(article, sent, quotes)
        prior = [r for r in rows if r.mode in ("direct quote", "mixed")]
        para_rows += _quote_rows(article, prior + para_rows, quotes, para.id)
        rows += para_rows
    records = []
    for r in rows:
        span = lambda s: (text[s[0]:s[1]], s[0], s[1]) if s else ("", pd.NA, pd.NA)  # noqa: E731
        source, cue, content = span(r.source), span(r.cue), span(r.content)
        records.append({
            "paragraph": r.paragraph, "sentence": r.sentence,
            "source": source[0], "source_start": source[1], "source_end": source[2],
            "cue": cue[0], "cue_start": cue[1], "cue_end": cue[2],
            "content": content[0], "content_start": content[1], "content_end": content[2],
            "mode": r.mode, "channel": r.channel,
            "source_type": guess_source_type(source[0]) if r.rule != "reportedly"
            else "unnamed or vague",
            "rule": r.rule,
        })
    frame = pd.DataFrame(records, columns=COLUMNS)
    for col in ("source_start", "source_end", "cue_start", "cue_end", "content_start",
                "content_end"):
        frame[col] = frame[col].astype("Int64")
    order = frame["cue_start"].fillna(frame["content_start"])
    frame = frame.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o")
    return frame.drop_duplicates().reset_index(drop=True)
