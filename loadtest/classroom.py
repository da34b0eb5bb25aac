"""Classroom load test: N students log in to a real JupyterHub on 127.0.0.1 and run the course.

Usage: python -m loadtest.classroom --students 30 --spread 60 --browsers 3
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from . import report
from .browser import run_browser_students
from .hub import Hub, start_hub
from .measure import HubSampler, student_figures, system_snapshot
from .proxy import pinned_version
from .student import StudentResult, run_http_student

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Plan:
    """What to run: how many students, over what window, which notebooks, which limits."""

    students: int = 30
    spread: float = 60.0
    browsers: int = 3
    notebook: Path = REPO / "notebooks" / "00_start_here.ipynb"
    exercise: Path = REPO / "exercises" / "00_reading_the_article.ipynb"
    question: str = "start.where"
    spawn_timeout: float = 240.0
    cell_timeout: float = 180.0
    browser_timeout: float = 300.0
    keep: bool = False
    artifacts: Path | None = None
    transport: str = "ipc"
    workdir: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def deadline(self) -> float:
        """Seconds after the first start by which every student must have finished."""
        return self.spread + self.spawn_timeout + 4 * self.cell_timeout + 120

    @property
    def sources(self) -> list[Path]:
        """The notebooks each student runs, in order."""
        return [self.notebook, self.exercise]


def home_path(source: Path) -> str:
    """Where a notebook sits in a student's home: <its folder's name>/<its name>."""
    return f"{source.parent.name}/{source.name}"


def offsets(count: int, window: float) -> list[float]:
    """Start times spread evenly over the window (seconds)."""
    if count <= 1:
        return [0.0] * count
    return [round(i * window / (count - 1), 2) for i in range(count)]


def browser_indices(count: int, browsers: int) -> set[int]:
    """Which students use Chromium: spread evenly through the class."""
    browsers = min(browsers, count)
    return {round(i * count / browsers) for i in range(browsers)} if browsers else set()


def prepare_homes(hub: Hub, names: list[str], sources: list[Path]) -> None:
    """Copy the course notebooks into each student's home, as nbgitpuller would."""
    for name in names:
        for source in sources:
            target = hub.home(name) / home_path(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _progress_saved(hub: Hub, name: str) -> bool:
    """True if the engine wrote a progress file in the student's progress folder."""
    folder = hub.home(name) / "progress"
    return folder.is_dir() and any(folder.glob("*.json"))


def run_classroom(plan: Plan) -> dict:
    """Run the whole class on a fresh hub and return the report (hub and every process stopped)."""
    for source in plan.sources:
        if not source.is_file():
            raise FileNotFoundError(f"notebook not found: {source}")
    names = [f"student{i + 1:02d}" for i in range(plan.students)]
    in_browser = browser_indices(plan.students, plan.browsers)
    starts = offsets(plan.students, plan.spread)
    results = [StudentResult(name, "browser" if i in in_browser else "http", starts[i])
               for i, name in enumerate(names)]
    workdir = plan.workdir or Path(tempfile.mkdtemp(prefix="classroom-"))
    before = system_snapshot()
    began = time.monotonic()
    hub = start_hub(workdir, names, start_timeout=int(plan.spawn_timeout),
                    transport=plan.transport)
    hub_startup = round(time.monotonic() - began, 2)
    sampler = None
    try:
        prepare_homes(hub, names, plan.sources)
        proxy = hub.proxy_process()
        sampler = HubSampler(hub.process.pid, proxy.pid if proxy else None)
        sampler.start()
        _run_students(hub, plan, results)
        hub.remember_processes()
        for student in results:
            student.memory = student_figures(hub.server_pid(student.name))
            student.progress_saved = _progress_saved(hub, student.name)
        hub_figures = sampler.stop()
    finally:
        if sampler and sampler.is_alive():
            sampler.stop()
        survivors = hub.stop()
        if not plan.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "plan": {"students": plan.students, "spread_s": plan.spread, "browsers": len(in_browser),
                 "notebooks": [home_path(s) for s in plan.sources], "question": plan.question,
                 "kernel_transport": plan.transport,
                 **plan.extra},
        "versions": {"python": sys.version.split()[0], "jupyterhub": version("jupyterhub"),
                     "jupyterlab": version("jupyterlab"), "jupyter_server": version("jupyter_server"),
                     "ipykernel": version("ipykernel"), "configurable-http-proxy": pinned_version()},
        "machine_before": before,
        "machine_after": system_snapshot(),
        "hub_startup_s": hub_startup,
        "wall_s": round(time.monotonic() - began, 2),
        "processes_killed_after_hub_stop": len(survivors),
        "summary": report.summarize(results, hub_figures),
        "students": report.student_rows(results),
    }


