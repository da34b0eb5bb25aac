"""The answer-key files an article folder holds: one record per file, the one place that
says what each file is made of (its tables, the fields of each entry and their types, the
words a field may take, the sections a teacher reviews, which fields are spans, what a
draft of it holds), and the JSON Schema built from that record.

Every key file is checked against its schema when it is read (``validate``), so each
file is checked to the same depth and a mistake names the file, the entry and the fix.
The schemas are also shipped as JSON files (``course/text/schemas/``, written by
``python -m course schemas``) for a teacher's editor to check a key while it is typed.
What needs the article text (does a span read what it says?) is checked by the part that
loads the key (``course/parts/keyloaders.py``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastjsonschema

#: Where the shipped schemas are: one ``<key file>.schema.json`` per key file.
SCHEMA_DIR = Path(__file__).with_name("schemas")
#: The schema dialect: JSON Schema draft-07, which fastjsonschema (the validator the course
#: uses: it loads in milliseconds) and TOML editors (Taplo, VS Code) understand.
DIALECT = "http://json-schema.org/draft-07/schema#"


class KeyFileError(ValueError):
    """A key file whose content does not have the shape its schema says."""


# --- the vocabularies (the words a field may take), used by the parts that draw them ---

#: How sure a chronology event's date is (chronology.toml ``certainty``).
CERTAINTY = {
    "stated": "the article names the day",
    "inferred": "not named, but one day follows from the text",
    "undated-range": "not dated: only a range of days follows",
    "unknown": "the article says it does not know, or gives no start",
}
#: How two statements of a contrast pair differ (contrast.toml ``differs``).
DIFFERENCES = ("content", "certainty", "framing", "who speaks for whom")
#: How a naming expression reaches the page (naming.toml ``how``).
NAMING_HOW = ("the article's own words", "direct quote", "quoted word", "quoted label",
              "reported speech")
#: What a time expression is (chronology.toml ``expressions.type``, TimeML's types).
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")

# --- the types of fields, as JSON Schema fragments ---

TEXT = {"type": "string"}
ID = {"type": "string", "minLength": 1, "pattern": r"\S"}
WORDS = {"type": "array", "items": {"type": "string"}}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
POSITION = {"type": "integer", "minimum": 1}
SPAN = {
    "type": "object", "description": "A span of the article: its offsets and exact text.",
    "required": ["start", "end", "text"],
    "properties": {"paragraph": TEXT, "start": {"type": "integer", "minimum": 0},
                   "end": {"type": "integer", "minimum": 1}, "text": TEXT},
    "additionalProperties": False,
}
STATEMENT = {  # a span with the name of who says it (contrast pairs)
    **SPAN, "description": "A statement: who says it and its span of the article.",
    "required": ["source", "paragraph", "start", "end", "text"],
    "properties": {**SPAN["properties"], "source": {"type": "string", "pattern": r"\S"}},
}
SPANS = {"type": "array", "items": SPAN}


def one_of(words: tuple[str, ...] | dict[str, str]) -> dict:
    """A text field that must be one of ``words``."""
    return {"type": "string", "enum": list(words)}


#: What a machine-made draft adds to an entry (the review removes it; a schema allows it,
#: so that an editor can check a draft with the same schema).
DRAFT_FIELDS = ("review", "check")


@dataclass(frozen=True)
class Section:
    """One array of entries (``[[name]]``) or one table (``[name]``) of a key file."""

    name: str
    #: Field -> its type; every entry must have these.
    required: dict[str, dict]
    #: Field -> its type; an entry may leave these out.
    optional: dict[str, dict] = field(default_factory=dict)
    #: True for an array of tables ``[[name]]``, False for one table ``[name]``.
    many: bool = True
    #: True when any field is allowed (a table of vocabularies named by the author).
    open: bool = False


@dataclass(frozen=True)
class KeyFile:
    """One answer-key file of an article folder."""

    name: str
    #: What the file holds, said once for the schema, the messages and the guide.
    what: str
    #: The part of the course that needs it, for the note shown when it is missing.
    part: str
    #: Section -> the fields of its entries students read (the quotation guard scans them).
    student_text: dict[str, tuple[str, ...]]
    #: Its top-level sections, in file order.
    parts: tuple[Section, ...]
    #: The arrays of entries a teacher reviews one by one, in this order.
    sections: tuple[str, ...]
    #: The fields of an entry that are spans of the article.
    span_fields: tuple[str, ...]
    #: Span fields an entry may leave out.
    optional_spans: tuple[str, ...]
    #: What the machine-made draft of this file holds (its header says so).
    draft_what: str
    #: Span fields a hand-made key may add that drafts never hold and the review does not
    #: edit (an event's supporting sentence, a pair's further statements).
    extra_spans: tuple[str, ...] = ()

    def vocabulary(self, section: str, name: str) -> list[str] | None:
        """The words field ``name`` of a ``section`` entry may take, or None for free text."""
        part = next((s for s in self.parts if s.name == section), None)
        spec = (part.required.get(name) or part.optional.get(name)) if part else None
        return list(spec["enum"]) if spec and "enum" in spec else None

    @property
    def tables(self) -> dict[str, str]:
        """Top-level key -> "tables" (an array of tables) or "table" (one table)."""
        return {s.name: "tables" if s.many else "table" for s in self.parts}

    def schema(self) -> dict:
        """The JSON Schema of this key file (as parsed from TOML)."""
        props: dict[str, Any] = {"draft": {
            "type": "boolean", "description": "Set by the machine draft; the review removes it."}}
        for s in self.parts:
            entry: dict[str, Any] = {
                "type": "object", "required": list(s.required),
                "properties": {**s.required, **s.optional},
                "additionalProperties": {"type": "array", "items": {"type": "string"}}
                if s.open else False}
            if not s.open and s.many:
                entry["properties"].update({f: TEXT for f in DRAFT_FIELDS})
            props[s.name] = {"type": "array", "items": entry} if s.many else entry
        return {"$schema": DIALECT, "$id": f"{self.name}.schema.json",
                "title": self.name, "description": self.what, "type": "object",
                "properties": props, "additionalProperties": False}


_ATTRIBUTION_SPANS = {f: SPAN for f in ("source", "cue", "content", "channel_text")}

KEYS: dict[str, KeyFile] = {k.name: k for k in (
    KeyFile("attribution.toml",
            "Part 1's key: who says what, through which channel, how strongly sourced. One "
            "[[entries]] table per statement; [vocabulary] lists the words the entries may "
            "use for source_type, mode, channel and named.",
            "Part 1 (source attribution)", {"entries": ("note",)},
            (Section("entries",
                     {"id": ID, "paragraph": TEXT, "source_name": TEXT, "source_type": TEXT,
                      "mode": TEXT, "channel": TEXT, "named": TEXT},
                     {"sentence": TEXT, "via": TEXT, "note": TEXT, **_ATTRIBUTION_SPANS}),
             Section("vocabulary", {}, {n: WORDS for n in ("source_type", "mode", "channel",
                                                            "named")}, many=False, open=True)),
            ("entries",), ("source", "cue", "content", "channel_text"),
            ("source", "cue", "channel_text"),
            "Who says what: one [[entries]] table per statement the rules found."),
    KeyFile("chronology.toml",
            "Part 3's key: the article's time expressions, ordering signals, hedges and "
            "events with their dates and how sure those dates are.",
            "Part 3 (chronology)", {"events": ("event", "label", "reasoning")},
            (Section("article", {}, {"id": TEXT, "published": DATE, "year_note": TEXT},
                     many=False),
             Section("expressions", {"id": ID, "span": SPAN, "type": one_of(TIME_TYPES),
                                     "value": TEXT, "reasoning": TEXT}),
             Section("signals", {"id": ID, "span": SPAN, "meaning": TEXT, "reasoning": TEXT}),
             Section("hedges", {"id": ID, "span": SPAN, "reasoning": TEXT}),
             Section("events", {"id": ID, "event": TEXT, "evidence": SPAN, "latest": DATE,
                                "certainty": one_of(CERTAINTY), "story_position": POSITION,
                                "reasoning": TEXT},
                     {"label": TEXT, "earliest": DATE, "outside_date": DATE,
                      "outside_source": TEXT, "support": SPANS})),
            ("expressions", "signals", "hedges", "events"), ("span", "evidence"), (),
            "Time expressions, ordering signals, hedges and a first timeline (one event "
            "per sentence holding a resolved date).", ("support",)),
    KeyFile("contrast.toml",
            "Part 2's key: pairs of statements by different sources about the same matter, "
            "and how they differ.",
            "Part 2 (contrasting statements)", {"pairs": ("matter", "explanation")},
            (Section("pairs", {"id": ID, "matter": TEXT,
                               "differs": {"type": "array", "minItems": 1,
                                           "items": one_of(DIFFERENCES)},
                               "explanation": TEXT, "a": STATEMENT, "b": STATEMENT},
                     {"more": {"type": "array", "items": STATEMENT}}),),
            ("pairs",), ("a", "b"), (),
            "Candidate pairs: statements by different sources sharing words.", ("more",)),
    KeyFile("naming.toml",
            "Part 2's naming key: each expression used for the event, who uses it, how it "
            "reaches the page and what it suggests.",
            "Part 2 (how each side names the events)", {"names": ("connotation", "note")},
            (Section("names", {"expression": TEXT, "voice": TEXT, "how": one_of(NAMING_HOW),
                               "term": TEXT, "connotation": TEXT, "span": SPAN},
                     {"note": TEXT}),),
            ("names",), ("span",), (),
            "Candidate naming expressions around the story's most frequent words."),
)}
#: The four answer keys, in the order the parts use them.
KEY_FILES = tuple(KEYS)


def draft_name(name: str) -> str:
    """``attribution.toml`` -> ``attribution.draft.toml``."""
    return name[:-len(".toml")] + ".draft.toml"


def schema_path(name: str) -> Path:
    """Where the shipped JSON Schema of key file ``name`` is."""
    return SCHEMA_DIR / f"{name}.schema.json"


def write_schemas() -> list[Path]:
    """Write every key file's schema to ``SCHEMA_DIR`` (``python -m course schemas``)."""
    from .files import atomic_write
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for key in KEYS.values():
        path = schema_path(key.name)
        atomic_write(path, json.dumps(key.schema(), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written


_VALIDATORS: dict[str, Any] = {}  # key file -> its compiled validator, made on first use


def _validator(name: str):
    """The compiled schema of key file ``name`` (compiled once, about 15 ms)."""
    if name not in _VALIDATORS:
        _VALIDATORS[name] = fastjsonschema.compile(KEYS[name].schema())
    return _VALIDATORS[name]


_TYPE_WORDS = {"string": "text in quotes", "integer": "a whole number",
               "array": "a list in [brackets]", "object": "a table",
               "boolean": "true or false"}


def entry_place(path: Path, section: str, index: int, entry: Any) -> str:
    """``.../chronology.toml [[events]] #3 (china_statement)``: where an entry is, said the
    same way by the schema's messages and the parts' span checks."""
    label = (entry.get("id") or entry.get("expression")) if isinstance(entry, dict) else ""
    return f"{path} [[{section}]] #{index + 1}" + (f" ({label})" if label else "")


def _where(path: Path, data: dict, at: list) -> str:
    """``chronology.toml [[events]] #3 (e3) field certainty`` for an error's place."""
    words = [str(path)]
    if at:
        section, rest = at[0], at[1:]
        if rest and rest[0].isdigit() and isinstance(data.get(section), list):
            index = int(rest[0])
            words = [entry_place(path, section, index, data[section][index])]
            rest = rest[1:]
        else:
            words.append(f"[{section}]" if isinstance(data.get(section), dict) else section)
        if rest:
            words.append("field " + ".".join(f"[{r}]" if r.isdigit() else r for r in rest))
    return " ".join(words)


def _message(err: fastjsonschema.JsonSchemaValueException, key: KeyFile) -> str:
    """Plain words for one schema error: what is wrong and how to fix it."""
    value, rule, wanted, schema = err.value, err.rule, err.rule_definition, err.definition
    if rule == "required":
        missing = [f for f in wanted if not isinstance(value, dict) or f not in value]
        return (f"missing field(s) {', '.join(missing)}. Add them (the seed article's "
                f"{key.name} shows each field).")
    if rule == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        known = ", ".join(schema.get("properties", {}))
        return (f"unknown field(s) {', '.join(extra)}: a misspelling? The fields allowed "
                f"here are: {known}.")
    if rule == "enum":
        said = next((p for p in reversed(err.path) if not p.isdigit()), "the value")
        return (f"{said} {value!r} is not one of the allowed words. {said} must be one "
                f"of: {', '.join(wanted)}.")
    if rule == "minItems":
        return "must list at least one value, e.g. [\"content\"]."
    if schema.get("format") == "date":  # a number, a wrong pattern or no such day
        return (f"{value!r} is not an ISO date; write a real date in quotes as "
                "\"YYYY-MM-DD\", e.g. \"2023-06-24\".")
    name = err.path[-1] if len(err.path) > 1 else "the file"
    top = len(err.path) == 2  # a section of the file, not a field of an entry
    if rule == "type":
        if wanted == "array" and schema.get("items", {}).get("type") == "object":
            if top:
                return (f"must be written as [[{name}]] tables, one per entry, not as "
                        f"{type(value).__name__}.")
            return (f"must be a list of tables, e.g. {name} = [{{ ... }}, {{ ... }}], not "
                    f"{type(value).__name__}.")
        if wanted == "object" and "source" in schema.get("properties", {}):
            return ("a statement must be a table with source, paragraph, start, end and "
                    f"text; got {str(value)[:60]!r}.")
        if wanted == "object" and {"start", "end"} <= set(schema.get("properties", {})):
            return ("a span must be a table with start, end and text (and paragraph), e.g. "
                    "{ paragraph = \"P1\", start = 0, end = 5, text = \"...\" }; got "
                    f"{str(value)[:60]!r}.")
        if wanted == "object":
            table = f"a [{name}] table" if top else "a table"
            return f"must be written as {table}, not as {type(value).__name__}."
        return f"must be {_TYPE_WORDS.get(wanted, wanted)}, not {str(value)[:60]!r}."
    if rule == "minimum":
        return f"must be {wanted} or more, not {value!r}."
    if rule in ("minLength", "pattern"):
        return "must not be empty."
    return err.message


def validate(path: Path, data: dict, error: type[Exception] = KeyFileError) -> None:
    """Check parsed key file ``data`` (read from ``path``) against its schema; the first
    mistake raises ``error`` naming the file, the entry, the field and the fix. A file
    that is not a key file is not checked here."""
    if path.name not in KEYS:
        return
    try:
        _validator(path.name)(data)
    except fastjsonschema.JsonSchemaValueException as err:
        raise error(f"{_where(path, data, list(err.path[1:]))}: "
                    f"{_message(err, KEYS[path.name])}") from None
