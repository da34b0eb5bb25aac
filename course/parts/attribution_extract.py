"""A rule-based attribution extractor: who said what, found with the word lists of
``attribution_rules`` so that every row can be explained by one readable rule.

It reads one sentence at a time, looks for reporting words ("said", "according to",
"reportedly", a credit line) and for quotation marks, and decides for each cue where
the speaker and the reported words are. It is deliberately simple: the notebook
compares it with the hand-made answer key to show what a machine misses, and why.

Nothing in the rules names a person, place or outlet of one article; their scores on the
seed and on other news articles they were not written for are printed by
``python -m course.evaluation.attribution_eval``. The work grows with the length of the text: each
sentence and paragraph is looked at once, and a word list's regex is tried only where
one of its first words stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import attribution_rules as R
from ..text.article import Article, Paragraph, Sentence

COLUMNS = ["paragraph", "sentence", "source", "source_start", "source_end", "cue",
           "cue_start", "cue_end", "content", "content_start", "content_end", "mode",
           "channel", "source_type", "rule"]

_OPEN_QUOTES = "\u201c"
_CLOSE_QUOTES = "\u201d"
#: Marks that end the clause a speaker stands in (not ".": inside a sentence it ends an
#: abbreviation, "Acme Inc. said", "U.S. officials said").
_STOP = ",;:!?\u201c\u201d\"()"
QUOTE_MARK_RE = re.compile("[\u201c\u201d\"]")


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
    """A regex matching any of ``words`` as whole words, longest first.

    The words are grouped by their first letter, ``(?=s)(?:said|says)|(?=t)(?:told)``, so
    that the regex engine tries only the words that can start at a letter (five times
    faster than one long list, same matches)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0].lower() if flags & re.I else w[0], []).append(w)
    alts = "|".join(f"(?={re.escape(first)})(?:" + "|".join(re.escape(w) for w in ws) + ")"
                    for first, ws in groups.items())
    return re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])", flags)


LETTERS_RE = re.compile(r"[A-Za-z]+")


