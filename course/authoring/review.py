"""Bring your own article, step 3: a teacher reviews the machine-made draft keys.

``Review(article)`` holds the entries of each ``*.draft.toml`` beside the article;
``decide(file, entry_id, "accept" | "reject" | "edit", **fields)`` records a decision (edits
are checked: a span must be text of the entry's paragraph, a vocabulary field one of its
words); ``save()`` writes each reviewed key (``attribution.toml`` ...) after loading it with
the part's real loader, keeps any earlier reviewed file as a backup, and writes the key
questions. ``ReviewWidget(review)`` is the notebook's view of it
(``notebooks/teacher_review.ipynb``). Errors come back as messages, never as tracebacks.
"""
from __future__ import annotations

import copy
import datetime as dt
import html
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..text.article import Article, load_article, read_data_file
from .draft import CHECK
from ..text.files import atomic_write
from ..text.keyfiles import DIFFERENCES, KEY_FILES, KEYS, draft_name
from ..parts.keyloaders import load_key
from ..text.missing import PLACEHOLDER
from ..text.spans import make_span
from ..text.tomlwrite import dumps

#: For each key file: the [[tables]] that hold its entries.
SECTIONS = {name: k.sections for name, k in KEYS.items()}
#: Span fields per file (a statement of a contrast pair is a span with a source).
SPAN_FIELDS = {name: k.span_fields for name, k in KEYS.items()}
DECISIONS = ("accept", "reject", "edit")
#: Fields only the review sees: the draft marker and what to check (never saved).
REVIEW_ONLY = ("review", CHECK)
#: Editable stand-ins for the source label of each statement of a contrast pair.
PAIR_SOURCES = {"a_source": "a", "b_source": "b"}


@dataclass(frozen=True)
class Decision:
    """What a review decision did: done or refused (nothing changed), and why."""

    done: bool
    message: str

    @property
    def text(self) -> str:
        """The message with its mark: "✓ ..." when done, "✗ ..." when refused."""
        return ("✓ " if self.done else "✗ ") + self.message

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class SaveReport:
    """What saving the reviewed keys did: a headline and one line per file (or problem).

    A result as data: the widget lists ``lines`` as they are, so a message that contains
    "; " is never split in two; ``text`` is the one-line form for logs and tests."""

    head: str                     # "✓ saved", "⚠ saved, with words still to write", ...
    lines: tuple[str, ...] = ()
    written: tuple[str, ...] = ()  # the key files written

    @property
    def ok(self) -> bool:
        """Saved without a problem (words still to write are not a problem)."""
        return self.head.startswith(("✓", "⚠"))

    @property
    def text(self) -> str:
        return self.head + (": " + "; ".join(self.lines) if self.lines else "")

    def __str__(self) -> str:
        return self.text


@dataclass
class Entry:
    """One draft entry under review: where it is, its data, and the teacher's decision."""

    file: str
    section: str
    id: str
    data: dict
    decision: str = ""  # "", accept, reject or edit
    edited: dict = field(default_factory=dict)

    @property
    def current(self) -> dict:
        """The entry as it will be saved (edits applied, review-only fields removed)."""
        data = copy.deepcopy(self.edited or self.data)
        for name in REVIEW_ONLY:
            data.pop(name, None)
        return data

    def placeholders(self) -> list[str]:
        """The fields that still hold the draft's 'to review' (students would see it)."""
        return [k for k, v in self.current.items() if v == PLACEHOLDER]

    def editable(self) -> list[str]:
        """The fields a teacher may edit (a contrast pair's source labels included)."""
        names = [k for k in (self.edited or self.data) if k not in ("id", *REVIEW_ONLY)]
        if self.file == "contrast.toml":
            names += list(PAIR_SOURCES)
        return names

    def value(self, name: str) -> Any:
        """The current value of an editable field (a span by its words)."""
        data = self.edited or self.data
        if name in PAIR_SOURCES and self.file == "contrast.toml":
            return (data.get(PAIR_SOURCES[name]) or {}).get("source", "")
        v = data.get(name)
        if isinstance(v, dict) and "text" in v:
            return v["text"]
        if isinstance(v, list):
            return ", ".join(str(x) for x in v)
        return v


