"""The key-file registry (issue 15): one record per answer-key file, and the seed's files
agree with it: every span in an entry is a field the registry lists as a span, and every
table the registry names has the shape it says."""
from __future__ import annotations

import tomllib

import pytest

import course
from course.text.article import DATA_SHAPES
from course.text.keyfiles import KEY_FILES, KEYS, draft_name

ARTICLE = course.load_article()


def is_span(value: object) -> bool:
    return isinstance(value, dict) and {"start", "end"} <= set(value)


@pytest.mark.parametrize("name", KEY_FILES)
def test_each_key_file_record_is_whole(name):
    k = KEYS[name]
    assert k.sections and all(k.tables[s] == "tables" for s in k.sections)
    assert k.span_fields and set(k.optional_spans) <= set(k.span_fields)
    assert k.draft_what.endswith(".") and DATA_SHAPES[name] == k.tables
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