class WordList:
    """A word list (``attribution_rules``) as a regex, tried only where a word that can
    start one of its phrases stands: a set look-up per word instead of the regex at every
    character, with the same matches as ``pattern.finditer``."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.pattern = _words_re(words)
        self.first = {LETTERS_RE.match(w).group().lower() for w in words}

    def finditer(self, text: str, words: list[tuple[int, str]], end: int) -> list[re.Match]:
        """The matches in order, given the (offset, lower-case word) of each word up to ``end``."""
        found: list[re.Match] = []
        after = -1
        first = self.first
        for at, word in words:
            if word in first and at >= after and (m := self.pattern.match(text, at, end)):
                found.append(m)
                after = m.end()
        return found


def _words_at(text: str, start: int, end: int, keep: set[str]) -> list[tuple[int, str]]:
    """Each run of letters in ``text[start:end]`` that is in ``keep`` (written in lower
    case, with a capital or in capitals), as (offset, lower-case word)."""
    return [(m.start(), m[0].lower()) for m in LETTERS_RE.finditer(text, start, end)
            if m[0] in keep]


VERB_RE = _words_re(R.REPORTING_VERBS)
VERBS = WordList(R.REPORTING_VERBS)
AUX_BEFORE_RE = re.compile(r"(?<![\w-])(?:has|have|had)\s$", re.I)
AUX_VERB_RE = re.compile(r"(?:has|have|had)\s" + VERB_RE.pattern, re.I)
QUOTE_ONLY = WordList(R.QUOTE_ONLY_VERBS)
QUOTED_AS_RE = re.compile(R.QUOTED_AS_SAYING, re.I)
TRAILING_RE = re.compile(r"(?:\s+|^)(?:" + "|".join(re.escape(w) for w in R.TRAILING_WORDS)
                         + r")\s*$", re.I)
NUMBER_BEFORE_RE = re.compile(r"\d\s?$")
TRAILING_LAST = {w.split()[-1] for w in R.TRAILING_WORDS}
NOT_BEFORE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(R.NOT_BEFORE_VERB) + r")\s+$", re.I)
AFTER_RE = _words_re(R.SOURCE_AFTER_CUES)
CREDIT_RE = _words_re(R.CREDIT_CUES)
AFTER_CUES, VAGUE, CREDIT = (WordList(R.SOURCE_AFTER_CUES),
                             WordList(R.VAGUE_CUES + R.VAGUE_PASSIVES), WordList(R.CREDIT_CUES))
BELIEFS, FINDINGS, DOC_VERBS = (WordList(R.BELIEF_VERBS), WordList(R.FINDING_VERBS),
                                WordList(R.DOCUMENT_VERBS))
#: The last word of a belief or finding cue ("is concerned", "has found"): a view, not speech.
VIEW_WORDS = {w.split()[-1] for w in R.BELIEF_VERBS + R.FINDING_VERBS}
DOCUMENT_SET = set(R.DOCUMENT_WORDS)
#: The words a cue can start with: the only words the cue finder looks at.
CUE_STARTS = {form for w in set().union(*(w.first for w in (VERBS, QUOTE_ONLY, AFTER_CUES,
                                                                VAGUE, CREDIT, BELIEFS,
                                                                FINDINGS, DOC_VERBS)))
              for form in (w, w.capitalize(), w.upper())}
AGENCY_RE = _words_re(R.NEWS_AGENCIES, flags=0)
STATE_AGENCY_RE = _words_re(R.STATE_AGENCIES, flags=0)
STARTER_RE = _words_re(R.CLAUSE_STARTERS)
MARKER_RE = re.compile(r"\s*(?:" + "|".join(re.escape(m) for m in R.DISCOURSE_MARKERS)
                       + r")\b[\s,]*", re.I)
DOC_PREFIX_RE = re.compile(R.DOCUMENT_PREFIX, re.I)
DOC_PASSED_ON_RE = re.compile(R.DOCUMENT_PASSED_ON, re.I)
THAT_NEXT_RE = re.compile(r"\s+that\b", re.I)
TO_NEXT_RE = re.compile(r"\s+to\b", re.I)
SPEECH_WORDS = {w for w in R.REPORTING_VERBS if " " not in w}
OWNER_RE = re.compile(r"(.+?)[\u2019']s?\s+(?:[\w-]+\s+)?(?:" + "|".join(
    re.escape(w) for w in R.NOMINAL_CUE_WORDS) + r")(?:\s+(?:" + "|".join(R.PREPOSITIONS)
    + r")\s.*)?", re.I)
CLAUSE_STOP_RE = re.compile("[,;:.!?()\u201c\u201d\"]")
RELATIVE_CLAUSE_RE = re.compile(r",\s+(?:who|which)\s[^,;:.\u201c\u201d\"]+,")
PASSIVE_NEXT_RE = re.compile(r"\s+(?:" + "|".join(R.AFTER_VAGUE_PASSIVE) + r")\b", re.I)
NOT_TO_RE = re.compile(r"\s+not\s+to\s")
PASSIVE_RE = re.compile(r"\s+by\s")
CLAUSE_WORD_RE = re.compile(r"(?<![\w-])(?:" + "|".join(R.CLAUSE_WORDS) + r")(?![\w-])",
                            re.I)
BY_RE = re.compile(r"(?<![\w-])by\s+")
NEGATION_RE = re.compile(r"(?:(?<![\w-])(?:" + "|".join(
    re.escape(w) for w in R.NEGATIONS if w[0].isalpha()) + r")|n[\u2019']t)\s+$", re.I)
DOCUMENT_END_RE = re.compile(r"(?:^|\s)(?:a|an|the)\s+(?:[\w-]+\s+)?(?:"
                             + "|".join(R.DOCUMENT_WORDS) + r")$", re.I)
DETERMINER_RE = re.compile(r"(?<![\w-])(?:the|a|an)(?![\w-])", re.I)
WORD_RE = re.compile(r"\S+")
PAST_RE = re.compile(r"\s[a-z]+ed\b")
QUOTE_TAIL_RE = re.compile(r"[\u201d\"]\s*\S*\s*\S*\s*$")
LETTER_RE = re.compile(r"[A-Za-z]")
DANGLING_RE = re.compile(r"[\s,]+(?:and|but|while|with)$")
THAT_RE = re.compile(r"that[\s,]+", re.I)
#: A few words (no punctuation) after a verb, up to "that", "to" or a quotation mark.
LEAD_IN_RE = re.compile(r"(?:[\w\u2019'.-]+\s+){1,%d}?(?:(?P<that>that\b[\s,]*)|(?P<to>to\s)"
                        r"|(?=[\u201c\"]))" % R.LEAD_IN_WORDS)
TOKEN_RE = re.compile(r"[\w’'-]+")
AND_BUT_END_RE = re.compile(r"(?:^|\s)(?:and|but)$")
SENTENCE_PUNCT_RE = re.compile(r"[.!?]")
POSSESSIVE_END_RE = re.compile(r"([A-Z][\w-]*)[\u2019']s\s*$")
SO_CALLED_END_RE = re.compile(r"(?<![\w-])(so-called)\s*$", re.I)
NAMING_END_RE = re.compile(r"(?<![\w-])(" + "|".join(R.NAMING_VERBS) + r")\s*$", re.I)
BY_AFTER_RE = re.compile(r"\s*by\s+")


class AnyWord:
    """Does a lower-case text hold any of ``words`` as whole words? A plain search for the
    words first (fast), the word-boundary regex only when one of them occurs at all."""

    def __init__(self, words: tuple[str, ...]) -> None:
        alternatives = "|".join(re.escape(w) for w in words)
        self.quick = re.compile(alternatives)
        self.pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")

    def search(self, low: str) -> bool:
        """True when ``low`` holds one of the words with no letter or digit glued on."""
        return self.quick.search(low) is not None and self.pattern.search(low) is not None


CHANNEL_RES = [(AnyWord(words), channel) for words, channel in R.CHANNEL_RULES]
#: Any channel word at all: most sentences have none, and then no rule needs trying.
ANY_CHANNEL = AnyWord(tuple(w for words, _ in R.CHANNEL_RULES for w in words))
SOURCE_TYPE_RES = [(AnyWord(words), kind) for words, kind in R.SOURCE_TYPE_RULES]


# ------------------------------------------------------------------ quotations

def find_quotes(text: str, start: int, end: int, inside: bool = False) -> list[tuple[int, int]]:
    """Quotations in ``text[start:end]`` as (opening mark, closing mark) offsets.

    Curly quotes pair “ with ”; straight quotes alternate open/close. An opening mark
    that is never closed runs to ``end`` (news style when a quote goes on in the next
    paragraph); a stray closing mark is ignored. ``inside``: the text starts inside a
    quotation opened before it (its "opening mark" is then ``start - 1``).
    """
    quotes: list[tuple[int, int]] = []
    open_at: int | None = start - 1 if inside else None
    for mark in QUOTE_MARK_RE.finditer(text, start, end):
        i, ch = mark.start(), mark.group()
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


def continued_quotes(text: str, paragraphs: list[Paragraph]) -> set[str]:
    """Ids of paragraphs that start inside a quotation left open in the paragraph before.

    News text lets one quotation run over several sentences or paragraphs, with the
    closing mark only at the end. A paragraph continues an open quotation unless it
    starts with an opening mark of its own or its first mark is a curly opening one
    (“); the quotation must be closed within
    ``QUOTE_MAX_PARAGRAPHS`` paragraphs, or the open mark is taken for a typo.
    """
    result: set[str] = set()
    run: list[str] = []
    inside = False
    for para in paragraphs:
        if para.kind in ("heading", "boilerplate"):
            run, inside = [], False
            continue
        first_mark = QUOTE_MARK_RE.search(text, para.start, para.end)
        if inside and text[para.start:para.start + 1] not in ("\u201c", '"') and not (
                first_mark and first_mark.group() == "\u201c"):
            run.append(para.id)
            quotes = find_quotes(text, para.start, para.end, inside=True)
            if quotes[0][1] < para.end:  # closed in this paragraph: the run was a quotation
                result.update(run)
                run = []
            elif len(run) >= R.QUOTE_MAX_PARAGRAPHS:
                run, inside = [], False
                continue
        else:
            run = []
            quotes = find_quotes(text, para.start, para.end)
        inside = bool(quotes) and quotes[-1][1] == para.end
    return result


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
        return None  # 'an "outrage," saying': the clause ended inside the quotation
    if region.endswith(("\u201d", '"')):
        # 'an individual "with knowledge" claimed': the speaker ends with the quoted words
        opening = max(region.rfind("\u201c"), region[:-1].rfind('"'))
        head = speaker_before(text, lo, lo + opening) if opening > 0 else None
        return (head[0], lo + len(region)) if head else None
    if not region.strip() or region.endswith(","):
        return None
    # 1. only the last clause: after the last comma, bracket or quotation mark ...
    cut = max(region.rfind(c) for c in _STOP)
    a = lo + cut + 1 if cut >= 0 else lo
    # 2. ... and after the last word that starts a clause ("which the mayor said")
    starter = None
    for m in STARTER_RE.finditer(text, a, hi):
        a, starter = m.end(), m
    a, _ = _trim(text, a, hi)
    if a >= hi and starter is not None and starter.group().lower() == "who":
        back = text[lo:starter.start()].rstrip()
        found = speaker_before(text, lo, lo + len(back.rstrip(",")))
        if found and DETERMINER_RE.match(text, found[0]) and \
                text[lo:found[0]].rstrip().endswith(","):
            # "X, an expert at Y, who stated": the name before the description
            name = speaker_before(text, lo, lo + len(text[lo:found[0]].rstrip().rstrip(",")))
            return name or found
        return found
    # 3. no opening words such as "However" or "Meanwhile"
    while (m := MARKER_RE.match(text, a, hi)) and m.end() > a:
        a = m.end()
    # 4. start at the last "the/a/an" that does not follow a preposition
    for m in DETERMINER_RE.finditer(text, a, hi):
        before = text[a:m.start()].split()
        if before and before[-1].lower() not in R.PREPOSITIONS:
            a = m.start()
    # 5. "In response to critics" -> "critics": drop a leading prepositional phrase
    words = list(WORD_RE.finditer(text[a:hi]))
    if words and words[0].group().lower() in (*R.PREPOSITIONS, "during", "after", "despite"):
        cuts = [a + w.end() for w in words[:-1] if w.group().lower() in R.PREPOSITIONS]
        a = cuts[-1] if cuts else a
    # 6. "a statement released by the ministry" -> "the ministry"; "a statement by X given
    # by Y" -> X (Y only passed it on)
    if m := DOC_PREFIX_RE.match(text, a, hi):
        a = m.end()
        if passed := DOC_PASSED_ON_RE.search(text, a, hi):
            hi = passed.start()
    # 7. "a view is offered by X" -> "X": the person after the last "by"
    for m in BY_RE.finditer(text, a, hi):
        a = m.end()
    a, b = _trim(text, a, hi)
    if b <= a or not LETTER_RE.search(text[a:b]) or len(text[a:b].split()) > 14:
        return None
    return a, b


def _drop_trailing(text: str, lo: int, hi: int) -> int:
    """Move ``hi`` back past words such as "also", "has", "went on to" before a verb."""
    while _last_word(text, lo, hi) in TRAILING_LAST and (
            m := TRAILING_RE.search(text[lo:hi])) and m.start() < hi - lo:
        hi = lo + m.start()
    return hi


def _last_word(text: str, lo: int, hi: int) -> str:
    """The last word of ``text[lo:hi]`` in lower case (a quick test before a slower regex)."""
    b = hi
    while b > lo and text[b - 1].isspace():
        b -= 1
    a = b
    while a > lo and not text[a - 1].isspace():
        a -= 1
    return text[a:b].lower()


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
    past = PAST_RE.search(text[a:b])  # "She resigned in a letter ..."
    if past:
        b = a + past.start()
    a, b = _trim(text, a, b)
    return (a, b) if b > a else None


# -------------------------------------------------------------------- content

def _strip_end(text: str, a: int, b: int) -> tuple[int, int]:
    """Drop a final full stop, comma or dangling "and"/"but" from a content span."""
    a, b = _trim(text, a, b, chars=" ,;:.")
    while True:
        m = DANGLING_RE.search(text[a:b])
        if not m:
            return a, b
        b = a + m.start()


def _content_after(text: str, lo: int, hi: int, quotes: list[tuple[int, int]],
                   cue: str = "") -> tuple[int, int] | None:
    """What follows a verb: skip "that" and commas; a quotation gives its inner words.

    With the reporting verb ``cue``, a few words before "that" or before a quotation
    are skipped too ("said on Monday that ...", "said in an interview “...”"), and so is
    the person told ("told customers to ..."). The content ends at a semicolon or at ", with".
    """
    a, _ = _trim(text, lo, hi)
    if semicolon := text.find(";", a, hi) + 1:
        hi = semicolon - 1
    if with_clause := text.find(", with ", a, hi) + 1:
        hi = with_clause - 1  # "..., with analysts saying ...": the writer's addition
    if cue:
        lead = LEAD_IN_RE.match(text, a, hi)
        tell = cue.lower() in R.TELL_VERBS
        if lead and lead.group("that"):  # "said on Monday that"
            a = lead.end()
        elif lead and lead.group("to") and tell:  # "told customers to wait"
            a = lead.start("to")
        elif lead and _quote_at(quotes, lead.end()) and (
                tell or lead.group().split()[0].lower() in (*R.PREPOSITIONS, "during")):
            a = lead.end()  # "said in an interview “...”", "told a newspaper “...”"
    if m := THAT_RE.match(text[a:hi]):
        a += m.end()
    for q in quotes:
        if q[0] == a and not text[q[1] + 1:hi].strip(" ,.;:"):
            return _quote_inner(text, q)
    a, b = _strip_end(text, a, hi)
    return (a, b) if b > a else None


def _quote_at(quotes: list[tuple[int, int]], pos: int) -> bool:
    """True when a quotation opens at ``pos``."""
    return any(q[0] == pos for q in quotes)


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


def _circumstance_tail(text: str, a: int, b: int) -> bool:
    """True when only a short phrase of time or place ends the sentence after ``a`` ("said
    in a statement on Monday."): it starts with a preposition or time word, has at most
    eight words, no "that", no quotation and no verb of a clause."""
    words = TOKEN_RE.findall(text[a:b])
    return (bool(words) and words[0].lower() in (*R.PREPOSITIONS, *R.TIME_WORDS)
            and _short_tail(text, a, b, 8) and "that" not in (w.lower() for w in words)
            and not CLAUSE_WORD_RE.search(text, a, b))


def _short_tail(text: str, a: int, b: int, words: int = 3) -> bool:
    """True when at most ``words`` words follow ``a`` in the sentence ("told Reuters.")."""
    return len(TOKEN_RE.findall(text[a:b])) <= words and not any(
        c in text[a:b] for c in "\u201c\u201d\"")


# --------------------------------------------------------------------- labels

def guess_channel(sent: Sentence, previous: str | None, source: str, cue: str) -> str:
    """How the words reached the public, from channel words in the sentence or the one
    before it in the paragraph (``previous``, None for the first) (rules file)."""
    low_cue = cue.lower()
    if CREDIT_RE.fullmatch(cue):
        return "credit line"
    sent_text = sent.text
    if low_cue in ("told", "tells") and AGENCY_RE.search(sent_text[sent_text.lower().find(low_cue):]
                                                         if low_cue in sent_text.lower() else ""):
        return "told a news agency"
    after_cues = [sent_text[m.end():] for m in AFTER_RE.finditer(sent_text)] if any(
        name in sent_text for name in R.STATE_AGENCIES) else []  # (a quick test first)
    if STATE_AGENCY_RE.search(source) or "state media" in sent_text.lower() \
            or any(STATE_AGENCY_RE.match(t.strip()) for t in after_cues):
        return "state media report"
    if AGENCY_RE.search(source) or "agency" in source.lower():
        return "news agency report"
    for scope in (sent_text, previous) if previous is not None else (sent_text,):
        low = scope.lower()
        if not ANY_CHANNEL.search(low):
            continue
        for pattern, channel in CHANNEL_RES:
            if pattern.search(low):
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
    for pattern, kind in SOURCE_TYPE_RES:
        if pattern.search(low):
            return kind
    return "other named person or organisation"


def _closes_quote(text: str, q: tuple[int, int]) -> bool:
    """True for a reported quotation: it opens a clause (not 'an "outrage"') and
    ends the way a quote before "said X" does: '...,"' or '...",'."""
    i = q[0] - 1
    while i >= 0 and text[i].isspace():  # the last character before the mark (no copy)
        i -= 1
    opens_clause = i < 0 or text[i] in ".,:;!?\n" or text[q[0] - 1:q[0]] == "\n"
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
    """True for an -ing cue after a whole clause, whose speaker is the sentence's subject:
    a past-tense verb in the same clause ("She resigned in a letter stating") or a
    document just before it ("..., releasing a statement saying")."""
    if not text[c0:c1].lower().endswith("ing"):
        return False
    region = text[sent.start:c0].rstrip()
    if not region or region.endswith(","):
        return False
    last_clause = region[region.rfind(", ") + 1:]
    return bool(PAST_RE.search(" " + last_clause) or DOCUMENT_END_RE.search(last_clause))


def _mid_sentence(text: str, sent: Sentence, kind: str, m: re.Match) -> str:
    """The kind of a cue that counts only at the start of a sentence ("Citing X, Y said"),
    when it stands later: "citing" after a comma (", citing X"), else none ("")."""
    if m.group().lower() not in R.SENTENCE_START_ONLY or not text[sent.start:m.start()].strip(
            " \u201c\"("):
        return kind
    return "citing" if text[sent.start:m.start()].rstrip().endswith(",") else ""


def _cues_in(text: str, sent: Sentence) -> list[tuple[str, re.Match]]:
    """Every cue in a sentence, in order, tagged with its kind."""
    words = _words_at(text, sent.start, sent.end, CUE_STARTS)
    if not words and not QUOTED_AS_RE.search(text, sent.start, sent.end):
        return []  # no word a cue can start with: nothing to find
    found = [("credit", m) for m in CREDIT.finditer(text, words, sent.end)]
    found += [("after", m) for m in AFTER_CUES.finditer(text, words, sent.end)]
    found += [("vague", m) for m in VAGUE.finditer(text, words, sent.end)
              if " " not in m.group() or m.group().endswith(" with")
              or PASSIVE_NEXT_RE.match(text, m.end(), sent.end)]  # "is thought to"
    found += [("quoted-as", m) for m in QUOTED_AS_RE.finditer(text, sent.start, sent.end)]
    found = [(_mid_sentence(text, sent, k, m), m) for k, m in found]
    found = [(k, m) for k, m in found if k]
    taken = [(m.start(), m.end()) for _, m in found]
    verbs = VERBS.finditer(text, words, sent.end)
    verbs += [m for m in QUOTE_ONLY.finditer(text, words, sent.end)
              if QUOTE_TAIL_RE.search(text[sent.start:m.start()])]
    verb_at = {m.start() for m in verbs}
    views = [m for m in BELIEFS.finditer(text, words, sent.end)
             if _clause_follows(text, sent, m)]
    views += [m for m in FINDINGS.finditer(text, words, sent.end)
              if THAT_NEXT_RE.match(text, m.end(), sent.end)]
    views += [m for m in DOC_VERBS.finditer(text, words, sent.end)
              if _last_word(text, sent.start, m.start()).strip(",") in DOCUMENT_SET]
    verbs += [m for m in views if m.start() not in verb_at]
    for m in verbs:
        if any(a <= m.start() < b for a, b in taken):
            continue
        if _last_word(text, sent.start, m.start()) in R.NOT_BEFORE_VERB and \
                NOT_BEFORE_RE.search(text[sent.start:m.start()]):
            continue  # "an added cost": after "a/the/its" the word is not a verb
        if NUMBER_BEFORE_RE.search(text, max(sent.start, m.start() - 3), m.start()):
            continue  # "in 40 states": after a number the word is a noun
        if NEGATION_RE.search(text, max(sent.start, m.start() - 20), m.start()):
            found.append(("negated", m))  # "did not say whether": nothing was said
            continue
        if PASSIVE_RE.match(text, m.end(), sent.end):
            continue  # "was recommended by X": X, not the subject, did it
        if NOT_TO_RE.match(text, m.end(), sent.end):
            continue  # "asked not to be named": a request, not a statement
        if m.group()[0].isupper() and text[sent.start:m.start()].strip(" \u201c\"("):
            continue  # "the Said Business School": a capital inside a sentence marks a name
        if aux := AUX_BEFORE_RE.search(text, max(sent.start, m.start() - 6), m.start()):
            # "has recommended": the helping verb just before belongs to the cue
            m = AUX_VERB_RE.match(text, aux.start(), m.end()) or m
        found.append(("verb", m))
    found.sort(key=lambda km: km[1].start())
    # a belief after another cue is part of what that cue reports: "X said he believes ..."
    return [(k, m) for i, (k, m) in enumerate(found)
            if not (i and k == "verb" and _is_view(m) and any(
                kind != "negated" for kind, _ in found[:i]))]


def _is_view(m: re.Match) -> bool:
    """True for a cue of belief or finding ("believes", "is concerned", "has found")."""
    return m.group().split()[-1].lower() in VIEW_WORDS


def _clause_follows(text: str, sent: Sentence, m: re.Match) -> bool:
    """A belief verb states a view only when a clause follows it: "that" next (or "to"
    after one of ``BELIEF_TO_VERBS``: "expects to"), a clause word within
    ``BELIEF_CLAUSE_WORDS`` words (no comma, preposition or speech verb before it),
    or nothing at all after a comma-led clause (", he believes.")."""
    if THAT_NEXT_RE.match(text, m.end(), sent.end):
        return True
    if (m.group().lower() in R.BELIEF_TO_VERBS and TO_NEXT_RE.match(text, m.end(), sent.end)
            and not text[sent.start:m.start()].rstrip().endswith(",")):
        return True  # "the firm expects to hire" (not "the deal, expected to close")
    stop = CLAUSE_STOP_RE.search(text, m.end(), sent.end)
    words = TOKEN_RE.findall(text, m.end(), stop.start() if stop else sent.end)
    if not words:
        before = text[sent.start:m.start()]
        return "," in before and len(before[before.rfind(",") + 1:].split()) <= 4
    for w in words[:R.BELIEF_CLAUSE_WORDS + 1]:
        low = w.lower()
        if low in R.PREPOSITIONS or low in SPEECH_WORDS:
            return False  # "hopes of a deal", "those who know him say": no view stated
        if low in R.CLAUSE_WORDS:
            return True
    return False


def _quoted_verb(text: str, m: re.Match, quotes: list[tuple[int, int]]) -> bool:
    """True for a verb inside someone's quoted words: theirs, not a cue (unless it opens
    the quotation, 'X “said ...”')."""
    q = _inside(m.start(), quotes)
    inner = _quote_inner(text, q) if q else None
    return q is not None and (inner is None or inner[0] != m.start())


@dataclass(frozen=True)
class Rule:
    """One readable rule: its name (the ``rule`` column) and what it means for a student."""

    name: str
    explained: str


QUOTE_SAID_X = Rule("quote, said X",
                    "a quotation followed by a reporting verb and then the speaker")
QUOTE_X_SAID = Rule("quote, X said", "a quotation followed by the speaker and a reporting verb")
SAID_IN_QUOTE = Rule("X \u201csaid ...\u201d", "a quotation that starts with a reporting "
                     "verb; the speaker stands just before it")
SAID_CONTENT_AFTER = Rule("X said, content after", "speaker, reporting verb, then what was said")
CONTENT_X_SAID = Rule("content, X said", "what was said, then the speaker and a verb at the "
                      "end of the sentence")
CONTENT_SAID_X = Rule("content, said X", "what was said, then a verb and the speaker at the "
                      "end of the sentence")
ACCORDING_TO = Rule("according to X", "a phrase such as 'according to', 'as per', 'as quoted "
                    "by' before the source")
REPORTEDLY = Rule("reportedly", "an adverb that attributes without naming anyone")
IT_IS_THOUGHT = Rule("it is thought", "a passive such as 'is thought' or 'were expected' that "
                     "attributes without naming anyone")
CREDIT_LINE = Rule("credit line", "a line crediting agencies or reporters")
QUOTED_AS = Rule("quoted X as saying", "'quoted X as saying': X is the speaker, 'as saying' "
                 "the cue")
Y_QUOTED_X = Rule("Y quoted X", "'Y quoted X as saying': Y, who passed the words on, is a "
                  "source too")
CITING = Rule("X ..., citing Y", "a clause followed by ', citing ...': the sentence's subject "
              "cites it")
CARRIED_OVER = Rule("carried-over speaker", "a quotation with no speaker in its sentence (or "
                    "one that goes on from the paragraph before): the last quoted speaker is "
                    "assumed")
SCARE_QUOTE = Rule("scare quote", "a short phrase in quotation marks with no reporting verb")
BELIEVES = Rule("X believes", "a verb of belief, knowledge or finding ('believes', 'expects', "
                "'knows', 'is concerned', 'found that') and what the person believes or "
                "found, before or after it")
#: Every rule, in the order the lesson lists them.
RULES: tuple[Rule, ...] = (QUOTE_SAID_X, QUOTE_X_SAID, SAID_IN_QUOTE, SAID_CONTENT_AFTER,
                           CONTENT_X_SAID, CONTENT_SAID_X, ACCORDING_TO, REPORTEDLY,
                           IT_IS_THOUGHT, CREDIT_LINE, QUOTED_AS, Y_QUOTED_X, CITING,
                           CARRIED_OVER, SCARE_QUOTE, BELIEVES)
#: What each rule name in the ``rule`` column means, in words a student can read.
RULES_EXPLAINED: dict[str, str] = {r.name: r.explained for r in RULES}

Span = tuple[int, int]


@dataclass
class _Cue:
    """One cue of a sentence and what a rule reads around it."""

    text: str
    sent: Sentence
    kind: str
    m: re.Match
    nxt: int                       # where the next cue (or the sentence) starts
    quotes: list[Span]
    quote_here: Span | None        # the quotation the cue stands in
    q_before: Span | None          # a quotation ending before the cue
    later: list[tuple[str, re.Match]]  # the cues after this one in the sentence
    last_speaker: Span | None      # the speaker of the cue before
    previous: str | None           # the sentence before, for the channel


@dataclass
class _Reading:
    """What a rule read around a cue."""

    rule: Rule
    source: Span | None
    content: Span | None
    cue: Span
    mode: str = ""                 # set by the rule when the content does not decide it
    also: list[_Row] | None = None  # rows found on the way (Y in "Y quoted X as saying")


def _credit(c: _Cue) -> _Reading:
    """'Reporting by X', 'with inputs from X': a credit line."""
    return _Reading(CREDIT_LINE, speaker_after(c.text, c.m.end(), c.sent.end), None,
                    c.m.span(), mode="credit line")


def _vague(c: _Cue) -> _Reading:
    """'reportedly', 'is thought to': attributed to no one named; the cue is the source."""
    rule = REPORTEDLY if " " not in c.m.group() else IT_IS_THOUGHT
    return _Reading(rule, c.m.span(), _content_after(c.text, c.m.end(), c.nxt, c.quotes),
                    c.m.span())


def _according_to(c: _Cue) -> _Reading | None:
    """'according to X': X after the cue, the content before or after."""
    text, sent, c0 = c.text, c.sent, c.m.start()
    src = speaker_after(text, c.m.end(), sent.end)
    if src is None:
        return None
    if doc := DOC_PREFIX_RE.match(text, src[0], src[1]):
        src = (doc.end(), src[1])  # "according to a report by X": X
    after_src = src[1]
    if who := RELATIVE_CLAUSE_RE.match(text, after_src, sent.end):
        after_src = who.end()  # "according to X, who first broke the news, ..."
    if c.q_before and not text[c.q_before[1] + 1:c0].strip(" ,"):
        content = _quote_inner(text, c.q_before)
    elif not _short_tail(text, after_src, sent.end, 2):
        content = _content_after(text, after_src, sent.end, c.quotes)
    else:
        content = _content_before(text, sent, c0)
    return _Reading(ACCORDING_TO, src, content, c.m.span())


def _quoted_as(c: _Cue) -> _Reading:
    """'Y quoted X as saying': X speaks; Y, who passed the words on, is a row of its own."""
    text, sent, m, c0 = c.text, c.sent, c.m, c.m.start()
    src = (m.start("source"), m.end("source"))
    if c.q_before:
        content = _quote_inner(text, c.q_before)
    else:
        content = _content_after(text, m.end(), c.nxt, c.quotes)
    also = []
    lo = c.q_before[1] + 1 if c.q_before else sent.start
    if teller := speaker_before(text, lo, c0):
        also.append(_Row(sent.paragraph, sent.id, teller, (c0, m.end("quoted")), content,
                         _mode(text, content, c.quotes),
                         guess_channel(sent, c.previous, text[teller[0]:teller[1]], "quoted"),
                         Y_QUOTED_X.name))
    return _Reading(QUOTED_AS, src, content, (m.start("cue"), m.end("cue")), also=also)


def _citing(c: _Cue) -> _Reading:
    """'X ..., citing Y': the sentence's subject cites what follows."""
    src = sentence_subject(c.text, c.sent, c.m.start())
    if src:
        src = (src[0], _drop_trailing(c.text, src[0], src[1]))
    return _Reading(CITING, src, _content_after(c.text, c.m.end(), c.nxt, c.quotes), c.m.span())


