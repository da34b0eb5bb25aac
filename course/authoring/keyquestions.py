"""Questions made from an article's answer keys, so any article gets the exercises' key questions.

``python -m course key-questions <article-id>`` reads the reviewed keys (attribution.toml,
naming.toml, chronology.toml) and writes ``questions/90_from_key.toml`` with five questions
of fixed ids, which the exercises ask on every article:

- ``key.attribution.source_types`` matching: attributed sources -> source type
- ``key.attribution.modes``        matching: short content excerpts -> mode
- ``key.attribution.who_says``     single: who says these quoted words?
- ``key.contrast.naming``          matching: naming expressions -> whose words
- ``key.contrast.sides``           matching: the statements of the key's strongest pairs
                                   -> who says each
- ``key.contrast.differs``         multiple: how the strongest pair's statements differ
- ``key.chronology.dates``         matching: time expressions as written -> resolved value
- ``key.chronology.order``         ordering: events with distinct dates, earliest first
                                   (3 to 5 events; 2 when the key dates no more apart)
- ``key.chronology.certainty``     matching: events -> how sure their date is

Each explanation quotes the article's words it rests on, and each answer points at its
evidence spans.

A question the key has too little material for is left out, with the reason. ``draft-key``
writes the same from the drafts into ``questions/90_from_key.draft.toml``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..text.article import Article, load_article, read_data_file
from ..text.files import atomic_write
from ..text.keyfiles import draft_name
from ..parts.contrast import pairs_by_strength
from ..parts.keyloaders import load_key
from ..text.keyfiles import CERTAINTY
from ..text.plain import date_words, time_value_words
from ..engine.questions import QuestionError, load_file, validate_question
from ..text.tomlwrite import dumps

QUESTIONS_FILE = "questions/90_from_key.toml"
QUESTIONS_DRAFT = "questions/90_from_key.draft.toml"
IDS = ("key.attribution.source_types", "key.attribution.modes", "key.attribution.who_says",
       "key.contrast.naming", "key.contrast.sides", "key.contrast.differs",
       "key.chronology.dates", "key.chronology.order", "key.chronology.certainty")
ITEM_MAX = 90  # characters of a content excerpt shown as a matching item


class KeyMissing(Exception):
    """The key file a question needs is not there (the reason names it)."""


# ------------------------------------------------------------------ reading keys

def read_key(article: Article, name: str, draft: bool) -> dict:
    """A key file's data: the reviewed file through the part's own loader (every span
    checked), or the draft (``<name>.draft.toml``) as written by draft-key."""
    file = draft_name(name) if draft else name
    if not (article.folder / file).is_file():
        raise KeyMissing(f"the article has no {file}")
    if draft:
        return read_data_file(article, file, f"{file} is written by python -m course "
                              "draft-key.")[1]
    return load_key(article, name)


def _short(text: str, limit: int = ITEM_MAX) -> str:
    """A text cut at a word to ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _spread(rows: list[dict], group: Callable[[dict], str], n: int) -> list[dict]:
    """Up to ``n`` rows taken in turn from each group (variety), then back in text order."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(group(r), []).append(r)
    picked: list[dict] = []
    while len(picked) < n and any(groups.values()):
        for g in list(groups):
            if groups[g] and len(picked) < n:
                picked.append(groups[g].pop(0))
    return sorted(picked, key=lambda r: r["_pos"])


def _categories(chosen: list[str], vocabulary: list[str], minimum: int = 4) -> list[str]:
    """The categories in the answer, plus others of the vocabulary up to ``minimum``, in
    vocabulary order (categories outside the vocabulary last)."""
    extra = [v for v in vocabulary if v not in chosen]
    wanted = set(chosen) | set(extra[:max(0, minimum - len(set(chosen)))])
    return [v for v in vocabulary if v in wanted] + [c for c in dict.fromkeys(chosen)
                                                       if c not in vocabulary]


def _matching(qid: str, part: str, prompt: str, rows: list[dict], hints: list[str],
              categories: list[str], lead: str) -> dict:
    """A matching question: each row gives an item, its category and its evidence span;
    the explanation quotes each evidence span (once, when the item is those words)."""
    def said(r: dict) -> str:  # an item that is the article's words is quoted as such
        words = _quoted(r["span"], 60)
        return words if r.get("words") else f"{r['item']} ({words})"
    explanation = lead + " " + "; ".join(f"{said(r)}: {r['category']}" for r in rows) + "."
    return {"id": qid, "part": part, "type": "matching", "prompt": prompt,
            # categories in alphabetical order, so that their order never gives the answer away
            "items": [r["item"] for r in rows],
            "categories": sorted(categories, key=str.casefold),
            "answer": [r["category"] for r in rows], "hints": hints,
            "explanation": explanation,
            "evidence": {r["item"]: [dict(r["span"])] for r in rows}}


def _unique_items(rows: list[dict]) -> list[dict]:
    """Rows whose item text is unique ignoring case (the checker ignores case)."""
    seen: dict[str, str] = {}
    out = []
    for r in rows:
        key = r["item"].casefold()
        if key in seen:
            continue
        seen[key] = r["category"]
        out.append(r)
    return out


# ------------------------------------------------------------------ the five questions

def q_source_types(article: Article, draft: bool) -> dict:
    key = read_key(article, "attribution.toml", draft)
    vocab = key.get("vocabulary", {}).get("source_type", [])
    rows, seen = [], set()
    for e in key.get("entries", []):
        if e.get("mode") in ("own voice", "credit line") or \
                e.get("source_type") == "the article itself":
            continue
        if e.get("named") == "vague":
            continue  # a vague source has no name to classify (another question asks about it)
        name = str(e.get("source_name", "")).strip()
        if not name or name.casefold() in seen or name == "not stated in the sentence":
            continue
        seen.add(name.casefold())
        where = e.get("source") or e.get("cue") or e.get("content")
        rows.append({"item": name, "category": e["source_type"], "span": where,
                     "_pos": where["start"]})
    rows = _spread(rows, lambda r: r["category"], 6)
    if len(rows) < 3:
        raise KeyMissing(f"the attribution key names {len(rows)} distinct source(s); "
                         "this question needs at least 3")
    cats = _categories([r["category"] for r in rows],
                       [v for v in vocab if v != "the article itself"])
    return _matching("key.attribution.source_types", "attribution",
                     "What kind of source is each of these? Match each source the article "
                     "quotes or cites to its type.", rows,
                     ["Find each name in the article: what is the person or body, and "
                      "who do they speak for?"], cats,
                     "From the article's answer key:")


def q_modes(article: Article, draft: bool) -> dict:
    key = read_key(article, "attribution.toml", draft)
    vocab = key.get("vocabulary", {}).get("mode", [])
    # the paragraph goes with the words: the same words may stand elsewhere in another mode
    rows = [{"item": f"{_short(e['content']['text'])} ({e['content']['paragraph']})",
             "category": e["mode"], "words": True,
             "span": e["content"], "_pos": e["content"]["start"]}
            for e in key.get("entries", []) if e.get("content") and e.get("mode")
            and e["mode"] != "credit line"]
    rows = _spread(_unique_items(rows), lambda r: r["category"], 5)
    if len(rows) < 3:
        raise KeyMissing(f"the attribution key has {len(rows)} usable statement(s); this "
                         "question needs at least 3")
    cats = _categories([r["category"] for r in rows], [v for v in vocab if v != "credit line"])
    return _matching("key.attribution.modes", "attribution",
                     "How does the article report each of these words? Choose from: "
                     f"{', '.join(sorted(cats, key=str.casefold))}.",
                     rows, ["Look for quotation marks around the words in the article.",
                            "Indirect speech tells what someone said without their exact words."],
                     cats, "From the article's answer key:")


def _quoted(span: dict, limit: int = ITEM_MAX) -> str:
    """The article's words of ``span`` in quotation marks, with their paragraph:
    '“the words” (P4)' (cut at a word, with an ellipsis, when long). The span's own
    quotation marks and trailing comma are left out, so that the marks are not doubled."""
    words = span["text"].strip().strip("“”\"").strip().rstrip(",").strip("“”\"").strip()
    return f"“{_short(words, limit)}” ({span['paragraph']})"


def q_who_says(article: Article, draft: bool) -> dict:
    """Who says these words? The first direct quotation of a named source, with the other
    named sources of the key as the other choices."""
    key = read_key(article, "attribution.toml", draft)
    entries = [e for e in key.get("entries", [])
               if e.get("named") == "named" and e.get("content") and e.get("source")
               and e.get("mode") not in ("own voice", "credit line", "scare quote")
               and str(e.get("source_name", "")).strip()]
    names = list(dict.fromkeys(str(e["source_name"]).strip() for e in entries))
    quotes = [e for e in entries if e.get("mode") == "direct quote"] or entries
    if len(names) < 3 or not quotes:
        raise KeyMissing(f"the attribution key names {len(names)} distinct named source(s) "
                         "with their words; this question needs at least 3")
    e = min(quotes, key=lambda e: e["content"]["start"])
    answer = str(e["source_name"]).strip()

    def overlaps(x: dict) -> bool:  # a channel of the same words ("X quoted Y") is no wrong choice
        return x["content"]["start"] < e["content"]["end"] and \
            e["content"]["start"] < x["content"]["end"]
    same = {str(x["source_name"]).strip().casefold() for x in entries if overlaps(x)}
    others = [n for n in names if n.casefold() != answer.casefold()
              and n.casefold() not in same][:3]
    if len(others) < 2:
        raise KeyMissing(f"the attribution key names {len(others) + 1} source(s) who could "
                         "not have said these words; this question needs at least 3")
    return {"id": "key.attribution.who_says", "part": "attribution", "type": "single",
            "prompt": f"Who says these words in the article: {_quoted(e['content'])}?",
            "options": sorted([answer, *others], key=str.casefold), "answer": answer,
            "hints": [f"Find the words in {e['content']['paragraph']}: whose name stands next "
                      "to them, or before the sentence that brings them in?"],
            "explanation": f"The article names who says these words: {_quoted(e['source'])}, "
                           f"that is, {answer}.",
            "evidence": {answer: [dict(e["content"]), dict(e["source"])]}}


def q_sides(article: Article, draft: bool) -> dict:
    """Who says each statement of the key's two strongest pairs?"""
    key = read_key(article, "contrast.toml", draft)
    rows = [{"item": _quoted(s, 70), "category": s["source"].strip(), "span": s,
             "_pos": s["start"], "words": True}
            for p in pairs_by_strength(key.get("pairs", []))[:2] for s in (p["a"], p["b"])]
    rows = _unique_items(rows)
    cats = list(dict.fromkeys(r["category"] for r in rows))
    if len(rows) < 2 or len(cats) < 2:
        raise KeyMissing("the contrast key has no pair of statements by two different "
                         "sources; this question needs one")
    rows.sort(key=lambda r: r["_pos"])
    return _matching("key.contrast.sides", "contrast",
                     "The article sets these statements side by side. Who says each?", rows,
                     ["Find each statement in its paragraph: whose words are they, and who "
                      "does the article say they come from?"], cats,
                     "From the article's contrast key:")


