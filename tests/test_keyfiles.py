"""The key-file registry (issue 15): one record per answer-key file, a JSON Schema built
from it and shipped for editors, every key checked against it to the same depth; the
seed's files agree with it: every span in an entry is a field the registry lists as a
span, and every table the registry names has the shape it says."""
from __future__ import annotations

import copy
import json
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest

import course
from course.__main__ import main
from course.parts.keyloaders import LOADERS
from course.text.article import DATA_SHAPES
from course.text.keyfiles import (KEY_FILES, KEYS, KeyFileError, draft_name, schema_path,
                                  validate)

REPO = Path(__file__).resolve().parents[1]

ARTICLE = course.load_article()


def is_span(value: object) -> bool:
    return isinstance(value, dict) and {"start", "end"} <= set(value)


@pytest.mark.parametrize("name", KEY_FILES)
def test_each_key_file_record_is_whole(name):
    k = KEYS[name]
    assert k.sections and all(k.tables[s] == "tables" for s in k.sections)
    assert k.span_fields and set(k.optional_spans) <= set(k.span_fields)
    assert k.draft_what.endswith(".") and k.what.endswith(".") and name not in DATA_SHAPES
    assert set(k.tables) == set(k.schema()["properties"]) - {"draft"}
    assert draft_name(name) == name.replace(".toml", ".draft.toml")


@pytest.mark.parametrize("name", KEY_FILES)
def test_the_seed_keys_use_only_the_span_fields_the_registry_names(name):
    data = tomllib.loads((ARTICLE.folder / name).read_text(encoding="utf-8"))
    k = KEYS[name]
    assert set(data) <= set(k.tables)
    seen = set()
    for section in k.sections:
        for entry in data.get(section, []):
            for field, value in entry.items():
                spans = value if isinstance(value, list) else [value]
                if spans and all(is_span(v) for v in spans):
                    assert field in k.span_fields + k.extra_spans, \
                        f"{name} {section}: span field {field!r} is not in the registry"
                    seen.add(field)
    assert seen and seen <= set(k.span_fields + k.extra_spans), name


def test_every_key_file_has_its_parts_loader():
    from course.parts.keyloaders import LOADERS, load_key
    assert set(LOADERS) == set(KEY_FILES)
    for name in KEY_FILES:
        assert load_key(ARTICLE, name), name


@pytest.mark.parametrize("name", KEY_FILES)
def test_the_shipped_schema_is_the_registry_s_and_a_valid_json_schema(name):
    shipped = json.loads(schema_path(name).read_text(encoding="utf-8"))
    assert shipped == KEYS[name].schema(), "run: python -m course schemas"
    jsonschema.Draft7Validator.check_schema(shipped)  # what an editor would load


@pytest.mark.parametrize("name", KEY_FILES)
def test_the_schema_knows_which_fields_are_spans(name):
    k = KEYS[name]
    props = {f: spec for s in k.parts for f, spec in {**s.required, **s.optional}.items()}
    spans = {f for f, spec in props.items() if {"start", "end"} <= set(spec.get("properties", {}))}
    lists = {f for f, spec in props.items()
             if {"start", "end"} <= set(spec.get("items", {}).get("properties", {}))}
    assert spans == set(k.span_fields) and lists == set(k.extra_spans)


@pytest.mark.parametrize("path", sorted((REPO / "seeds").glob("*/*.toml")) +
                         sorted((REPO / "corpora").glob("*/*/*.toml")), ids=str)
def test_every_key_the_course_ships_meets_its_schema(path):
    if path.name in KEYS:
        validate(path, tomllib.loads(path.read_text(encoding="utf-8")))


def required_fields() -> list[tuple[str, str, str]]:
    """(key file, section, field) for every required field of every entry: walked from
    the registry, so a new key file or field is tested without touching this file."""
    return [(k.name, s.name, f) for k in KEYS.values() for s in k.parts for f in s.required]