def _in_a_quote(c: _Cue) -> bool:
    return c.quote_here is not None


def _said_in_quote(c: _Cue) -> _Reading | None:
    """'X “said ...”': a quotation opening with the verb; the speaker stands before it."""
    inner = _quote_inner(c.text, c.quote_here)
    if inner is None or inner[0] != c.m.start():
        return None  # a verb inside someone's quoted words is theirs, not a cue
    if _scare_quote(c.text, inner):
        return None  # a "recommended" rating: a short phrase in quotes, not speech
    src = speaker_before(c.text, c.sent.start, c.quote_here[0])
    return _Reading(SAID_IN_QUOTE, src, _content_after(c.text, c.m.end(), c.quote_here[1], []),
                    c.m.span(), mode="mixed")


def _right_after_a_quote(c: _Cue) -> bool:
    return bool(c.q_before and _closes_quote(c.text, c.q_before)
                and not c.text[c.q_before[1] + 1:c.m.start()].strip(" ,"))


def _quote_said_x(c: _Cue) -> _Reading:
    """'“...,” said X': the speaker after the verb."""
    return _Reading(QUOTE_SAID_X, speaker_after(c.text, c.m.end(), c.sent.end),
                    _quote_inner(c.text, c.q_before), c.m.span())


def _a_quote_then_a_short_tail(c: _Cue) -> bool:
    return bool(c.q_before and _closes_quote(c.text, c.q_before)
                and _short_tail(c.text, c.m.end(), c.sent.end))


