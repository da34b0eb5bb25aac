"""The lateral-reading log: the student records the sources they checked a claim in
(online, or from the course's stored sources offline). Saved for the teacher to mark with
a level; the machine only asks questions about it."""
from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as w

from ...text.article import Article, ArticleError
from ..controls import CHOOSE, WIDE, AnswerControl, make
from ..question import Question, QuestionError, fail, string_list, text_field
from ..results import Result, invalid, unanswered
from ...text.sources import (AGREES, KINDS, LOG_FIELDS, UNKNOWN_KIND, WHERE, find_outlet,
                       load_outlets, outlets_named, reference_rows)
from .base import QuestionType, one_line


def validate(article: Article, raw: dict, where: str) -> tuple[dict, set[str]]:
    """Fields of a lateral-reading log: the claim, how many sources, the model answer and
    rubric, and (for working offline) the rows of a stored reference whose outlets the
    student may pick; every such outlet must be in the article's register of sources."""
    if "answer" in raw:
        fail(where, "a sources question has no 'answer'; write 'model_answer' and 'rubric'")
    fields: dict[str, Any] = {"claim": text_field(raw, "claim", where),
                              "model_answer": text_field(raw, "model_answer", where),
                              "rubric": string_list(raw, "rubric", where)}
    least = raw.get("min_sources")
    if not isinstance(least, int) or isinstance(least, bool) or least < 1:
        fail(where, "'min_sources' must be a whole number, 1 or more")
    fields["min_sources"] = least
    try:
        outlets = load_outlets(article)
    except ArticleError as err:
        raise QuestionError(str(err)) from None
    fields["outlets"] = outlets
    if "reference" not in raw and "rows" not in raw:
        return fields, set()
    name, rows = raw.get("reference"), raw.get("rows")
    if not isinstance(name, str) or not isinstance(rows, list) or not rows or \
            not all(isinstance(r, (str, int)) and not isinstance(r, bool) for r in rows):
        fail(where, "for working offline give both 'reference' (a file in reference/) and "
                     "'rows' (its row numbers), e.g. reference = \"timeline.md\", rows = [11]")
    try:
        picked = reference_rows(name, [str(r) for r in rows], article)
    except (KeyError, ArticleError) as err:
        fail(where, str(err).strip("'\""))
    stored: dict[str, list[str]] = {}
    for row in picked.itertuples(index=False):
        cells = [str(c) for c in row]
        for outlet in outlets_named(cells[-1], outlets):
            stored.setdefault(outlet.name, []).append(
                f"row {cells[0]}, {cells[1]}: {' | '.join(cells[2:-1])}")
    if not stored:
        fail(where, f"the rows {rows} name no outlet of {article.id}/reference/sources.toml; "
                     "add the outlets there, with who is behind them")
    fields["stored"] = tuple((k, "; ".join(v)) for k, v in stored.items())
    return fields, set()


def solution(q: Question) -> list[dict[str, str]]:
    """A model log: stored sources of different kinds, as many as the question asks."""
    picked, kinds = [], set()
    for name, says in q.stored:
        outlet = q.outlets.get(name)
        if outlet and outlet.kind not in kinds and len(picked) < q.min_sources:
            kinds.add(outlet.kind)
            picked.append({"source": name, "kind": outlet.kind, "behind":
                           f"{outlet.behind} (found in: {outlet.cited})", "says": says,
                           "agrees": "adds something the article does not say",
                           "where": "the course's stored sources"})
    return picked


def expected(q: Question) -> str:
    return ("record each source you found in the boxes: which outlet, what kind of outlet "
            "it is, who is behind it, what it says and whether it agrees.")


def log_entries(answer: Any) -> list[dict[str, str]] | None:
    """A lateral-reading log as a list of sources, each with every field as a string (empty
    sources dropped); None when the answer is not a log at all."""
    if isinstance(answer, dict):
        answer = [answer]
    if not isinstance(answer, list) or not all(isinstance(e, dict) for e in answer):
        return None
    entries = []
    for raw in answer:
        entry = {k: str(raw.get(k) or "").strip() for k in LOG_FIELDS}
        if any(entry[k] for k in LOG_FIELDS if k != "where"):
            entries.append(entry)
    return entries


def log_words(answer: Any) -> str:
    """A lateral-reading log in plain words, one numbered source after another (what the
    answer record, the marking board and the teacher's marks file show)."""
    entries = log_entries(answer)
    if entries is None:
        return str(answer)
    out = []
    for n, e in enumerate(entries, 1):
        out.append(f"{n}. {e['source'] or '(no source named)'}"
                   f" [{e['kind'] or 'kind not chosen'}; who is behind it: "
                   f"{e['behind'] or 'not said'}] says: {e['says'] or '(nothing written)'}"
                   f" ({e['agrees'] or 'agreement not chosen'}; {e['where'] or 'found where?'})")
    return "\n".join(out) if out else "none"


