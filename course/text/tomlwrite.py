"""A small TOML writer for the answer-key and question files the course generates.

Python reads TOML (``tomllib``) but does not write it; the drafts, reviewed keys and key
questions only need strings, numbers, booleans, lists, inline tables (spans) and arrays
of tables, so this writer handles exactly those, in the layout of the hand-made keys.
"""
from __future__ import annotations

import json
import re
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(name: str) -> str:
    """A key, quoted when it is not a bare TOML key (e.g. an item with spaces)."""
    return name if _BARE_KEY.fullmatch(name) else _string(name)  # "$" would allow "a\n"


def _string(text: str) -> str:
    """A basic TOML string. JSON's escapes are valid TOML escapes, but JSON leaves U+007F
    (DELETE) as it is, which TOML forbids in a string: it is escaped too, so that any text,
    control characters included, reads back unchanged."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def value(v: Any) -> str:
    """One TOML value written on a single line."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} {v!r} as TOML")


def _is_table_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v) and \
        not all(_is_span(x) for x in v)


def _is_span(v: Any) -> bool:
    return isinstance(v, dict) and "start" in v and "end" in v


def _body(table: dict) -> list[str]:
    """The ``key = value`` lines of one table (nested plain tables as sub-tables inline)."""
    return [f"{_key(k)} = {value(v)}" for k, v in table.items() if v is not None]


def dumps(data: dict, header: str = "") -> str:
    """The TOML text of ``data``: scalars first, then ``[tables]``, then ``[[arrays]]``.

    ``header`` is written first as comment lines. Values of None are left out.
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    if lines:
        lines.append("")
    scalars = {k: v for k, v in data.items()
               if not isinstance(v, dict) and not _is_table_list(v) and v is not None}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if _is_table_list(v)}
    lines += _body(scalars)
    for name, table in tables.items():
        lines += ["", f"[{_key(name)}]", *_body(table)]
    for name, entries in arrays.items():
        for entry in entries:
            lines += ["", f"[[{_key(name)}]]"]
            inner = {k: v for k, v in entry.items() if isinstance(v, dict) and not _is_span(v)}
            lines += _body({k: v for k, v in entry.items() if k not in inner})
            for sub, table in inner.items():
                lines += [f"[{_key(name)}.{_key(sub)}]",
                          *(f"{_key(k)} = {value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"