def _quote_x_said(c: _Cue) -> _Reading:
    """'“...,” X said.': the speaker between the quotation and the verb."""
    return _Reading(QUOTE_X_SAID, speaker_before(c.text, c.q_before[1] + 1, c.m.start()),
                    _quote_inner(c.text, c.q_before), c.m.span())


def _verb(c: _Cue) -> _Reading | None:
    """A reporting verb with no quotation around it: the speaker before it (or, inverted,
    after it) and the content after it (or before, when the verb ends the sentence)."""
    text, sent, c0, c1 = c.text, c.sent, c.m.start(), c.m.end()
    hi2 = _drop_trailing(text, sent.start, c0)
    region = text[sent.start:hi2].rstrip()
    inverted = region.endswith(",") and not c.last_speaker and _short_tail(
        text, c1, sent.end, 8) and not CLAUSE_WORD_RE.search(text, c1, sent.end)
    if inverted:
        # "..., said Maria Rossi of the city council.": speaker after, content before
        src = speaker_after(text, c1, sent.end)
    elif AND_BUT_END_RE.search(region) or _clause_before_ing(text, sent, c0, c1):
        # "took to social media and wrote", "She resigned ... stating": the subject
        src = sentence_subject(text, sent, c0)
    else:
        src = speaker_before(text, sent.start, c0)
    if src is None and region.endswith(","):
        # ", indicating that": the speaker of the cue before; "X, a board member,
        # adds": the subject at the start of the sentence
        src = c.last_speaker or sentence_subject(text, sent, c0)
    if src is None:
        return None
    if CLAUSE_WORD_RE.match(text, src[0]):
        # "X's response ... was first to recommend": no speaker starts with "was"; the subject
        src = sentence_subject(text, sent, c0)
        if src is None:
            return None
    if owner := OWNER_RE.fullmatch(text, src[0], src[1]):
        src = owner.span(1)  # "X's statement said": X speaks (issue 18)
    if inverted:
        return _Reading(CONTENT_SAID_X, src, _content_before(text, sent, c0), c.m.span())
    if (_short_tail(text, c1, sent.end) or _circumstance_tail(text, c1, sent.end)
            or (text[c1:c1 + 1] == "," and text[c1 + 1:c1 + 3].strip()[:1] not in
                ("\u201c", '"'))) and text[sent.start:src[0]].rstrip().endswith(",") \
            and not _channel_opener(text, sent.start, src[0]):
        # "The road will close, the mayor said (on Monday)." or "..., he said, but"
        return _Reading(CONTENT_X_SAID, src, _content_before(text, sent, src[0]), c.m.span())
    end = _drop_trailing(text, c1, c.nxt)
    if c.later and c.later[0][0] == "verb":
        nsrc = speaker_before(text, sent.start, c.nxt)
        clause = text.rfind(", ", c1, c.nxt)
        if clause > 0 and _clause_before_ing(text, sent, c.nxt, c.later[0][1].end()):
            end = clause  # '..., releasing a statement saying': a new clause
        elif nsrc and nsrc[0] > c1:
            end = nsrc[0]
    return _Reading(SAID_CONTENT_AFTER, src, _content_after(text, c1, end, c.quotes, text[c0:c1]),
                    c.m.span())


