"""The course's command line: ``python -m course <command> ...``.

Each command is a small function that adds its own sub-parser; add a new command by
writing one more ``add_<name>`` function and listing it in ``COMMANDS``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable


def run_release(args: argparse.Namespace) -> int:
    """Write student and teacher versions of exercises."""
    from .teaching.release import ReleaseError, release
    try:
        written = release(args.names or None, run=not args.no_execute)
    except ReleaseError as err:
        print(f"release: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


def add_release(sub: argparse._SubParsersAction) -> None:
    """The ``release`` sub-command and its options."""
    p = sub.add_parser("release", help="generate student and teacher versions of exercises",
                       description="Read exercises/source/NN_title.ipynb and write the student "
                                   "version exercises/NN_title.ipynb and the executed teacher "
                                   "version exercises/solutions/NN_title.ipynb.")
    p.add_argument("names", nargs="*", help="exercise names or numbers (default: all)")
    p.add_argument("--no-execute", action="store_true",
                   help="write the teacher version without running it")
    p.set_defaults(func=run_release)


def run_grade(args: argparse.Namespace) -> int:
    """Grade what students checked, from progress files and submitted notebooks."""
    from .teaching.grade import grade, print_report, write_csv
    from .teaching.marking import ClassMarks
    levels = ClassMarks(Path(args.marks)).levels() if args.marks else None
    reports = grade([Path(p) for p in args.paths], levels=levels)
    print_report(reports)
    if args.csv:
        write_csv(reports, Path(args.csv))
        print(f"wrote {args.csv}")
    return 0


def add_grade(sub: argparse._SubParsersAction) -> None:
    """The ``grade`` sub-command and its options."""
    p = sub.add_parser("grade", help="grade what students checked in the question widgets",
                       description="Read students' progress files (<student>.json, or a "
                                   "folder of them) and submitted exercise notebooks, check "
                                   "every saved answer against the key again and report a "
                                   "score per student and question. Nothing is executed. "
                                   "Written answers get the teacher's level, never a "
                                   "machine score.")
    p.add_argument("paths", nargs="+",
                   help="progress files, submitted .ipynb files, or folders of them")
    p.add_argument("--csv", help="also write the table to this CSV file")
    p.add_argument("--marks", metavar="CLASS_DIR",
                   help="the class folder the marking notebook saved its marks in, for the "
                        "teacher's levels of written answers")
    p.set_defaults(func=run_grade)


def run_guide(args: argparse.Namespace) -> int:
    """Write the teacher guide from its template and the article's data."""
    from .teaching.guide import OUTPUT, write_guide
    path = write_guide(args.article, Path(args.out) if args.out else OUTPUT)
    print(f"wrote {path.name}")
    return 0


