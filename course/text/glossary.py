"""The course's glossary: the terms questions and tables use, each with plain words and the
lesson that teaches it (data in ``glossary.toml`` beside this module)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")


@dataclass(frozen=True)
class Term:
    """One glossary term: its spellings, what it means, and the lesson that teaches it."""

    term: str
    forms: tuple[str, ...]
    meaning: str
    taught_in: str

    def pattern(self) -> re.Pattern:
        """Any of its forms as a whole word (case ignored)."""
        alternatives = "|".join(re.escape(f) for f in sorted(self.forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)

    def used_in(self, text: str) -> bool:
        """Whether ``text`` uses the term."""
        return bool(self.pattern().search(text))

    def taught_by(self, markdown: str) -> bool:
        """Whether a lesson cell teaches it: one of its forms in bold."""
        return any(self.pattern().fullmatch(b.strip()) or self.pattern().search(b)
                   for b in re.findall(r"\*\*([^*]+)\*\*", markdown))


def glossary() -> list[Term]:
    """Every term of the glossary, in the file's order."""
    data = tomllib.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    return [Term(t["term"], tuple(t["forms"]), t["meaning"], t["taught_in"])
            for t in data["terms"]]