def _a_view(c: _Cue) -> bool:
    return _is_view(c.m)


def _believes(c: _Cue) -> _Reading | None:
    """'X believes/expects/knows (that) ...', 'the report found that ...': read like a
    reporting verb, named as a view."""
    found = _verb(c)
    return None if found is None else _Reading(BELIEVES, found.source, found.content,
                                               found.cue, found.mode, found.also)


def _channel_opener(text: str, a: int, b: int) -> bool:
    """True when the words before the speaker are only a phrase of channel, time or place
    ("In a statement, the firm said ..."): not what was said (issue 18)."""
    head = text[a:b].rstrip().rstrip(",")
    return "," not in head and _circumstance_tail(text, a, a + len(head))


def _always(c: _Cue) -> bool:
    return True


#: Cue kind -> (test, rule) pairs tried in order: the first whose test passes reads the
#: cue; a rule that returns None finds nothing there. This table is the extractor's logic.
READERS: dict[str, tuple[tuple[Callable[[_Cue], bool], Callable[[_Cue], _Reading | None]], ...]] = {
    "credit": ((_always, _credit),),
    "vague": ((_always, _vague),),
    "after": ((_always, _according_to),),
    "quoted-as": ((_always, _quoted_as),),
    "citing": ((_always, _citing),),
    "verb": ((_in_a_quote, _said_in_quote), (_right_after_a_quote, _quote_said_x),
             (_a_quote_then_a_short_tail, _quote_x_said), (_a_view, _believes),
             (_always, _verb)),
}
#: Cue kinds whose rows may have no named source (the cue itself attributes).
NO_SOURCE_NEEDED = ("vague",)
#: Cue kinds whose speaker a later ", indicating that" may refer back to.
SPEAKING = ("verb", "after", "quoted-as")