def _run_students(hub: Hub, plan: Plan, results: list[StudentResult]) -> None:
    """Start every student at its offset (HTTP ones in threads, browser ones in one Chromium) and wait."""
    paths = [home_path(s) for s in plan.sources]
    http = [s for s in results if s.mode == "http"]
    browser = [s for s in results if s.mode == "browser"]
    began = time.monotonic()
    stopping = threading.Event()

    def http_student(student: StudentResult) -> StudentResult:
        if stopping.wait(max(0.0, student.offset - (time.monotonic() - began))):
            student.error = "the run was stopped before this student started"
            return student
        return run_http_student(hub.url, hub.password, student, plan.sources, paths,
                                plan.spawn_timeout, plan.cell_timeout)

    question_class = "course-q-" + plan.question.replace(".", "-")

    def browser_students() -> None:
        try:
            asyncio.run(run_browser_students(hub.url, hub.password, browser, paths, question_class,
                                             plan.browser_timeout, plan.artifacts, plan.deadline))
        except Exception as exc:  # e.g. Chromium failed to start, or the overall time ran out
            for student in browser:
                if not student.ok and student.error is None:
                    student.error = f"{type(exc).__name__}: {exc}"

    browser_thread = threading.Thread(target=browser_students, daemon=True)
    if browser:
        browser_thread.start()
    deadline = plan.deadline
    pool = ThreadPoolExecutor(max_workers=max(1, len(http)))
    try:
        futures = [pool.submit(http_student, s) for s in http]
        _, late = wait(futures, timeout=deadline)
        if browser:
            browser_thread.join(timeout=max(1.0, deadline - (time.monotonic() - began)))
        for student in results:
            if not student.ok and student.error is None and student.done is None:
                student.error = "did not finish before the harness deadline"
        if late or browser_thread.is_alive():
            hub.stop()  # unblocks the late students' requests so that their threads end
    finally:
        # never wait here for students still talking to the hub: the caller stops the hub
        stopping.set()
        pool.shutdown(wait=False, cancel_futures=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="students in the class (default 30)")
    parser.add_argument("--spread", type=float, default=60, help="window of start times, seconds (default 60)")
    parser.add_argument("--browsers", type=int, default=3, help="students in Chromium tabs (default 3)")
    parser.add_argument("--notebook", type=Path, default=Plan.notebook, help="the start notebook")
    parser.add_argument("--exercise", type=Path, default=Plan.exercise, help="the exercise notebook")
    parser.add_argument("--question", default="start.where", help="question whose Check button browsers click")
    parser.add_argument("--json", type=Path, default=REPO / "test-artifacts" / "loadtest" / "results.json",
                        help="where to write the results JSON")
    parser.add_argument("--artifacts", type=Path, default=REPO / "test-artifacts" / "loadtest",
                        help="where failed browser students' screenshots go")
    parser.add_argument("--table", type=Path, help="also write the Markdown table to this file")
    parser.add_argument("--spawn-timeout", type=float, default=600,
                        help="seconds a server may take to start (default 600)")
    parser.add_argument("--cell-timeout", type=float, default=300,
                        help="seconds one cell may take (default 300); "
                             "one browser step may take spawn + cell timeouts")
    parser.add_argument("--kernel-transport", choices=["ipc", "tcp"], default="ipc",
                        help="how servers talk to kernels (default ipc; tcp is Jupyter's default, "
                             "see docs/deployment.md)")
    parser.add_argument("--keep", action="store_true", help="keep the hub's work folder (logs, homes)")
    parser.add_argument("--note", default="", help="free text stored with the results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the load test, write JSON (and table), print the table; exit 1 if a student failed."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-up on `kill`
    plan = Plan(students=args.students, spread=args.spread, browsers=args.browsers,
                notebook=args.notebook.resolve(), exercise=args.exercise.resolve(),
                question=args.question, keep=args.keep, transport=args.kernel_transport,
                spawn_timeout=args.spawn_timeout,
                cell_timeout=args.cell_timeout, browser_timeout=args.spawn_timeout + args.cell_timeout,
                artifacts=args.artifacts,
                extra={"command": "python -m loadtest.classroom " + " ".join(argv or sys.argv[1:]),
                       "note": args.note})
    result = run_classroom(plan)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = report.table(result["summary"])
    if args.table:
        args.table.parent.mkdir(parents=True, exist_ok=True)
        args.table.write_text(text + "\n", encoding="utf-8")
    print(text)
    for student in result["students"]:
        if not student["ok"]:
            print(f"FAILED {student['name']} ({student['mode']}): {student['error'] or student['problems']}")
    print(f"results: {args.json}")
    return 0 if result["summary"]["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
