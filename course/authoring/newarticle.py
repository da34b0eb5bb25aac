"""Bring your own article, step 1: a plain text file becomes an article folder.

``python -m course new-article <text-file> --outlet ... --published YYYY-MM-DD`` checks the
file and the metadata, then writes ``<folder>/<id>/article.txt`` (the text, byte for byte)
and ``meta.json`` (with a note on how each field was established: the teacher gave it).
Nothing is half-written: the folder is assembled under a temporary name, loaded with the
course's own loader, and only then given its real name.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from ..text.article import (SEEDS_DIR, Article, ArticleError, article_dirs, decode_article_text,
                      load_article)

#: A safe folder name for an article id: letters, digits, dashes, dots and underscores.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
TITLE_WORDS = 4  # words of the title in a generated id
TITLE_MAX = 160  # a title taken from the first line is cut to this many characters


class NewArticleError(ValueError):
    """Bad input for a new article; the message names the file or option and the fix."""


def slug(text: str, words: int | None = None) -> str:
    """Lower-case ASCII words joined by dashes ("Ana's visit" -> "ana-s-visit")."""
    spaced = "".join(c if c.isalnum() or unicodedata.combining(c) else " "
                     for c in unicodedata.normalize("NFKD", text))
    plain = spaced.encode("ascii", "ignore").decode("ascii")
    parts = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(parts[:words] if words else parts)


def make_id(outlet: str, published: str, title: str) -> str:
    """An id like the seed's: outlet (before any bracket), date, first words of the title."""
    outlet_part = slug(outlet.split("(")[0], 3) or "article"
    title_part = slug(title, TITLE_WORDS)
    return "-".join(p for p in (outlet_part, published, title_part) if p)[:100].rstrip("-.")


def read_text_file(path: Path) -> str:
    """The text of the teacher's file, refused (with the fix) when the loader cannot take it."""
    if not path.exists():
        raise NewArticleError(f"{path}: no such file. Give the path of a plain-text file "
                              "holding the article, one paragraph per line.")
    if not path.is_file():
        raise NewArticleError(f"{path}: this is a folder, not a text file. Give the path of "
                              "the .txt file holding the article.")
    text = decode_article_text(path, path.read_bytes(), NewArticleError)
    # stricter than the loader: what new-article stores must load byte for byte as given
    if text.startswith("\ufeff"):
        raise NewArticleError(f"{path}: starts with a byte-order mark (BOM), which would "
                              "become part of the first paragraph. Re-save it as 'UTF-8' "
                              "without BOM (not 'UTF-8 with BOM') and run again.")
    if "\r" in text:
        raise NewArticleError(f"{path}: has Windows (CRLF) or old Mac (CR) line endings, "
                              "which would make the stored offsets differ from what readers "
                              "see. Re-save it with Unix (LF) line endings (most editors: "
                              "'Line endings: LF'), or run: sed -i 's/\\r$//' FILE")
    return text


def check_date(published: str, today: dt.date | None = None) -> str:
    """The publication date as given, if it is a real ISO date that is not in the future."""
    today = today or dt.date.today()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published or ""):
        raise NewArticleError(f"--published {published!r}: write the publication date as "
                              "YYYY-MM-DD, e.g. --published 2023-06-25.")
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        raise NewArticleError(f"--published {published}: there is no such day. Check the "
                              "month and day (YYYY-MM-DD).") from None
    if day > today:
        raise NewArticleError(f"--published {published}: this date is in the future (today "
                              f"is {today.isoformat()}). Give the day the article was "
                              "published.")
    return published