def _sentence_rows(text: str, sent: Sentence, before: Sentence | None,
                   quotes: list[Span]) -> list[_Row]:
    """Apply the rules of ``READERS`` to each cue of one sentence (``before``: the
    sentence before it in the paragraph, for the channel)."""
    previous = before.text if before else None
    cues = [(kind, m) for kind, m in _cues_in(text, sent)
            if kind != "verb" or not _quoted_verb(text, m, quotes)]
    rows: list[_Row] = []
    last_speaker: Span | None = None
    for i, (kind, m) in enumerate(cues):
        if kind == "negated":
            continue  # it only ends the words of the cue before it
        # a quotation ending before the cue; it may open a sentence before this one
        before_q = [q for q in quotes if sent.start <= q[1] < m.start()
                    and (q[0] >= sent.start - 1 or q[1] > sent.start + 1)]
        cue = _Cue(text, sent, kind, m, cues[i + 1][1].start() if i + 1 < len(cues) else sent.end,
                   quotes, _inside(m.start(), quotes), before_q[-1] if before_q else None,
                   cues[i + 1:], last_speaker, previous)
        rule = next(read for test, read in READERS[kind] if test(cue))
        found = rule(cue)
        if found is None:
            continue
        rows.extend(found.also or [])
        if found.source is None and kind not in NO_SOURCE_NEEDED:
            continue
        last_speaker = found.source if kind in SPEAKING else last_speaker
        source_text = text[found.source[0]:found.source[1]] if found.source else ""
        cue_text = text[found.cue[0]:found.cue[1]]
        rows.append(_Row(sent.paragraph, sent.id, found.source, found.cue, found.content,
                         found.mode or _mode(text, found.content, quotes),
                         guess_channel(sent, previous, source_text, cue_text), found.rule.name))
    return rows