def q_differs(article: Article, draft: bool) -> dict:
    """How do the two statements of the key's strongest pair differ?"""
    from ..text.keyfiles import DIFFERENCES
    from ..text.missing import PLACEHOLDER
    key = read_key(article, "contrast.toml", draft)
    pairs = [p for p in pairs_by_strength(key.get("pairs", []))
             if PLACEHOLDER not in p["explanation"]
             and set(p.get("differs", [])) <= set(DIFFERENCES)]
    if not pairs:
        raise KeyMissing("the contrast key has no pair with a written explanation; this "
                         "question needs one")
    p = pairs[0]
    a, b = p["a"], p["b"]
    return {"id": "key.contrast.differs", "part": "contrast", "type": "multiple",
            "prompt": f"{a['source']} says {_quoted(a)}; {b['source']} says {_quoted(b)}. "
                      "How do these two statements differ? Tick all that apply.",
            "options": list(DIFFERENCES), "answer": list(p["differs"]),
            "hints": ["Content: do they say different things? Certainty: is one surer? "
                      "Framing: do they present the same thing in a different light? Who "
                      "speaks for whom: does one of them speak for, or describe the position "
                      "of, someone else?"],
            "explanation": f"{a['source']}: {_quoted(a, 50)}; {b['source']}: "
                           f"{_quoted(b, 50)}. From the article's contrast key "
                           f"({p['matter']}): {p['explanation']}",
            "evidence": [dict(a), dict(b)]}


