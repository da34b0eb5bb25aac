"""Rebuild the test articles' text from MEANTIME (CC BY 4.0) Wikinews token files.

Run from the repository root: ``python corpora/articles/rebuild.py CORPUS_DIR``.
The corpus gives tokens with sentence numbers, not paragraphs: sentence 0 is the
headline and sentence 1 the dateline; every later sentence becomes one line
(one paragraph) of article.txt. Spacing is rebuilt with the usual detokenising rules.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

#: folder name -> corpus file (sub-corpus/file name)
ARTICLES = {
    "wikinews-apple-free-cases": "corpus_apple/195869_Apple_to_give_free_cases.xml",
    "wikinews-apple-executive-leaves": "corpus_apple/199629_Apple_executive_leaves_company.xml",
    "wikinews-indonesia-transport-minister": "corpus_airbus/87805_Indonesia_transport_minister.xml",
    # attribution corpus for issue 9 (keys in attribution.toml, see the README there)
    "wikinews-northrop-eads-tanker": "corpus_airbus/100911_Northrop_Grumman_and_Airbus_parent_EADS_defeat_Boeing.xml",
    "wikinews-apple-ceo-keynote": "corpus_apple/10450_Apple_Computer_CEO.xml",
    "wikinews-macbook-air": "corpus_apple/214601_Apple_unveils_new_MacBook_Air_laptops.xml",
    "wikinews-aer-lingus-airbus": "corpus_airbus/71426_Aer_Lingus_buys_twelve_new_long-haul_Airbus_jets.xml",
    "wikinews-jobs-medical-leave": "corpus_apple/238039_Apple_Inc_CEO_Steve.xml",
    "wikinews-airbus-job-cuts": "corpus_airbus/61389_Airbus_announces_job_cuts_of_10,000.xml",
    "wikinews-boeing-emails": "corpus_airbus/1173_Internal_emails_expose_Boeing-Air_Force_contract_discussions.xml",
    "wikinews-boeing-737-replacement": "corpus_airbus/106653_Boeing_pushes_back_737_replacement_development.xml",
    # held out: annotated by hand (attribution.toml) before the extractor was run on it
    "wikinews-steve-jobs-resigns": "corpus_apple/279494_Apple_executive_Steve.xml",
}


def detokenise(sentences: list[list[str]]) -> list[str]:
    """Join each sentence's tokens into text: no space before punctuation, quotes hug
    their words; a quotation may run over several sentences. A "]" with no "[" (the
    corpus lost the opening bracket of editorial insertions) is dropped."""
    lines = []
    open_quote = False
    glue_next = False
    for tokens in sentences:
        out = ""
        for tok in tokens:
            if tok == "]" and "[" not in out:
                continue
            out, open_quote, glue_next = _add(out, tok, open_quote, glue_next)
        lines.append(out)
    return lines


def _add(out: str, tok: str, open_quote: bool, glue_next: bool) -> tuple[str, bool, bool]:
    """Append one token to a line; return the line and the quote state."""
    if tok in ('"', "``", "''"):
        if not open_quote:
            return out + (" " if out else "") + '"', True, True
        return out + '"', False, False
    if tok == "\u2019":
        return out + tok, open_quote, True  # "Apple ’ s" -> "Apple’s"
    if not out or out.endswith(("(", "$", "[")) or glue_next:
        out += tok
    elif re.fullmatch(r"'[A-Z]\w+", tok) and out.endswith(" O"):
        out += tok  # "O 'Reilly" -> "O'Reilly"
    elif re.fullmatch(r"[.,;:!?)\]%]|'s|'|n't|'re|'ve|'ll|'d|'m", tok):
        out += tok
    else:
        out += " " + tok
    return out, open_quote, False


def sentences(xml_path: Path) -> tuple[dict, list[str]]:
    """The document's attributes and its sentences as text."""
    root = ET.parse(xml_path).getroot()
    by_sentence: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        by_sentence.setdefault(int(tok.get("sentence")), []).append(tok.text or "")
    return dict(root.attrib), detokenise([by_sentence[k] for k in sorted(by_sentence)])


def main(corpus: Path) -> None:
    """Write article.txt for every test article (meta.json is written by hand)."""
    here = Path(__file__).resolve().parent
    for name, rel in ARTICLES.items():
        attrib, sents = sentences(corpus / rel)
        folder = here / name
        folder.mkdir(exist_ok=True)
        body = sents[2:]  # drop headline (0) and dateline (1)
        (folder / "article.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
        print(name, attrib.get("url"), "|", sents[0], "|", sents[1])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
