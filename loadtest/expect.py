"""Decide whether a student's run produced the notebook's expected output."""
from __future__ import annotations

import configparser
import re
from pathlib import Path

from .kernel import NotebookRun

SANITIZE_FILE = Path(__file__).resolve().parent.parent / "tests" / "nbval_sanitize.cfg"
MARKS = ("✓", "✗", "◐", "…")
BUILTIN = [(re.compile(r"0x[0-9a-fA-F]+"), "0xADDRESS")]


def sanitizers(path: Path = SANITIZE_FILE) -> list[tuple[re.Pattern, str]]:
    """The regex/replace pairs nbval uses (tests/nbval_sanitize.cfg), plus memory addresses."""
    pairs = list(BUILTIN)
    if path.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(path, encoding="utf-8")
        for name in parser.sections():
            section = parser[name]
            if "regex" in section:
                pairs.append((re.compile(section["regex"]), section.get("replace", "")))
    return pairs


def _text(value) -> str:
    """nbformat text (a string or a list of lines) as one string."""
    return "".join(value) if isinstance(value, list) else str(value)


def merged(outputs: list[dict]) -> list[dict]:
    """Outputs with consecutive stream pieces of the same name joined (kernels may split a print)."""
    joined: list[dict] = []
    for out in outputs:
        last = joined[-1] if joined else None
        if (out.get("output_type") == "stream" and last and last.get("output_type") == "stream"
                and last["name"] == out["name"]):
            joined[-1] = {**last, "text": _text(last["text"]) + _text(out["text"])}
        else:
            joined.append(out)
    return joined


def comparable(outputs: list[dict], rules: list[tuple[re.Pattern, str]]) -> list[str]:
    """Outputs reduced to what nbval compares as text: streams and text/plain, sanitized."""
    texts = []
    for out in merged(outputs):
        kind = out.get("output_type")
        if kind == "stream":
            text = f"{out['name']}: {_text(out['text'])}"
        elif kind in ("execute_result", "display_data"):
            text = f"{kind}: {_text(out.get('data', {}).get('text/plain', ''))}"
        elif kind == "error":
            text = f"error: {out.get('ename')}: {out.get('evalue')}"
        else:
            continue
        for pattern, replace in rules:
            text = pattern.sub(replace, text)
        texts.append("\n".join(line.rstrip() for line in text.strip().splitlines()))
    return texts


def problems(stored_nb: dict, run: NotebookRun) -> list[str]:
    """Every way the run differs from the notebook: errors, cells not run, stored outputs not matched, mark lines missing."""
    rules = sanitizers()
    found: list[str] = []
    code = {i: c for i, c in enumerate(stored_nb["cells"])
            if c["cell_type"] == "code" and _text(c.get("source", "")).strip()}
    ran = {r.index: r for r in run.cells}
    for index, cell in code.items():
        result = ran.get(index)
        if result is None:
            found.append(f"{run.path} cell {index}: not run")
            continue
        errors = [o for o in result.outputs if o["output_type"] == "error"]
        if errors or result.status != "ok":
            detail = errors[0]["ename"] + ": " + errors[0]["evalue"] if errors else result.status
            found.append(f"{run.path} cell {index}: {detail}")
            continue
        stored = cell.get("outputs", [])
        if stored and comparable(stored, rules) != comparable(result.outputs, rules):
            found.append(f"{run.path} cell {index}: output differs from the stored output")
        if "course.mark(" in _text(cell["source"]) and not _has_mark(result.outputs):
            found.append(f"{run.path} cell {index}: no feedback line from course.mark")
    return found


def _has_mark(outputs: list[dict]) -> bool:
    """True if a stdout line starts with one of the engine's marks."""
    for out in outputs:
        if out["output_type"] == "stream" and out["name"] == "stdout":
            if any(line.lstrip().startswith(MARKS) for line in _text(out["text"]).splitlines()):
                return True
    return False