def _quoted_part(row: dict) -> dict:
    """An expression with words in quotation marks around the article's own ("an act of
    “treason”"): only the quoted words are the speaker's, so the item and its evidence
    become those words ("“treason” (P16)")."""
    span, text = row["span"], row["span"]["text"]
    left, right = text.find("“"), text.find("”")
    if left < 0 or right < left or (left == 0 and right == len(text) - 1):
        return row
    start = span["start"] + left
    quoted = {**span, "start": start, "end": span["start"] + right + 1,
              "text": text[left:right + 1]}
    return {**row, "item": f"{quoted['text']} ({span['paragraph']})", "span": quoted}


def q_naming(article: Article, draft: bool) -> dict:
    key = read_key(article, "naming.toml", draft)
    names = key.get("names", [])
    voices: dict[str, set[str]] = {}

    def item(n: dict) -> str:  # the expression and its paragraph: the same words may recur
        return f"{n['expression']} ({n['span']['paragraph']})"
    for n in names:
        voices.setdefault(item(n).casefold(), set()).add(n["voice"])
    # in reported speech the words may be the journalist's, not the speaker's: whose words
    # they are is not certain, so those expressions are not asked about
    rows = [_quoted_part({"item": item(n), "category": n["voice"], "span": n["span"],
                          "_pos": n["span"]["start"], "words": True})
            for n in names if len(voices[item(n).casefold()]) == 1
            and "reported" not in str(n.get("how", "")).casefold()]
    rows = _spread(_unique_items(rows), lambda r: r["category"], 6)
    cats = list(dict.fromkeys(r["category"] for r in rows))
    if len(rows) < 3 or len(cats) < 2:
        raise KeyMissing(f"the naming key has {len(rows)} expression(s) from {len(cats)} "
                         "voice(s); this question needs at least 3 from 2 voices")
    return _matching("key.contrast.naming", "contrast",
                     "Whose words are these? Match each expression (with the paragraph "
                     "it is in) to the voice that uses it. Where the article names the "
                     "outlet that carried the words, choose the voice that names it.", rows,
                     ["Is the expression inside quotation marks? Then they are the speaker's "
                      "words; otherwise they are the article's own."], cats,
                     "Only expressions in quotation marks or in the article's own words are "
                     "asked (in reported speech the words may be the journalist's). From the "
                     "article's naming key:")