def check(q: Question, answer: Any) -> Result:
    """A lateral-reading log is marked by the teacher; the machine only asks questions: too
    few sources, a missing field, an outlet labelled differently from the course's register
    (with the register's source), only state media."""
    entries = log_entries(answer)
    if entries is None:
        return invalid(f"this is not a list of sources; {expected(q)}")
    if not entries:
        return unanswered(expected(q)[0].upper() + expected(q)[1:])
    hints = []
    if len(entries) < q.min_sources:
        hints.append(f"You have recorded {len(entries)} source{'s' if len(entries) != 1 else ''}; "
                     f"the activity asks for at least {q.min_sources}. Can you find another, "
                     "ideally one that nobody in the story runs?")
    for n, e in enumerate(entries, 1):
        label = f"Source {n}" + (f" ({e['source'][:60]})" if e["source"] else "")
        missing = [what for field_, what in (
            ("source", "which outlet or website is it"), ("says", "what does it say about the "
             "claim"), ("agrees", "does it agree with the article")) if not e[field_]]
        if missing:
            hints.append(f"{label}: {'; '.join(missing)}?")
        if not e["kind"] or e["kind"] == UNKNOWN_KIND or not e["behind"]:
            hints.append(f"{label}: who is behind it? Look for the outlet's “About us” page "
                         "or an encyclopedia article about the outlet, and say where you "
                         "found out.")
        outlet = find_outlet(e["source"], q.outlets)
        if outlet is not None and e["kind"] in KINDS and e["kind"] not in (UNKNOWN_KIND,
                                                                            outlet.kind):
            hints.append(f"{label}: the course's list of sources calls {outlet.name} "
                         f"“{outlet.kind}” ({outlet.behind} Source: {outlet.cited}). "
                         "What did you find, and where?")
        if e["agrees"] and e["agrees"] not in AGREES:
            hints.append(f"{label}: does it agree with the article? Choose one of the answers "
                         "offered.")
    if len(entries) >= 2 and all(e["kind"] == KINDS[0] for e in entries):
        hints.append("All your sources are state media. Can you find one that no government "
                     "runs?")
    feedback = ("your teacher will read your sources and give them a level. Compare them "
                "with the model answer and the levels below, and choose where you would "
                "place your work.")
    return Result(False, 0.0, feedback, "written", tuple(hints))


class SourceForm:
    """One source in a lateral-reading log: a labelled field per thing to record, and a
    Remove button. Online the student names the source; offline they pick a stored one and
    see what the course's reference says it reported, and the register's card about it."""

    def __init__(self, q: Question, number: int, where: str,
                 on_remove: Callable[["SourceForm"], None]):
        self.q, self.where = q, where
        label = f"Source {number}"
        self.heading = make(w.HTML, value=f"<div><b>{label}</b> ({html.escape(where)})</div>")
        if where == WHERE[0]:
            self.source: w.Widget = make(
                w.Text, value="", description=f"{label}: which outlet or website?",
                placeholder="its name; the headline and web address if you have them",
                style=WIDE, layout={"width": "95%"})
        else:
            self.source = make(w.Dropdown, options=[(CHOOSE, "")] + [(n, n) for n, _ in q.stored],
                               value="", description=f"{label}: which stored source?",
                               style=WIDE, layout={"width": "auto"})
            self.source.observe(lambda _c: self._show_stored(), names="value")
        self.source.add_class("course-source-name")
        self.stored = make(w.HTML, value="")
        self.kind = make(w.Dropdown, options=[(CHOOSE, "")] + [(k, k) for k in KINDS], value="",
                         description=f"{label}: what kind of outlet is it?", style=WIDE,
                         layout={"width": "auto"})
        self.kind.add_class("course-source-kind")
        self.behind = make(w.Text, value="", style=WIDE, layout={"width": "95%"},
                           description=f"{label}: who is behind it, and how do you know?",
                           placeholder="who owns or pays for it; where you found that out")
        self.behind.add_class("course-source-behind")
        self.says = make(w.Textarea, value="", style=WIDE, rows=3, layout={"width": "95%"},
                         description=f"{label}: what does it say about the claim?")
        self.says.add_class("course-source-says")
        self.agrees = make(w.Dropdown, options=[(CHOOSE, "")] + [(a, a) for a in AGREES], value="",
                           description=f"{label}: compared with the article, it", style=WIDE,
                           layout={"width": "auto"})
        self.agrees.add_class("course-source-agrees")
        self.remove = make(w.Button, description=f"Remove source {number}", icon="trash",
                           layout={"width": "auto"})
        self.remove.add_class("course-remove-source")
        self.remove.on_click(lambda _b: on_remove(self))
        self.box = make(w.VBox, children=[self.heading, self.source, self.stored, self.kind,
                                          self.behind, self.says, self.agrees, self.remove],
                        layout={"border": "1px dashed #57606a", "padding": "4px",
                                "margin": "4px 0"})
        self.box.add_class("course-source")

    def _show_stored(self) -> None:
        """Offline: what the stored reference says this outlet reported, and who is behind
        it according to the course's register (with where that label comes from)."""
        name = self.source.value
        says = dict(self.q.stored).get(name, "")
        outlet = self.q.outlets.get(name)
        self.stored.value = "" if not name else (
            f"<div style='margin-left:1em'>The course's stored reference (outside the "
            f"article) says {html.escape(name)} reported: {html.escape(says)}."
            + (f"<br>About {html.escape(name)}: {html.escape(outlet.line)}" if outlet else "")
            + "</div>")

    @property
    def empty(self) -> bool:
        """Nothing filled in yet."""
        return not any((self.source.value, self.kind.value, self.behind.value,
                        self.says.value, self.agrees.value))

    @property
    def value(self) -> dict[str, str]:
        return {"source": self.source.value or "", "kind": self.kind.value or "",
                "behind": self.behind.value, "says": self.says.value,
                "agrees": self.agrees.value or "", "where": self.where}

    @value.setter
    def value(self, entry: dict[str, str]) -> None:
        source = entry.get("source", "")
        if isinstance(self.source, w.Dropdown):
            source = source if source in dict(self.q.stored) else ""
        self.source.value = source
        self.kind.value = entry.get("kind", "") if entry.get("kind") in KINDS else ""
        self.behind.value = entry.get("behind", "")
        self.says.value = entry.get("says", "")
        self.agrees.value = entry.get("agrees", "") if entry.get("agrees") in AGREES else ""