def first_line_title(text: str) -> str:
    """The first non-blank line of the text, cut at a word if it is very long."""
    line = next(ln.strip() for ln in text.splitlines() if ln.strip())
    if len(line) <= TITLE_MAX:
        return line
    return line[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def existing_folder(article_id: str, into: Path) -> Path | None:
    """A folder that already holds an article with this id (in ``into`` or any article folder)."""
    for base in [into, *article_dirs()]:
        if (base / article_id).exists():
            return base / article_id
    return None


def build_meta(text: str, outlet: str, published: str, title: str | None, url: str | None,
               source_name: str) -> dict:
    """meta.json's content, with a note on how each field was established."""
    given = "Given by the teacher on the command line ({option}) when the article was added."
    if title and title.strip():
        title_value = title.strip()
        title_note = given.format(option="--title")
    else:
        title_value = first_line_title(text)
        title_note = ("Taken from the first line of the text file (no --title was given); it "
                      "may not be the outlet's headline: check it.")
    meta = {
        "title": title_value,
        "outlet": outlet.strip(),
        "published": published,
        "language": "en",
    }
    if url and url.strip():
        meta["url"] = url.strip()
    meta["source_file"] = source_name
    meta["established"] = {
        "title": title_note,
        "outlet": given.format(option="--outlet"),
        "published": given.format(option="--published"),
        "language": "Set to English (en) when the article was added: the course's tools "
                    "read English only. Not checked against the text.",
    }
    if "url" in meta:
        meta["established"]["url"] = given.format(option="--url")
    return meta


def new_article(text_file: str | Path, outlet: str, published: str, title: str | None = None,
                url: str | None = None, article_id: str | None = None,
                into: str | Path | None = None, today: dt.date | None = None) -> Article:
    """Create ``<into>/<id>/`` with article.txt (byte for byte) and meta.json; return it loaded.

    Raises ``NewArticleError`` on bad input, before anything is written.
    """
    path = Path(text_file)
    into = Path(into) if into else SEEDS_DIR
    if not outlet or not outlet.strip():
        raise NewArticleError("--outlet is empty: give the outlet's name, e.g. "
                              "--outlet 'The Daily Example (example.com)'.")
    published = check_date(published, today)
    text = read_text_file(path)
    if url and url.strip() and not re.match(r"^https?://\S+$", url.strip()):
        raise NewArticleError(f"--url {url!r}: give the article's web address, starting "
                              "with http:// or https://.")
    meta = build_meta(text, outlet, published, title, url, path.name)
    if article_id is None:
        article_id = make_id(outlet, published, meta["title"])
        how = "the id made from the outlet, date and title"
    else:
        how = "--id"
    if not ID_PATTERN.match(article_id) or article_id in (".", ".."):
        raise NewArticleError(f"{how} {article_id!r} is not a safe folder name: use letters, "
                              "digits, dashes, dots and underscores only (up to 100), "
                              "starting with a letter or digit, e.g. --id my-article-2024.")
    if not into.is_dir():
        raise NewArticleError(f"--into {into}: no such folder. Create it first, or leave "
                              "--into out to use seeds/.")
    clash = existing_folder(article_id, into)
    if clash is not None:
        raise NewArticleError(f"{clash}: an article with the id {article_id!r} already "
                              "exists; it is never overwritten. Choose another --id, or "
                              "remove that folder yourself if you really mean to replace it.")
    target = into / article_id
    work = Path(tempfile.mkdtemp(prefix=f".{article_id}.new-", dir=into))
    try:
        (work / "article.txt").write_bytes(path.read_bytes())
        (work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
        load_article(work)  # the course's own loader must accept it before it gets its name
        work.chmod(0o755)
        work.rename(target)
    except ArticleError as err:
        shutil.rmtree(work, ignore_errors=True)
        raise NewArticleError(str(err).replace(str(work), str(target))) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return load_article(target)


def next_steps(article: Article, into: Path | None) -> str:
    """What to type next (and the environment variable needed for a folder outside seeds/)."""
    base = article.folder.parent
    known = any(base.resolve() == d.resolve() for d in article_dirs() if d.exists())
    lines = [f"created article {article.id} ({len(article.paragraphs)} paragraphs, "
             f"{len(article.sentences)} sentences) in {base.name}/{article.id}/"]
    if not known:
        lines.append(f"this folder is not searched for articles yet: first set "
                     f"COURSE_ARTICLES_DIR={base}")
    lines.append(f"next: python -m course draft-key {article.id}")
    return "\n".join(lines)