def describe_value(value: str) -> str:
    """A time value in plain words, its technical form after it for the curious
    ("Sunday 25 June 2023 (2023-06-25)", "a length of time, not a date (PXDE)")."""
    from ..parts.timex import date_range
    span = date_range(value)
    if span and "W" in value and span[0] != span[1]:
        return f"the week of {span[0]:%A} {span[0].day} {span[0]:%B %Y} ({value})"
    if value.startswith("P") and not value.endswith("_REF"):
        return f"a length of time, not a date: {time_value_words(value)} ({value})"
    words = time_value_words(value)
    return value if words == value else f"{words} ({value})"


def _in_quotation(article: Article, span: dict) -> bool:
    """Whether ``span`` stands inside quotation marks in its paragraph (an open curly quote
    not yet closed, or an odd number of straight ones, before it)."""
    para = article.paragraph_at(span["start"])
    before = article.text[para.start:span["start"]] if para else ""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def q_dates(article: Article, draft: bool) -> dict:
    from ..parts.timex import date_range
    key = read_key(article, "chronology.toml", draft)
    # inside a quotation, "last year" counts from when the speaker spoke, which the
    # article may not give: only the article's own time expressions are asked
    exprs = [e for e in key.get("expressions", []) if e.get("value")
             and not _in_quotation(article, e["span"])]
    values: dict[str, set[str]] = {}
    for e in exprs:
        values.setdefault(e["span"]["text"].casefold(), set()).add(e["value"])
    rows = [{"item": e["span"]["text"], "category": describe_value(str(e["value"])),
             "span": e["span"], "_pos": e["span"]["start"], "words": True,
             "_dated": date_range(str(e["value"])) is not None}
            for e in exprs if len(values[e["span"]["text"].casefold()]) == 1]
    rows = _unique_items(rows)
    rows = sorted(rows, key=lambda r: (not r["_dated"], r["_pos"]))[:5]
    rows.sort(key=lambda r: r["_pos"])
    cats = list(dict.fromkeys(r["category"] for r in rows))
    if len(rows) < 3 or len(cats) < 2:
        raise KeyMissing(f"the chronology key has {len(rows)} usable time expression(s) with "
                         f"{len(cats)} value(s); this question needs at least 3 with 2 values")
    published = article.meta["published"]
    return _matching("key.chronology.dates", "chronology",
                     f"The article was published on {date_words(published)}. What does each "
                     "time "
                     "expression, as written, refer to?", rows,
                     [f"Count from the publication date, {date_words(published)}: a weekday "
                      "in a report written in the past tense is the last such day on or "
                      "before it; a date written without a year takes the year of "
                      "publication."] + _value_hint(rows),
                     sorted(cats), "Resolved against the publication date:")