class SourcesControl(AnswerControl):
    """A lateral-reading log: the claim, where the student looks (online, or the course's
    stored sources when there is no internet), then one form per source, with Add a
    source; the answer is the list of sources."""

    def build(self) -> list[w.Widget]:
        self.forms: list[SourceForm] = []
        claim = make(w.HTML, value=f"<div><b>The claim to check:</b> "
                                   f"{html.escape(self.q.claim)}</div>")
        options = list(WHERE) if self.q.stored else [WHERE[0]]
        self.mode = make(w.RadioButtons, options=options, value=options[0],
                         description="Where will you look?", style=WIDE,
                         layout={"width": "auto"})
        self.mode.add_class("course-source-mode")
        self.mode.observe(lambda _c: self._mode_changed(), names="value")
        self.list = make(w.VBox, children=[])
        self.add_button = make(w.Button, description="Add a source", icon="plus",
                               layout={"width": "auto"})
        self.add_button.add_class("course-add-source")
        self.add_button.on_click(lambda _b: self.add())
        self.add()
        return [claim, self.mode, self.list, self.add_button]

    def add(self, entry: dict[str, str] | None = None) -> SourceForm:
        """A new source form (in the chosen mode, or the entry's), filled from ``entry``."""
        where = (entry or {}).get("where")
        where = where if where in self.mode.options else self.mode.value
        form = SourceForm(self.q, len(self.forms) + 1, where, self._remove)
        if entry:
            form.value = entry
        self.forms.append(form)
        self.list.children = [f.box for f in self.forms]
        return form

    def _remove(self, form: SourceForm) -> None:
        """Remove one source (the others keep what was written in them)."""
        kept = [f.value for f in self.forms if f is not form]
        self._rebuild(kept)

    def _rebuild(self, entries: list[dict[str, str]]) -> None:
        """Forms for exactly these entries (numbered again), or one empty form."""
        self.forms = []
        for entry in entries:
            self.add(entry)
        if not self.forms:
            self.add()
        self.list.children = [f.box for f in self.forms]

    def _mode_changed(self) -> None:
        """Forms still empty follow the new choice; filled ones keep theirs."""
        self._rebuild([f.value for f in self.forms if not f.empty])

    @property
    def value(self) -> Any:
        return [f.value for f in self.forms if not f.empty]

    @value.setter
    def value(self, answer: Any) -> None:
        entries = log_entries(answer) or []
        if entries and entries[0]["where"] in self.mode.options:
            self.mode.value = entries[0]["where"]
        self._rebuild(entries)


def handout(q: Question) -> str:
    return (f"<p>The claim to check: {html.escape(q.claim)}</p><p>For each source (at least "
            f"{q.min_sources}): which outlet; what kind of outlet (state media, public "
            "media, private company, news cooperative, movement, official body); who "
            "is behind it and how you know; what it says about the claim; whether it "
            "agrees with the article.</p>" + "<div class='answer-line'></div>" *
            (4 * q.min_sources))


TYPE = QuestionType(
    name="sources", fields=frozenset({"claim", "min_sources", "model_answer", "rubric",
                                      "reference", "rows", "answer"}),
    written=True, validate=validate, check=check, expected=expected,
    unanswered="fill in at least one source (which outlet, what kind, who is behind it, what "
               "it says, whether it agrees), then press Check.",
    control=SourcesControl, words=lambda q, answer: log_words(answer), solution=solution,
    handout=handout,
    key_text=lambda q, article: f"(written answer) Model answer: {one_line(q.model_answer)}")
