"""Who is behind the outside sources: the article's register of outlets, and the plain
words a lateral-reading log uses.

An article folder may hold ``reference/sources.toml``, one ``[[outlets]]`` table per outlet
the course's outside material names: what kind of outlet it is (state media, private
company, ...), who is behind it, its country, and where that label comes from (a source a
student can check; a web address only where one was really seen). ``outside_view`` shows
these cards beside the reference rows, and the lateral-reading log compares a student's
label with them (as a question to think about, never as a mark).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .article import Article, ArticleError, load_article, read_data_file

REGISTER = "reference/sources.toml"

#: What kind of outlet a source is: the choices a student labels a source with, and the
#: register's ``kind`` values. Plain words, no codes.
KINDS = (
    "state media: run or controlled by a government",
    "public media: paid for at least partly by a state, with rules to protect its newsroom",
    "a private company",
    "a company owned jointly by many media companies",
    "a non-profit, paid for by readers, donors or grants",
    "tied to a political or religious movement",
    "an official body itself (a ministry, a government office)",
    "I could not find out",
)
UNKNOWN_KIND = KINDS[-1]

#: How a source relates to the claim being checked.
AGREES = (
    "agrees with the article",
    "disagrees with the article",
    "adds something the article does not say",
    "does not mention the claim",
)

#: Where a source in the log was found.
WHERE = ("searched online", "the course's stored sources")

#: The fields of one source in a lateral-reading log, in the order they are asked.
LOG_FIELDS = ("source", "kind", "behind", "says", "agrees", "where")


@dataclass(frozen=True)
class Outlet:
    """One outlet in the register: what it is and who is behind it, with the label's source."""

    name: str
    kind: str
    behind: str
    country: str
    cited: str          # where the label comes from, in words ("Wikipedia, 'TASS'")
    url: str = ""       # only a real address that was seen; never constructed
    also: tuple[str, ...] = ()  # other names the outlet goes by ("Deutsche Presse-Agentur")

    def names(self) -> tuple[str, ...]:
        """Every name this outlet is known by."""
        return (self.name,) + self.also

    def named_in(self, text: str) -> bool:
        """Whether ``text`` names this outlet (whole words, any case)."""
        return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text, re.IGNORECASE)
                   for n in self.names())

    @property
    def line(self) -> str:
        """One plain line: 'TASS (Russia): state media: ... — who. Source: ...'."""
        where = f" Source of this label: {self.cited}" + (f", {self.url}" if self.url else "")
        kind = "what kind of outlet it is is not established" if self.kind == UNKNOWN_KIND \
            else self.kind
        return f"{self.name} ({self.country}): {kind}. {self.behind}{where}"


def _outlet(raw: object, n: int, where: str) -> Outlet:
    """One validated ``[[outlets]]`` table."""
    how = (f"{where}: outlets[{n}] needs name, kind, behind, country and cited (strings); "
           f"kind is one of: {'; '.join(KINDS[:-1])}")
    if not isinstance(raw, dict):
        raise ArticleError(how)
    fields = {k: raw.get(k) for k in ("name", "kind", "behind", "country", "cited")}
    if any(not isinstance(v, str) or not v.strip() for v in fields.values()) or \
            raw.get("kind") not in KINDS:
        raise ArticleError(how)
    url, also = raw.get("url", ""), raw.get("also", [])
    if not isinstance(url, str) or (url and not url.startswith("https://")):
        raise ArticleError(f"{where}: outlets[{n}] url must be a real https:// address you "
                           "have seen, or left out")
    if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
        raise ArticleError(f"{where}: outlets[{n}] also must be a list of other names")
    unknown = set(raw) - {"name", "kind", "behind", "country", "cited", "url", "also"}
    if unknown:
        raise ArticleError(f"{where}: outlets[{n}] has unknown field(s) "
                           f"{', '.join(sorted(unknown))}")
    return Outlet(url=url, also=tuple(also), **{k: v.strip() for k, v in fields.items()})


@dataclass(frozen=True)
class Report:
    """One real report a student can open: outlet, headline, date and address, all as seen
    (a headline that was not seen is left empty, never made up), and the rows of the
    reference chronology it backs."""

    outlet: str
    headline: str
    date: str
    url: str
    rows: tuple[str, ...]
    note: str = ""

    @property
    def line(self) -> str:
        """'TASS, 25 June 2023: “headline”, https://...' in plain words."""
        title = f"“{self.headline}”" if self.headline else "(headline not recorded)"
        note = f" ({self.note})" if self.note else ""
        return f"{self.outlet}, {self.date}: {title}{note}, {self.url}"