def _value_hint(rows: list[dict]) -> list[str]:
    """A hint on a choice that is not a date (a length of time, ...), if the question
    offers one; a day, a week or a year is a date."""
    other = sorted((r["category"] for r in rows if not r["_dated"]),
                   key=lambda c: not c.startswith("a length of time"))  # a length first
    if not other:
        return []
    kind = "a length of time" if other[0].startswith("a length of time") else "not a date"
    return [f"Not every expression is a date: one of the choices is {kind}."]


def _tie_groups(events: list[dict]) -> list[list[dict]]:
    """Events in groups whose order the key's date ranges fix: the events of a group have
    the same range (the key lets them tie, so any order among them is right), and each
    group ends before the next begins. Groups that overlap the previous one are left out.
    An event whose date the key only infers (``certainty = "inferred"``) is not put in a tie:
    its date usually hangs on another event of that day (a statement about a meeting comes
    after the meeting), so its order against that day's events is not free."""
    same: dict[tuple[str, str], list[dict]] = {}
    labels: set[str] = set()
    for e in sorted(events, key=lambda e: e.get("story_position", 0)):
        label = str(e.get("label") or e["event"]).casefold()
        if label not in labels:
            labels.add(label)
            same.setdefault((e["earliest"], e["latest"]), []).append(e)
    # earliest end first (the most groups that do not overlap), the narrowest on a tie
    ranges = sorted(same, key=lambda r: (r[1], tuple(-ord(c) for c in r[0])))
    chosen: list[tuple[str, str]] = []
    for r in ranges:
        if chosen and r[0] <= chosen[-1][1]:
            continue  # its days overlap the previous group's: the order is not certain
        chosen.append(r)
    groups = []
    for r in chosen:
        group = same[r]
        firm = [e for e in group if e.get("certainty") != "inferred"]
        groups.append(firm if len(group) > 1 and firm else group[:1])
    return groups


