"""The seeds are never written (issue 8): the root conftest.py fails the run when a file
under ``seeds/`` changed, and the library opens seed files for reading only."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_guarded(tmp_path: Path, test_body: str) -> subprocess.CompletedProcess:
    """Run pytest on one test file in ``tmp_path`` with the root conftest.py, its seeds
    guard pointed at ``tmp_path/seeds`` (a small folder of pretend seed files)."""
    seeds = tmp_path / "seeds"
    (seeds / "some-article" / "questions").mkdir(parents=True)
    (seeds / "some-article" / "article.txt").write_text("One paragraph.\n", encoding="utf-8")
    (seeds / "some-article" / "questions" / "q.toml").write_text("# none\n", encoding="utf-8")
    shutil.copy(REPO / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_it.py").write_text(textwrap.dedent(test_body), encoding="utf-8")
    env = dict(os.environ, COURSE_SEEDS_GUARD_DIR=str(seeds))
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), "-o", "addopts=", "test_it.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_guard_passes_a_run_that_only_reads_the_seeds(tmp_path):
    proc = run_guarded(tmp_path, """
        import os, pathlib
        def test_reads():
            folder = pathlib.Path(os.environ["COURSE_SEEDS_GUARD_DIR"])
            assert (folder / "some-article" / "article.txt").read_text() == "One paragraph.\\n"
    """)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout
    assert "must never be written" not in proc.stdout


def test_guard_fails_a_run_that_writes_into_the_seeds(tmp_path):
    proc = run_guarded(tmp_path, """
        import os, pathlib
        def test_writes():
            folder = pathlib.Path(os.environ["COURSE_SEEDS_GUARD_DIR"]) / "some-article"
            (folder / "article.txt").write_text("Changed.\\n")
            (folder / "questions" / "q.toml").unlink()
            (folder / "notes.txt").write_text("new file")
    """)
    out = proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout, out  # the test itself passes...
    assert proc.returncode == 1, out       # ...but the run fails
    assert "the seed files must never be written" in out
    assert "some-article/article.txt (changed)" in out
    assert "some-article/questions/q.toml (removed)" in out
    assert "some-article/notes.txt (added)" in out


def test_guard_watches_the_real_seeds_folder():
    sys.path.insert(0, str(REPO))
    try:
        import conftest as root_conftest
    finally:
        sys.path.remove(str(REPO))
    if not os.environ.get("COURSE_SEEDS_GUARD_DIR"):
        assert root_conftest.seeds_folder() == REPO / "seeds"
    sums = root_conftest.checksums(REPO / "seeds")
    assert "wion-2023-06-25-qin-rudenko/article.txt" in sums
    assert any(name.startswith("wion-2023-06-25-qin-rudenko/questions/") for name in sums)


# Loads everything the course reads from an article folder while an audit hook records
# every open() of a file under seeds/ with a mode that could write. Runs in a subprocess:
# audit hooks cannot be removed.
AUDIT_SCRIPT = r"""
import os, sys
from pathlib import Path

SEEDS = Path(sys.argv[1]).resolve()
writes, reads = [], []

def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if not isinstance(path, (str, bytes, os.PathLike)):
            return
        try:
            p = Path(os.fsdecode(path)).resolve()
        except (OSError, ValueError):
            return
        if SEEDS not in p.parents:
            return
        writing = (mode is not None and any(c in mode for c in "wax+")) or \
            (flags is not None and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT |
                                            os.O_TRUNC | os.O_APPEND))
        (writes if writing else reads).append(f"{p} mode={mode!r} flags={flags!r}")
    elif event in ("os.remove", "os.rename", "os.replace", "os.rmdir", "os.mkdir",
                   "os.truncate", "os.chmod", "os.utime", "shutil.rmtree", "shutil.move"):
        target = args[0] if args else None
        if isinstance(target, (str, bytes, os.PathLike)):
            try:
                if SEEDS in Path(os.fsdecode(target)).resolve().parents:
                    writes.append(f"{event} {target}")
            except (OSError, ValueError):
                pass

sys.addaudithook(hook)

import matplotlib
matplotlib.use("Agg")
import course
from course.text import article as art
from course.parts import attribution_views, chronology, contrast, synthesis
from course.engine.questions import load_questions

a = course.load_article(SEEDS / "wion-2023-06-25-qin-rudenko")
a.to_html(); a.provenance().to_html(); a.to_frame()
course.attribution_key(a); course.extract_attributions(a); course.score_attributions()
attribution_views.highlight_html(a); attribution_views.sources_table()
course.plot_source_types(); course.plot_chain()
course.contrast_key(a); course.naming_table(a); course.plot_naming(a)
for pair in contrast.load_pairs(a):
    course.compare_pair(pair["id"], a)
contrast.show_paragraphs(["P1", "P2"], a)
course.chronology_key(a); course.timeline(a); course.plot_timeline(article=a)
course.plot_story_order(article=a); chronology.highlight(a)
synthesis.load_checklist(a); course.checklist(a)
qs = load_questions(a)
for qid in qs:
    course.ask(qid, a)
    course.check(qid, course.solution(qid, a), a)
course.progress_table(); course.progress_overview()
print(f"READS {len(reads)}")
for w in writes:
    print("WRITE", w)
"""


def test_library_opens_seed_files_read_only(tmp_path):
    progress = tmp_path / "progress"
    progress.mkdir()
    env = dict(os.environ, COURSE_PROGRESS_DIR=str(progress), COURSE_STUDENT="audit",
               MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([sys.executable, "-c", AUDIT_SCRIPT, str(REPO / "seeds")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reads = [line for line in proc.stdout.splitlines() if line.startswith("READS ")]
    assert reads and int(reads[0].split()[1]) >= 8, proc.stdout  # the hook saw the loads
    writes = [line for line in proc.stdout.splitlines() if line.startswith("WRITE ")]
    assert writes == [], "the library opened seed files for writing:\n" + "\n".join(writes)