def _quote_rows(text: str, sentences: list[Sentence], rows: list[_Row],
                last_quoted: _Row | None, quotes: list[tuple[int, int]], pid: str) -> list[_Row]:
    """Quotations no cue explained in paragraph ``pid``: a scare quote if short, else the
    speaker of the last quotation before it (``last_quoted``: the last one in earlier
    paragraphs; ``rows``: this paragraph's rows; ``sentences``: the paragraph's)."""
    extra: list[_Row] = []
    for q in quotes:
        covered = any(r.content and r.content[0] <= q[1] and q[0] <= r.content[1]
                      for r in rows)
        inner = _quote_inner(text, q)
        if inner is None or (covered and not SO_CALLED_END_RE.search(text, max(0, q[0] - 12),
                                                                       q[0])):
            continue  # explained by a cue, unless marked 'so-called “...”' 
        sent = _sentence_at(sentences, q[0] + 1) or _sentence_at(sentences, q[0])
        sid = sent.id if sent else ""
        if _scare_quote(text, inner):
            src, cue = _scare_quote_source(text, q, sent.end if sent else q[1] + 1)
            extra.append(_Row(pid, sid, src, cue, inner, "scare quote", "not stated",
                              SCARE_QUOTE.name))
            continue
        earlier = [r for r in rows + extra if _is_quoted(r) and r.content[1] <= q[0]]
        last = earlier[-1] if earlier else last_quoted
        src = last.source if last else None
        channel = last.channel if last else "not stated"
        extra.append(_Row(pid, sid, src, None, inner, "direct quote", channel,
                          CARRIED_OVER.name))
    return extra


