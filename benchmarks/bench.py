"""Benchmark the course library: each measure is printed as a ratio to a baseline measured
in the same run, so that the figures mean something on a noisy shared machine.

Baseline: reading the article file and splitting it into lines (the least any article
tool must do). Run: ``.venv/bin/python benchmarks/bench.py [--repeat N]``.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Callable

import course
from course import article as article_module
from course.questions import load_questions

SEED = course.load_article()


def baseline() -> None:
    """Read the article's bytes and split them into lines."""
    (SEED.folder / "article.txt").read_bytes().decode("utf-8").splitlines()


def load_uncached() -> None:
    """Load the article folder from disk: paragraphs, sentences, metadata."""
    article_module._CACHE.clear()
    course.load_article()


def attributions() -> None:
    """Run the rule-based attribution extractor over the article."""
    course.extract_attributions(SEED)


def time_expressions() -> None:
    """Find and resolve every time expression of the article."""
    course.extract_time_expressions(SEED)


def check_all_questions() -> None:
    """Check one wrong answer for every question (what a class does on each click)."""
    for qid in load_questions(SEED):
        course.check(qid, "a wrong answer")


def progress_overview() -> None:
    """Build the progress overview from the progress file."""
    course.progress_overview()


MEASURES: list[Callable[[], None]] = [load_uncached, attributions, time_expressions,
                                      check_all_questions, progress_overview]


def timeit(fn: Callable[[], None], repeat: int) -> float:
    """Median seconds of ``repeat`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    base = timeit(baseline, args.repeat * 10)
    print(f"baseline (read + split the article): {base * 1e6:.1f} µs, median of "
          f"{args.repeat * 10}")
    print(f"{'measure':<22} {'median':>12} {'x baseline':>12}")
    for fn in MEASURES:
        t = timeit(fn, args.repeat)
        print(f"{fn.__name__:<22} {t * 1e3:>9.2f} ms {t / base:>12.0f}")


if __name__ == "__main__":
    main()