def _report(raw: object, n: int, where: str, names: set[str]) -> Report:
    """One validated ``[[reports]]`` table."""
    how = (f"{where}: reports[{n}] needs outlet (one of the [[outlets]]), headline (\"\" if "
           "not seen), date, url (a real https:// address you have seen) and rows")
    if not isinstance(raw, dict) or set(raw) - {"outlet", "headline", "date", "url", "rows",
                                                "note"}:
        raise ArticleError(how)
    text = {k: raw.get(k, "") for k in ("outlet", "headline", "date", "url", "note")}
    rows = raw.get("rows")
    if any(not isinstance(v, str) for v in text.values()) or text["outlet"] not in names or \
            not text["date"].strip() or not text["url"].startswith("https://") or \
            not isinstance(rows, list) or not rows or not all(isinstance(r, str) for r in rows):
        raise ArticleError(how)
    return Report(rows=tuple(rows), **{k: v.strip() for k, v in text.items()})


_CACHE: dict[tuple, tuple[dict[str, Outlet], tuple[Report, ...]]] = {}


def load_outlets(article: Article | str | Path | None = None) -> dict[str, Outlet]:
    """The article's register by outlet name (empty when it has no ``sources.toml``); a
    broken file is an ``ArticleError`` naming the file and what to write."""
    return _register(load_article(article))[0]


def load_reports(article: Article | str | Path | None = None) -> tuple[Report, ...]:
    """The real reports the register records (outlet, headline, date, address)."""
    return _register(load_article(article))[1]


def _register(article: Article) -> tuple[dict[str, Outlet], tuple[Report, ...]]:
    """Both tables of ``reference/sources.toml``, read once per change of the file."""
    path = article.folder / REGISTER
    if not path.is_file():
        return {}, ()
    key = (path, path.stat().st_mtime_ns)
    if key not in _CACHE:
        _path, data = read_data_file(article, REGISTER, "sources.toml holds [[outlets]] "
                                     "tables: name, kind, behind, country, cited (and url "
                                     "where a real address was seen).")
        where = f"{article.id}/{REGISTER}"
        raws, reports = data.get("outlets", []), data.get("reports", [])
        if not isinstance(raws, list) or not isinstance(reports, list) or \
                set(data) - {"outlets", "reports"}:
            raise ArticleError(f"{where}: write each outlet as an [[outlets]] table and each "
                               "report as a [[reports]] table")
        outlets = [_outlet(raw, n, where) for n, raw in enumerate(raws)]
        names = [o.name for o in outlets]
        if len(set(names)) != len(names):
            raise ArticleError(f"{where}: an outlet is listed twice")
        _CACHE[key] = ({o.name: o for o in outlets},
                       tuple(_report(r, n, where, set(names)) for n, r in enumerate(reports)))
    return _CACHE[key]


def outlets_named(text: str, outlets: dict[str, Outlet]) -> list[Outlet]:
    """The register's outlets that ``text`` names, in register order."""
    return [o for o in outlets.values() if o.named_in(text)]


def find_outlet(name: str, outlets: dict[str, Outlet]) -> Outlet | None:
    """The outlet a student's source names (its name or another name inside it), if any."""
    named = outlets_named(name, outlets)
    return named[0] if len(named) == 1 else None


def reference_table(name: str, article: Article | str | Path | None = None) -> pd.DataFrame:
    """The first Markdown table of ``reference/<name>`` in the article folder, as a DataFrame
    (the outside chronology: one row per reported fact, with the outlets that reported it)."""
    article = load_article(article)
    path = article.folder / "reference" / name
    if not path.is_file():
        raise ArticleError(f"{path}: missing. Copy the outside source into the article's "
                           "reference/ folder, with its outlets named.")
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    rows = [ln for ln in lines if ln.startswith("|") and ln.endswith("|")]
    if len(rows) < 3:
        raise ArticleError(f"{path}: no Markdown table (a header row, a |---| row and data "
                           "rows).")

    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip("|").split("|")]

    header = cells(rows[0])
    data = [cells(r) for r in rows[2:]]
    if any(len(r) != len(header) for r in data):
        raise ArticleError(f"{path}: a table row does not have {len(header)} cells.")
    return pd.DataFrame(data, columns=header)


def reference_rows(name: str, rows: list[str] | tuple[str, ...],
                   article: Article | str | Path | None = None) -> pd.DataFrame:
    """The rows of a reference table with the given ``#`` values, in table order; a row that
    does not exist is a ``KeyError`` naming the file and the rows."""
    table = reference_table(name, article)
    key = table.columns[0]
    wanted = [str(r) for r in rows]
    picked = table[table[key].isin(wanted)]
    if len(picked) != len(set(wanted)):
        raise KeyError(f"reference/{name} has no row(s) "
                           f"{', '.join(sorted(set(wanted) - set(picked[key])))}")
    return picked