@pytest.mark.parametrize("name, section, field", required_fields())
def test_a_missing_field_is_named_with_its_file_and_entry(tmp_path, name, section, field):
    """Every key file is checked to the same depth, by the loader its part uses."""
    folder = tmp_path / ARTICLE.folder.name
    shutil.copytree(ARTICLE.folder, folder)
    data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    entry = broken[section][0] if isinstance(broken[section], list) else broken[section]
    del entry[field]
    from course.text.tomlwrite import dumps
    (folder / name).write_text(dumps(broken), encoding="utf-8")
    with pytest.raises(KeyFileError) as info:
        LOADERS[name](course.load_article(folder))
    message = str(info.value)
    assert f"{name} [[{section}]] #1" in message and f"missing field(s) {field}." in message
    assert "Traceback" not in message and len(message) < 600


CASES = [  # (file, change to the first entry of a section, words the message must hold)
    ("chronology.toml", ("events", "certainty", "maybe"),
     "field certainty: certainty 'maybe' is not one of the allowed words. certainty must be "
     "one of: stated, inferred, undated-range, unknown."),
    ("chronology.toml", ("events", "latest", "2023-02-30"),
     "field latest: '2023-02-30' is not an ISO date"),
    ("chronology.toml", ("events", "story_position", 0), "field story_position: must be 1 or more"),
    ("chronology.toml", ("events", "certanity", "stated"),
     "unknown field(s) certanity: a misspelling?"),
    ("chronology.toml", ("expressions", "type", "DAY"),
     "type 'DAY' is not one of the allowed words. type must be one of: DATE, TIME, DURATION, SET."),
    ("contrast.toml", ("pairs", "differs", []), "field differs: must list at least one value"),
    ("contrast.toml", ("pairs", "a", "P2"), "field a: a statement must be a table"),
    ("naming.toml", ("names", "how", "quoted"), "how 'quoted' is not one of the allowed words"),
    ("naming.toml", ("names", "span", {"start": 1, "end": "2", "text": "x"}),
     "field span.end: must be a whole number, not '2'."),
    ("attribution.toml", ("entries", "id", ""), "field id: must not be empty."),
    ("attribution.toml", ("entries", "content", "the words"),
     "field content: a span must be a table with start, end and text"),
]


@pytest.mark.parametrize("name, change, words", CASES, ids=[f"{c[0]}-{c[1][1]}" for c in CASES])
def test_a_wrong_value_gets_a_message_naming_the_fix(name, change, words):
    data = tomllib.loads((ARTICLE.folder / name).read_text(encoding="utf-8"))
    section, field, value = change
    data[section][0][field] = value
    with pytest.raises(KeyFileError) as info:
        validate(ARTICLE.folder / name, data)
    assert f"{name} [[{section}]] #1" in str(info.value) and words in str(info.value)


def test_a_section_of_the_wrong_shape_is_named():
    for name, text, words in [("chronology.toml", '[events]\nid = "e"\n', "[events]: must be "
                               "written as [[events]] tables, one per entry, not as dict."),
                              ("attribution.toml", 'vocabulary = ["a"]\n', "vocabulary: must be "
                               "written as a [vocabulary] table, not as list.")]:
        with pytest.raises(KeyFileError, match=words.replace("[", r"\[").replace("]", r"\]")
                           .replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
            validate(Path(name), tomllib.loads(text))


def test_the_vocabulary_of_a_field_comes_from_the_schema():
    assert KEYS["chronology.toml"].vocabulary("events", "certainty")[0] == "stated"
    assert "direct quote" in KEYS["naming.toml"].vocabulary("names", "how")
    assert KEYS["naming.toml"].vocabulary("names", "voice") is None


def test_the_schemas_command_writes_what_is_shipped(monkeypatch, tmp_path, capsys):
    import course.text.keyfiles as keyfiles
    shipped = {schema_path(n).name: schema_path(n).read_text(encoding="utf-8") for n in KEY_FILES}
    monkeypatch.setattr(keyfiles, "SCHEMA_DIR", tmp_path / "schemas")
    assert main(["schemas"]) == 0
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "schemas").iterdir()}
    assert written == shipped and len(written) == len(KEY_FILES)
    assert "wrote chronology.toml.schema.json" in capsys.readouterr().out