def q_order(article: Article, draft: bool) -> dict:
    key = read_key(article, "chronology.toml", draft)
    events = [e for e in key.get("events", []) if e.get("earliest") and e.get("latest")]
    groups = [g[:2] for g in _tie_groups(events)]  # a tie of two is enough to show it
    while sum(map(len, groups)) > 5:  # at most 5 items: drop from the largest tie first
        largest = max(groups, key=len)
        if len(largest) > 1:
            largest.pop()
        else:
            groups.pop(len(groups) // 2)
    if len(groups) < 2:
        raise KeyMissing(f"the chronology key has {len(groups)} group(s) of events whose "
                         "dates put them in order; this question needs at least 2")
    chosen = [e for g in groups for e in g]

    def label(e: dict) -> str:
        return str(e.get("label") or e["event"])
    answer: list = [label(g[0]) if len(g) == 1 else [label(e) for e in g] for g in groups]
    flat = [label(e) for e in chosen]
    story = [label(e) for e in sorted(chosen, key=lambda e: e.get("story_position", 0))]
    rank = {label(e): n for n, g in enumerate(groups) for e in g}
    in_order = all(rank[a] <= rank[b] for a, b in zip(story, story[1:]))
    items = list(reversed(flat)) if in_order else story

    def when(e: dict) -> str:
        return e["earliest"] if e["earliest"] == e["latest"] else \
            f"{e['earliest']} to {e['latest']}"
    parts = []
    for g in groups:
        text = "; ".join(f"{label(e)} ({when(e)}: {_quoted(e['evidence'], 50)})" for e in g)
        parts.append(text if len(g) == 1 else f"in either order, {text}")
    return {"id": "key.chronology.order", "part": "chronology", "type": "ordering",
            "prompt": "Put these events in the order they happened, earliest first (the "
                      "list starts in the order the article tells them). Events whose dates "
                      "may be the same can go in either order.",
            "items": items, "answer": answer,
            "hints": ["Find the date of each event in the article, then sort by date."],
            "explanation": "In order: " + "; then ".join(parts) + ".",
            "evidence": {label(e): [dict(e["evidence"])] for e in chosen}}


#: How sure an event's date is, in words a student can read (the key's certainty).
CERTAINTY_WORDS = {name: f"{name.replace('-', ' ')}: {meaning}"  # the key's own words
                   for name, meaning in CERTAINTY.items()}


def q_certainty(article: Article, draft: bool) -> dict:
    """How sure is the date of each event? Up to five events, as varied as the key allows."""
    key = read_key(article, "chronology.toml", draft)
    labels: set[str] = set()
    rows = []
    for e in sorted(key.get("events", []), key=lambda e: e.get("story_position", 0)):
        label = str(e.get("label") or e["event"])
        if label.casefold() in labels or e.get("certainty") not in CERTAINTY_WORDS:
            continue
        labels.add(label.casefold())
        rows.append({"item": label, "category": CERTAINTY_WORDS[e["certainty"]],
                     "span": e["evidence"], "_pos": e.get("story_position", 0)})
    rows = _spread(rows, lambda r: r["category"], 5)
    cats = list(dict.fromkeys(r["category"] for r in rows))
    if len(rows) < 3 or len(cats) < 2:
        raise KeyMissing(f"the chronology key has {len(rows)} event(s) with {len(cats)} "
                         "kind(s) of certainty; this question needs at least 3 with 2 kinds")
    return _matching("key.chronology.certainty", "chronology",
                     f"The article was published on {date_words(article.meta['published'])}. "
                     "How precisely does the article date each event? Match each event to "
                     "how sure its date is.", rows,
                     ["Find each event's sentence. Does it name a day? Does one day follow "
                      "from another event? Or do the words leave many days possible?"],
                     list(CERTAINTY_WORDS.values()), "From the article's chronology key:")


BUILDERS: dict[str, Callable[[Article, bool], dict]] = {
    "key.attribution.source_types": q_source_types, "key.attribution.modes": q_modes,
    "key.attribution.who_says": q_who_says,
    "key.contrast.naming": q_naming, "key.contrast.sides": q_sides,
    "key.contrast.differs": q_differs, "key.chronology.dates": q_dates,
    "key.chronology.order": q_order, "key.chronology.certainty": q_certainty,
}
#: What each question made from a key assesses (the course asks a point at most twice).
POINTS = {
    "key.attribution.source_types": "kinds of sources",
    "key.attribution.modes": "direct quote or indirect speech",
    "key.contrast.naming": "whose words a name for the events is",
    "key.chronology.dates": "what each time expression refers to",
    "key.chronology.order": "ordering the events of the story",
    "key.attribution.who_says": "who says a quotation",
    "key.contrast.sides": "which side said what",
    "key.contrast.differs": "how two statements differ",
    "key.chronology.certainty": "how sure the date of an event is",
}


def key_questions(article: Article | str | Path | None = None,
                  draft: bool = False) -> tuple[list[dict], list[tuple[str, str]]]:
    """The questions the key allows (each validated) and, for the others, why not."""
    art = load_article(article)
    made, skipped = [], []
    file = QUESTIONS_DRAFT if draft else QUESTIONS_FILE
    for qid, build in BUILDERS.items():
        try:
            raw = {**build(art, draft), "point": POINTS[qid]}
            validate_question(art, raw, file, len(made))
        except KeyMissing as why:
            skipped.append((qid, str(why)))
            continue
        except (QuestionError, KeyError, TypeError, ValueError) as err:
            skipped.append((qid, f"the key could not make a valid question ({err})"))
            continue
        made.append(raw)
    return made, skipped


HEADER = ("Questions made from the {what} answer keys of article {id} by "
          "`python -m course {command}`.\nRegenerated from the keys: edit the keys "
          "(or review them in notebooks/teacher_review.ipynb), not this file.")


def write_questions(article: Article | str | Path | None = None,
                    draft: bool = False) -> tuple[int, list[tuple[str, str]]]:
    """Write ``questions/90_from_key.toml`` (or the draft twin); return count and skipped.
    With no question to make, no file is written (and an earlier generated one is removed)."""
    art = load_article(article)
    made, skipped = key_questions(art, draft)
    name = QUESTIONS_DRAFT if draft else QUESTIONS_FILE
    path = art.folder / name
    if not made:  # the engine refuses a question file without questions
        if path.exists():
            path.unlink()  # generated from the keys, which now give no question
        return 0, skipped
    text = dumps({"questions": made},
                 HEADER.format(what="draft" if draft else "reviewed", id=art.id,
                               command=f"draft-key {art.id}" if draft
                               else f"key-questions {art.id}"))
    # the engine's own loader must accept the file as written, or the old file stays
    atomic_write(path, text, check=lambda written: load_file(art, written))
    return len(made), skipped


def report(article_id: str, count: int, skipped: list[tuple[str, str]], name: str) -> str:
    """The CLI's summary: what was written, and each question left out with the reason."""
    lines = [f"wrote {name} for {article_id}: {count} question(s)" if count else
             f"no question could be made for {article_id}, so {name} was not written"]
    lines += [f"  left out {qid}: {why}" for qid, why in skipped]
    return "\n".join(lines)