class Review:
    """The draft keys of one article, the teacher's decisions, and saving the reviewed keys."""

    def __init__(self, article: Article | str | Path | None = None) -> None:
        self.article = load_article(article)
        self.drafts: dict[str, dict] = {}  # key file name -> draft data
        self.entries: dict[str, list[Entry]] = {}
        self.problems: list[str] = []
        for name in KEY_FILES:
            if not (self.article.folder / draft_name(name)).is_file():
                continue
            try:
                _, data = read_data_file(self.article, draft_name(name), "Make it again with "
                                         f"python -m course draft-key {self.article.id} --force.")
            except ValueError as err:
                self.problems.append(str(err).replace(str(self.article.folder), self.article.id))
                continue
            self.drafts[name] = data
            self.entries[name] = [Entry(name, sec, self._entry_id(name, sec, i, e), e)
                                  for sec in SECTIONS[name]
                                  for i, e in enumerate(data.get(sec, []))]

    @staticmethod
    def _entry_id(name: str, section: str, index: int, entry: dict) -> str:
        """A stable id: the entry's own id (with its section for chronology), or its number."""
        own = entry.get("id") or f"{index + 1}"
        return f"{section}:{own}" if name == "chronology.toml" else \
            (own if "id" in entry else f"n{index + 1}")

    # ------------------------------------------------------------------ looking up

    def files(self) -> list[str]:
        """The key files that have a draft to review, in review order."""
        return list(self.entries)

    @staticmethod
    def _file(name: str) -> str:
        """Accept ``attribution``, ``attribution.toml`` or ``attribution.draft.toml``."""
        base = name.replace(".draft.toml", "").replace(".toml", "")
        return f"{base}.toml"

    def entry(self, file: str, entry_id: str) -> Entry:
        """The entry ``entry_id`` of ``file``; KeyError naming the known ids."""
        name = self._file(file)
        if name not in self.entries:
            raise KeyError(f"no draft for {name}; drafts: {', '.join(self.files()) or 'none'}")
        for e in self.entries[name]:
            if e.id == entry_id:
                return e
        raise KeyError(f"{name} has no draft entry {entry_id!r}")

    def pending(self, file: str | None = None) -> list[Entry]:
        """The entries nobody has decided yet (of one file, or of all)."""
        names = [self._file(file)] if file else self.files()
        return [e for n in names for e in self.entries.get(n, []) if not e.decision]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per file: how many entries are accepted, edited, rejected and still undecided."""
        out = {}
        for name, entries in self.entries.items():
            c = {"accept": 0, "edit": 0, "reject": 0, "pending": 0}
            for e in entries:
                c[e.decision or "pending"] += 1
            out[name] = c
        return out

    # ------------------------------------------------------------------ deciding

    def decide(self, file: str, entry_id: str, decision: str, **fields: Any) -> Decision:
        """Record a decision; an edit checks its fields first. A refused decision changes
        nothing and says why."""
        try:
            entry = self.entry(file, entry_id)
        except KeyError as err:
            return Decision(False, err.args[0])
        if decision not in DECISIONS:
            return Decision(False, f"the decision must be one of {', '.join(DECISIONS)}, not "
                                   f"{decision!r}")
        if decision != "edit":
            if fields:
                return Decision(False, "only an edit takes new field values")
            entry.decision = decision
            done = "accepted" if decision == "accept" else "rejected"
            return Decision(True, f"{entry.file} {entry.id}: {done}")
        if not fields:
            return Decision(False, "an edit needs at least one field and its new value")
        new = copy.deepcopy(entry.edited or entry.data)
        for name, value in fields.items():
            problem = self._apply(entry, new, name, value)
            if problem:
                return Decision(False, f"{entry.file} {entry.id}: {problem} (nothing changed)")
        entry.edited, entry.decision = new, "edit"
        return Decision(True, f"{entry.file} {entry.id}: edited {', '.join(fields)}")

    def accept_remaining(self, file: str | None = None) -> Decision:
        """Accept every undecided entry (of one file, or of all)."""
        left = self.pending(file)
        for e in left:
            e.decision = "accept"
        return Decision(True, f"accepted {len(left)} remaining "
                              f"entr{'y' if len(left) == 1 else 'ies'}")

    def _vocabulary(self, entry: Entry, name: str) -> list[str] | None:
        """The words allowed for field ``name`` of this entry, or None for free text."""
        if entry.file == "attribution.toml":
            return self.drafts[entry.file].get("vocabulary", {}).get(name)
        return KEYS[entry.file].vocabulary(entry.section, name)

    def _apply(self, entry: Entry, new: dict, name: str, value: Any) -> str | None:
        """Put one edited field into ``new``; return what is wrong, or None."""
        if name in ("id", *REVIEW_ONLY):
            return f"the field {name!r} cannot be edited"
        if name in PAIR_SOURCES and entry.file == "contrast.toml":
            statement = new.get(PAIR_SOURCES[name])
            if not isinstance(value, str) or not value.strip():
                return f"{name!r} takes the name of who says statement {PAIR_SOURCES[name]}"
            if not isinstance(statement, dict):
                return f"statement {PAIR_SOURCES[name]} is missing"
            statement["source"] = value.strip()
            return None
        if name in SPAN_FIELDS[entry.file]:
            return self._apply_span(entry, new, name, value)
        if name == "expression" and entry.file == "naming.toml":
            problem = self._apply_span(entry, new, "span", value)
            if problem is None:
                new["expression"] = new["span"]["text"]
            return problem
        if name not in new and not (entry.file == "chronology.toml" and name == "earliest"):
            known = ", ".join(entry.editable())
            return f"no field {name!r} here (fields: {known})"
        if name == "differs":
            values = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
            if not isinstance(values, list) or not values or \
                    any(v not in DIFFERENCES for v in values):
                return f"'differs' takes one or more of {', '.join(DIFFERENCES)}"
            new[name] = values
            return None
        if name == "story_position":
            try:
                new[name] = int(value)
            except (TypeError, ValueError):
                return "'story_position' must be a whole number"
            return None
        if not isinstance(value, str):
            return f"{name!r} takes text"
        value = value.strip()
        allowed = self._vocabulary(entry, name)
        if allowed and value not in allowed:
            return f"{name} {value!r} is not one of: {', '.join(allowed)}"
        if name in ("earliest", "latest", "outside_date"):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return f"{name} {value!r} is not a date written YYYY-MM-DD"
        if not value and name not in ("via", "note"):
            return f"{name!r} cannot be empty"
        new[name] = value
        return None

    def _apply_span(self, entry: Entry, new: dict, name: str, value: Any) -> str | None:
        """An edited span: its text must occur in the entry's paragraph (first occurrence)."""
        old = new.get(name) if isinstance(new.get(name), dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if name in KEYS[entry.file].optional_spans:
                new.pop(name, None)
                return None
            return f"{name!r} needs the exact words from the article"
        paragraph = (old or {}).get("paragraph") or new.get("paragraph")
        if isinstance(value, dict):
            paragraph, value = value.get("paragraph", paragraph), value.get("text")
        if not isinstance(value, str):
            return f"{name!r} takes the exact words from the article"
        try:
            para = self.article.paragraph(paragraph)
        except KeyError:
            return f"the entry's paragraph {paragraph!r} is not in the article"
        at = self.article.text.find(value, para.start, para.end)
        if at < 0:
            return (f"{value!r} is not in paragraph {para.id}; copy the words exactly from "
                    "the article (same spelling, punctuation and quotation marks)")
        occurrence, pos = 0, -1
        while pos < at:  # count matches as Article.find does, so make_span lands at ``at``
            pos = self.article.text.find(value, pos + 1)
            occurrence += 1
        span = make_span(self.article, value, occurrence)
        if entry.file == "contrast.toml":
            span = {"source": (old or {}).get("source", ""), **span}
        new[name] = span
        return None

    # ------------------------------------------------------------------ saving

    def reviewed_data(self, name: str) -> dict:
        """The reviewed file's content: accepted and edited entries, draft markers removed."""
        data = {k: v for k, v in self.drafts[name].items()
                if k != "draft" and k not in SECTIONS[name]}
        for sec in SECTIONS[name]:
            kept = [e.current for e in self.entries[name]
                    if e.section == sec and e.decision in ("accept", "edit")]
            if kept or sec in self.drafts[name]:
                data[sec] = kept
        return data

    def _validate(self, name: str, text: str) -> None:
        """Load ``text`` as ``name`` with the part's real loader, in a scratch copy of the
        article folder; raises the loader's error."""
        with tempfile.TemporaryDirectory(prefix="course-review-") as tmp:
            scratch = Path(tmp) / self.article.id
            scratch.mkdir()
            for f in ("article.txt", "meta.json"):
                shutil.copy2(self.article.folder / f, scratch / f)
            (scratch / name).write_text(text, encoding="utf-8")
            load_key(load_article(scratch), name)

    def save(self) -> SaveReport:
        """Write every reviewed key (and the key questions); returns what happened."""
        if not self.entries:
            return SaveReport("✗ nothing to save", (
                f"this article has no draft keys. Run python -m course draft-key "
                f"{self.article.id} first.",))
        left = self.pending()
        if left:
            per = ", ".join(f"{n}: {c['pending']}" for n, c in self.counts().items()
                            if c["pending"])
            return SaveReport("✗ not saved", (
                f"{len(left)} entr{'y is' if len(left) == 1 else 'ies are'} still undecided "
                f"({per}). Accept, edit or reject them, or press 'Accept all remaining'.",))
        lines, written = [], []
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for name in self.files():
            data = self.reviewed_data(name)
            if not any(data.get(sec) for sec in SECTIONS[name]):
                why = "every entry was rejected" if self.entries[name] else \
                    "the draft has no entries"
                lines.append(f"{name}: {why}, so no {name} was written (that part of the "
                             "course says it has no key yet)")
                continue
            text = dumps(data, f"{name} for article {self.article.id}: reviewed by a teacher "
                               f"in notebooks/teacher_review.ipynb from {draft_name(name)}.\n"
                               "Spans were made with course.make_span.")
            try:
                self._validate(name, text)
            except (ValueError, KeyError, OSError) as err:
                msg = str(err).replace(str(Path(tempfile.gettempdir())), "…")
                lines.append(f"✗ {name} not saved: the course's loader refused it ({msg})")
                continue
            target = self.article.folder / name
            note = ""
            if target.exists():
                backup = target.with_name(f"{target.stem}.backup-{stamp}.toml")
                n = 2
                while backup.exists():  # two saves within a second keep both backups
                    backup, n = target.with_name(f"{target.stem}.backup-{stamp}-{n}.toml"), n + 1
                shutil.copy2(target, backup)
                note = f" (the earlier {name} is kept as {backup.name})"
            atomic_write(target, text)
            written.append(name)
            kept = sum(len(data.get(sec, [])) for sec in SECTIONS[name])
            lines.append(f"{name}: saved {kept} entr{'y' if kept == 1 else 'ies'}{note}")
        if written:
            lines.append(self._write_questions())
        lines += self._placeholder_warnings(written)
        failed = any(line.startswith("✗") for line in lines)
        unfinished = any(line.startswith("⚠") for line in lines)
        head = "✗ saved with problems" if failed else \
            "⚠ saved, with words still to write" if unfinished else "✓ saved"
        return SaveReport(head, tuple(lines), tuple(written))

    def _placeholder_warnings(self, written: list[str]) -> list[str]:
        """One line per saved file whose kept entries still say 'to review' somewhere."""
        lines = []
        for name in written:
            left = [f"{e.id} ({', '.join(e.placeholders())})" for e in self.entries[name]
                    if e.decision in ("accept", "edit") and e.placeholders()]
            if left:
                lines.append(f"⚠ {name}: {len(left)} saved entr{'y' if len(left) == 1 else 'ies'}"
                             f" still say '{PLACEHOLDER}' (students see 'not written yet' there): "
                             f"{', '.join(left[:8])}{' …' if len(left) > 8 else ''}. Edit them "
                             "and save again")
        return lines

    def _write_questions(self) -> str:
        """Regenerate questions/90_from_key.toml from the reviewed keys; drop the draft twin."""
        from .keyquestions import QUESTIONS_DRAFT, QUESTIONS_FILE, write_questions
        try:
            count, skipped = write_questions(self.article)
        except (ValueError, KeyError, OSError) as err:
            return f"✗ the key questions could not be written ({err})"
        draft = self.article.folder / QUESTIONS_DRAFT
        if draft.exists():
            draft.unlink()  # same ids as the reviewed questions; made again by draft-key
        text = f"{QUESTIONS_FILE}: {count} question(s)"
        if skipped:
            text += " (left out: " + ", ".join(f"{q}: {why}" for q, why in skipped) + ")"
        return text


# ---------------------------------------------------------------------- the widget

def highlight_entry(article: Article, entry: Entry) -> str:
    """The paragraph(s) of an entry's spans as escaped HTML, each span marked and labelled."""
    data = entry.edited or entry.data
    spans = []
    for name in SPAN_FIELDS[entry.file]:
        value = data.get(name)
        for s in value if isinstance(value, list) else [value]:
            if isinstance(s, dict) and "start" in s:
                spans.append((int(s["start"]), int(s["end"]), name))
    for i, s in enumerate(data.get("support", []) or []):
        spans.append((int(s["start"]), int(s["end"]), f"support {i + 1}"))
    paragraphs = sorted({p.id for a, _, _ in spans for p in [article.paragraph_at(a)] if p},
                        key=lambda pid: int(pid[1:]))
    parts = []
    for pid in paragraphs:
        p = article.paragraph(pid)
        marks = sorted((a, b, n) for a, b, n in spans if p.start <= a < p.end)
        cursor, pieces = p.start, []
        for a, b, label in marks:
            if a < cursor:  # overlapping spans: the label says so, the text is marked once
                pieces.append(f' <sup>[also {html.escape(label)}]</sup>')
                continue
            pieces.append(html.escape(article.text[cursor:a]))
            pieces.append(f'<mark class="course-review-span" title="{html.escape(label)}" '
                          f'style="background:#fff3b0;color:#000;text-decoration:underline">'
                          f'{html.escape(article.text[a:b])}</mark>'
                          f'<sup>[{html.escape(label)}]</sup>')
            cursor = b
        pieces.append(html.escape(article.text[cursor:p.end]))
        parts.append(f'<p><span style="color:#666">[{p.id}]</span> {"".join(pieces)}</p>')
    return "".join(parts) or "<p><i>(this entry has no span in the text)</i></p>"


def fields_html(entry: Entry) -> str:
    """The entry's fields as an escaped two-column table (spans shown by their words)."""
    rows = []
    check = (entry.edited or entry.data).get(CHECK)
    if check:
        rows.append("<tr><th style='text-align:left;padding-right:1em'>to check</th>"
                    f"<td style='text-align:left'><i>{html.escape(str(check))}</i> (not saved)"
                    "</td></tr>")
    for k, v in (entry.edited or entry.data).items():
        if k in REVIEW_ONLY:
            continue
        if isinstance(v, dict) and "text" in v:
            v = f"{v.get('paragraph', '')}: “{v['text']}”"
        elif isinstance(v, list):
            v = "; ".join(f"“{x['text']}”" if isinstance(x, dict) and "text" in x else str(x)
                          for x in v)
        rows.append(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                    f"<td style='text-align:left'>{html.escape(str(v))}</td></tr>")
    return f"<table class='course-review-fields'>{''.join(rows)}</table>"


STATE_WORDS = {"": "undecided", "accept": "accepted", "reject": "rejected", "edit": "edited"}


class ReviewWidget(widgets.VBox):
    """Review the drafts entry by entry: the span(s) marked in the text, the fields, Accept /
    Edit / Reject, Accept all remaining, Save, and a feedback line."""

    def __init__(self, review: Review) -> None:
        self.review = review
        files = review.files()
        self.file_select = widgets.Dropdown(options=files, value=files[0] if files else None,
                                            description="Key file")
        self.entry_select = widgets.Dropdown(description="Entry",
                                             layout=widgets.Layout(width="40em"))
        self.view = widgets.HTML()
        self.accept_button = widgets.Button(description="Accept", icon="check")
        self.reject_button = widgets.Button(description="Reject", icon="times")
        self.edit_field = widgets.Dropdown(description="Field")
        self.edit_value = widgets.Text(description="New value",
                                       layout=widgets.Layout(width="40em"))
        self.edit_button = widgets.Button(description="Apply edit", icon="pencil")
        self.accept_all_button = widgets.Button(description="Accept all remaining",
                                                layout=widgets.Layout(width="14em"))
        self.save_button = widgets.Button(description="Save reviewed keys", icon="save",
                                          layout=widgets.Layout(width="14em"))
        self.status = widgets.HTML()
        self.feedback = widgets.HTML(value="")
        for w, cls in ((self.file_select, "course-review-file"),
                       (self.entry_select, "course-review-entry"),
                       (self.accept_button, "course-review-accept"),
                       (self.reject_button, "course-review-reject"),
                       (self.edit_field, "course-review-field"),
                       (self.edit_value, "course-review-value"),
                       (self.edit_button, "course-review-edit"),
                       (self.accept_all_button, "course-review-accept-all"),
                       (self.save_button, "course-review-save"),
                       (self.feedback, "course-review-feedback"),
                       (self.status, "course-review-status"), (self.view, "course-review-view")):
            w.add_class(cls)
        self.file_select.observe(lambda _: self._show_file(), names="value")
        self.entry_select.observe(lambda _: self._show_entry(), names="value")
        self.edit_field.observe(lambda _: self._fill_value(), names="value")
        self.accept_button.on_click(lambda _: self._decide("accept"))
        self.reject_button.on_click(lambda _: self._decide("reject"))
        self.edit_button.on_click(lambda _: self._edit())
        self.accept_all_button.on_click(lambda _: self._accept_all())
        self.save_button.on_click(lambda _: self._save())
        super().__init__([
            self.status, widgets.HBox([self.file_select, self.entry_select]), self.view,
            widgets.HBox([self.accept_button, self.reject_button]),
            widgets.HBox([self.edit_field, self.edit_value, self.edit_button]),
            widgets.HBox([self.accept_all_button, self.save_button]), self.feedback])
        self.add_class("course-review")
        self._show_file()

    def __repr__(self) -> str:
        n = sum(len(v) for v in self.review.entries.values())
        return f"ReviewWidget({self.review.article.id!r}: {n} draft entries in " \
               f"{len(self.review.entries)} files)"

    # ------------------------------------------------------------------ display

    def _label(self, e: Entry) -> str:
        data = e.edited or e.data
        what = data.get("source_name") or data.get("expression") or data.get("label") or \
            data.get("matter") or (data.get("span") or {}).get("text", "")
        return f"{e.id} · {str(what)[:50]} [{STATE_WORDS[e.decision]}]"

    def _entries(self) -> list[Entry]:
        return self.review.entries.get(self.file_select.value, [])

    def _show_file(self) -> None:
        entries = self._entries()
        first = next((e for e in entries if not e.decision), entries[0] if entries else None)
        self.entry_select.options = [(self._label(e), e.id) for e in entries]
        self.entry_select.value = first.id if first else None
        self._show_entry()

    def _current(self) -> Entry | None:
        if not self.file_select.value or self.entry_select.value is None:
            return None
        return self.review.entry(self.file_select.value, self.entry_select.value)

    def _show_entry(self) -> None:
        e = self._current()
        self._status()
        if e is None:
            self.view.value = "<p><i>No entry to show.</i></p>"
            self.edit_field.options = []
            return
        self.view.value = (f"<div class='course-review-entry-view'><p><b>{html.escape(e.file)}"
                           f" · {html.escape(e.id)}</b> ({STATE_WORDS[e.decision]})</p>"
                           f"{highlight_entry(self.review.article, e)}{fields_html(e)}</div>")
        self.edit_field.options = e.editable()
        self._fill_value()

    def _fill_value(self) -> None:
        e = self._current()
        if e is None or not self.edit_field.value:
            return
        v = e.value(self.edit_field.value)
        self.edit_value.value = "" if v is None else str(v)

    def _status(self) -> None:
        parts = [f"{html.escape(n)}: {c['accept']} accepted, {c['edit']} edited, "
                 f"{c['reject']} rejected, {c['pending']} undecided"
                 for n, c in self.review.counts().items()]
        self.status.value = (f"<p><b>Reviewing {html.escape(self.review.article.id)}</b></p>"
                             f"<ul>{''.join(f'<li>{p}</li>' for p in parts)}</ul>")

    def _relabel(self) -> None:
        current = self.entry_select.value
        self.entry_select.options = [(self._label(e), e.id) for e in self._entries()]
        self.entry_select.value = current

    def _next(self) -> None:
        """Move to the next undecided entry of the file, if any."""
        entries = self._entries()
        ids = [e.id for e in entries]
        start = ids.index(self.entry_select.value) if self.entry_select.value in ids else 0
        for e in entries[start + 1:] + entries[:start]:
            if not e.decision:
                self.entry_select.value = e.id
                return
        self._show_entry()

    # ------------------------------------------------------------------ actions

    def _say(self, message: str) -> None:
        self.feedback.value = f"<span class='course-review-message'>{html.escape(message)}</span>"

    def _decide(self, decision: str) -> None:
        e = self._current()
        if e is None:
            self._say("✗ no entry selected")
            return
        self._say(self.review.decide(e.file, e.id, decision).text)
        self._relabel()
        self._next()

    def _edit(self) -> None:
        e = self._current()
        if e is None or not self.edit_field.value:
            self._say("✗ choose an entry and a field to edit")
            return
        decision = self.review.decide(e.file, e.id, "edit",
                                      **{self.edit_field.value: self.edit_value.value})
        self._say(decision.text)
        self._relabel()
        self._show_entry()

    def _accept_all(self) -> None:
        self._say(self.review.accept_remaining().text)
        self._relabel()
        self._show_entry()

    def _save(self) -> None:
        report = self.review.save()
        if len(report.lines) > 1:  # one line per file: easier to read than one run
            items = "".join(f"<li>{html.escape(line)}</li>" for line in report.lines)
            self.feedback.value = (f"<div class='course-review-message'>"
                                   f"{html.escape(report.head)}:<ul>{items}</ul></div>")
        else:
            self._say(report.text)
        self._status()


def start(article: Article | str | Path | None = None) -> ReviewWidget | Any:
    """The notebook's entry point: the review widget, or a note when there are no drafts."""
    from ..text.missing import Note
    art = load_article(article)
    review = Review(art)
    if review.problems:
        return Note(" ".join(review.problems))
    if not review.entries:
        return Note(f"The article {art.id} has no draft answer keys to review "
                    f"({', '.join(draft_name(n) for n in KEY_FILES)} are not there). To "
                    "review a new article: 1. python -m course new-article <text-file> "
                    "--outlet ... --published YYYY-MM-DD; 2. python -m course draft-key "
                    "<article-id>; then set COURSE_ARTICLE=<article-id> and open this "
                    "notebook again.")
    return ReviewWidget(review)