def add_guide(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("guide", help="generate the teacher guide (docs/teacher-guide.md)",
                       description="Fill docs/guide-template.md with the answer key, common "
                                   "mistakes and rubrics read from the article's data files.")
    p.add_argument("--article", help="article id or folder (default: the course's seed)")
    p.add_argument("--out", help="where to write (default: docs/teacher-guide.md)")
    p.set_defaults(func=run_guide)


def run_handouts(args: argparse.Namespace) -> int:
    """Export every notebook and the teacher guide to printable HTML."""
    from .teaching.handouts import REPO, write_handouts
    out = Path(args.out) if args.out else REPO / "handouts"
    written = write_handouts(out, args.article)
    print(f"wrote {len(written)} files to {out.name}/ (open index.html)")
    return 0


def add_handouts(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handouts", help="export notebooks and the teacher guide to HTML",
                       description="Write static, printable HTML of every lesson, every "
                                   "student exercise and the teacher guide, with the "
                                   "questions shown as text.")
    p.add_argument("--out", help="output folder (default: handouts/)")
    p.add_argument("--article", help="article id or folder (default: the course's seed)")
    p.set_defaults(func=run_handouts)


def run_refresh(args: argparse.Namespace) -> int:
    """Re-run lesson notebooks in place so their stored outputs are clean."""
    from .teaching.refresh import refresh
    for name in args.notebooks:
        print(f"refreshed {refresh(Path(name), args.timeout)}")
    return 0


def add_refresh(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("refresh", help="re-run lesson notebooks to refresh stored outputs",
                       description="Execute notebooks in place with an empty progress folder "
                                   "and without saved widget state, so that nbval can compare "
                                   "their outputs.")
    p.add_argument("notebooks", nargs="+", help="notebooks to refresh, e.g. notebooks/*.ipynb")
    p.add_argument("--timeout", type=int, default=180, help="seconds allowed per cell (180)")
    p.set_defaults(func=run_refresh)


def run_new_article(args: argparse.Namespace) -> int:
    """Create an article folder from a plain text file."""
    from .text.article import ArticleError
    from .authoring.newarticle import NewArticleError, new_article, next_steps
    try:
        art = new_article(args.text_file, args.outlet, args.published, title=args.title,
                          url=args.url, article_id=args.id, into=args.into)
    except (NewArticleError, ArticleError, OSError) as err:
        print(f"new-article: {err}", file=sys.stderr)
        return 2
    print(next_steps(art, Path(args.into) if args.into else None))
    return 0


def add_new_article(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new-article", help="make an article folder from a plain text file",
                       description="Copy a plain-text article (UTF-8, one paragraph per line) "
                                   "byte for byte into <folder>/<id>/article.txt and write "
                                   "meta.json. Never overwrites an existing article.")
    p.add_argument("text_file", help="the article as a UTF-8 plain-text file")
    p.add_argument("--outlet", required=True, help="the outlet, e.g. 'The Daily Example (example.com)'")
    p.add_argument("--published", required=True, metavar="YYYY-MM-DD",
                   help="the publication date")
    p.add_argument("--title", help="the headline (default: the text's first line)")
    p.add_argument("--url", help="the article's web address")
    p.add_argument("--id", help="the article id (default: outlet-date-first-words-of-title)")
    p.add_argument("--into", metavar="DIR", help="the folder of article folders (default: seeds/)")
    p.set_defaults(func=run_new_article)


def run_draft_key(args: argparse.Namespace) -> int:
    """Draft every answer key of an article from the extractors."""
    from .text.article import ArticleError
    from .authoring.draft import DraftError, draft_key
    try:
        report = draft_key(args.article, force=args.force)
    except (DraftError, ArticleError, OSError) as err:
        print(f"draft-key: {err}", file=sys.stderr)
        return 2
    print(report)
    return 0


def add_draft_key(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft-key", help="draft the answer keys of an article for review",
                       description="Run the extractors and write attribution, chronology, "
                                   "contrast and naming drafts (*.draft.toml) and draft key "
                                   "questions, to review in notebooks/teacher_review.ipynb. "
                                   "Reviewed files are never touched.")
    p.add_argument("article", help="the article id (or folder)")
    p.add_argument("--force", action="store_true", help="replace existing drafts")
    p.set_defaults(func=run_draft_key)


def run_key_questions(args: argparse.Namespace) -> int:
    """Write questions/90_from_key.toml from an article's reviewed keys."""
    from .text.article import ArticleError, load_article
    from .authoring.keyquestions import QUESTIONS_FILE, report, write_questions
    try:
        art = load_article(args.article)
        count, skipped = write_questions(art)
    except (ValueError, OSError) as err:  # ArticleError, key and question errors
        print(f"key-questions: {err}", file=sys.stderr)
        return 2
    print(report(art.id, count, skipped, QUESTIONS_FILE))
    return 0


def add_key_questions(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("key-questions", help="make questions from an article's reviewed keys",
                       description="Write questions/90_from_key.toml (key.attribution.*, "
                                   "key.contrast.naming, key.chronology.*) from the reviewed "
                                   "answer keys; a question without material is left out.")
    p.add_argument("article", help="the article id (or folder)")
    p.set_defaults(func=run_key_questions)


def run_check_keys(args: argparse.Namespace) -> int:
    """Check each answer key an article has, as the lessons will read it."""
    from .parts.keyloaders import load_key
    from .text.article import load_article
    from .text.keyfiles import KEY_FILES
    art = load_article(args.article)
    present = [name for name in KEY_FILES if (art.folder / name).is_file()]
    for name in present:
        load_key(art, name)  # a mistake raises: main() prints it and exits with status 2
        print(f"{name}: ok")
    missing = [name for name in KEY_FILES if name not in present]
    if missing:
        print(f"not there yet (the lessons say so where they need them): {', '.join(missing)}")
    return 0


def add_check_keys(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check-keys", help="check an article's answer keys",
                       description="Load each answer key of the article as the lessons do "
                                   "and report the first mistake (file, entry, field and the "
                                   "fix), or ok for each key.")
    p.add_argument("article", help="the article id (or folder)")
    p.set_defaults(func=run_check_keys)


def run_schemas(args: argparse.Namespace) -> int:
    """Write the answer keys' JSON Schemas from the key-file registry."""
    from .text.keyfiles import write_schemas
    for path in write_schemas():
        print(f"wrote {path.name}")
    return 0


def add_schemas(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schemas", help="write the answer keys' JSON Schemas (maintainers)",
                       description="Write course/text/schemas/<key>.schema.json from the "
                                   "key-file registry (course/text/keyfiles.py), for editors "
                                   "that check a TOML key while it is typed.")
    p.set_defaults(func=run_schemas)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_release, add_grade,
                                                                add_guide, add_handouts,
                                                                add_refresh, add_new_article,
                                                                add_draft_key, add_key_questions,
                                                                add_check_keys, add_schemas]


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m course",
                                     description="Tools for the news-literacy course.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    args = parser.parse_args(argv)
    from .text.article import ArticleError
    from .engine.questions import QuestionError
    from .text.keyfiles import KeyFileError
    from .text.spans import SpanError
    try:
        return args.func(args)
    except (ArticleError, QuestionError, KeyFileError, SpanError, OSError) as err:
        # a broken or missing article file: the message names the file and the fix
        print(f"{args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