def _scare_quote_source(text: str, q: tuple[int, int], end: int
                        ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Who uses a scare quote's words, and the cue, when the words around it say so:
    'X’s “...”', 'so-called “...”' (a vague source), 'dubbed “...” by X'."""
    off = max(0, q[0] - 40)
    if poss := POSSESSIVE_END_RE.search(text, off, q[0]):
        return (poss.start(1), poss.end(1)), None
    if so_called := SO_CALLED_END_RE.search(text, off, q[0]):
        return (so_called.start(1), so_called.end(1)), None
    naming = NAMING_END_RE.search(text, off, q[0])
    by = BY_AFTER_RE.match(text, q[1] + 1, end)
    if naming and by:
        return speaker_after(text, by.end(), end), (naming.start(1), naming.end(1))
    return None, None


def _scare_quote(text: str, inner: tuple[int, int]) -> bool:
    """A short phrase in quotation marks (at most ``SCARE_QUOTE_WORDS`` words, no full stop)."""
    return (len(text[inner[0]:inner[1]].split()) <= R.SCARE_QUOTE_WORDS
            and not SENTENCE_PUNCT_RE.search(text[inner[0]:inner[1]]))


def _is_quoted(r: _Row) -> bool:
    """A quotation with a speaker and words: one a later quotation can carry over from."""
    return r.mode in ("direct quote", "mixed") and bool(r.source) and bool(r.content)


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence of ``sentences`` containing ``offset``, or None."""
    for s in sentences:
        if s.start <= offset < s.end:
            return s
    return None


def extract(article: Article) -> pd.DataFrame:
    """All attributions the rules find in ``article``, one row each, in text order.

    One pass over the paragraphs, each looked at once: the cost grows with the length of
    the text, not with its square."""
    text = article.text
    by_paragraph: dict[str, list[Sentence]] = {}
    for sent in article.sentences:
        by_paragraph.setdefault(sent.paragraph, []).append(sent)
    rows: list[_Row] = []
    last_quoted: _Row | None = None
    continued = continued_quotes(text, article.paragraphs)
    for para in article.paragraphs:
        if para.kind in ("heading", "boilerplate"):
            continue
        quotes = find_quotes(text, para.start, para.end, inside=para.id in continued)
        para_rows: list[_Row] = []
        before: Sentence | None = None
        for sent in by_paragraph.get(para.id, []):
            para_rows += _sentence_rows(text, sent, before, quotes)
            before = sent
        para_rows += _quote_rows(text, by_paragraph.get(para.id, []), para_rows, last_quoted,
                                 quotes, para.id)
        rows += para_rows
        last_quoted = next((r for r in reversed(para_rows) if _is_quoted(r)), last_quoted)
    return _to_frame(text, rows)


SPAN_COLUMNS = ("source_start", "source_end", "cue_start", "cue_end", "content_start",
                "content_end")


def _to_frame(text: str, rows: list[_Row]) -> pd.DataFrame:
    """The rows as the extractor's DataFrame, sorted by cue (or content) offset, without
    duplicate rows (sorted and de-duplicated in plain Python: cheaper than in pandas)."""
    records = []
    for r in rows:
        source, cue, content = (_span_cells(text, s) for s in (r.source, r.cue, r.content))
        kind = ("unnamed or vague" if r.rule in (REPORTEDLY.name, IT_IS_THOUGHT.name)
                else guess_source_type(source[0]))
        records.append((r.paragraph, r.sentence, *source, *cue, *content, r.mode, r.channel,
                        kind, r.rule))
    cue_at, content_at = COLUMNS.index("cue_start"), COLUMNS.index("content_start")

    def order(record: tuple) -> tuple[bool, int]:
        at = record[cue_at] if record[cue_at] is not None else record[content_at]
        return (at is None, at or 0)  # rows with neither span go last

    unique = list(dict.fromkeys(sorted(records, key=order)))
    if not unique:
        return pd.DataFrame([], columns=COLUMNS).astype({name: "Int64" for name in SPAN_COLUMNS})
    return pd.DataFrame({name: pd.array(list(values), dtype="Int64") if name in SPAN_COLUMNS
                         else list(values) for name, values in zip(COLUMNS, zip(*unique))},
                        columns=COLUMNS)


def _span_cells(text: str, span: tuple[int, int] | None) -> tuple[str, int | None, int | None]:
    """A span's text, start and end (empty text and no offsets for a missing span)."""
    return (text[span[0]:span[1]], span[0], span[1]) if span else ("", None, None)
