"""Summaries of a load-test run: percentiles, per-student memory, and a human-readable table."""
from __future__ import annotations

import math
from dataclasses import asdict

from .student import StudentResult


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation, or None for no values."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return None
    rank = (len(data) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return round(data[low] + (data[high] - data[low]) * (rank - low), 2)


def spread(values: list[float]) -> dict:
    """p50, p95, max and count of some values."""
    data = [v for v in values if v is not None]
    return {"p50": percentile(data, 50), "p95": percentile(data, 95),
            "max": round(max(data), 2) if data else None, "n": len(data)}


def _figure(student: StudentResult, part: str, key: str) -> float | None:
    """One memory/CPU figure of a student's server or kernels."""
    return student.memory.get(part, {}).get(key)


def summarize(students: list[StudentResult], hub: dict) -> dict:
    """The run's headline figures."""
    ok = [s for s in students if s.ok]
    measured = [s for s in students if s.memory]
    per_kernel = [_figure(s, "kernels", "rss_mb") / _figure(s, "kernels", "processes")
                  for s in measured if _figure(s, "kernels", "processes")]
    both = lambda key: [(_figure(s, "server", key) or 0) + (_figure(s, "kernels", key) or 0)  # noqa: E731
                        for s in measured]
    return {
        "students": len(students),
        "succeeded": len(ok),
        "failed": len(students) - len(ok),
        "browser_students": sum(s.mode == "browser" for s in students),
        "browser_succeeded": sum(s.mode == "browser" and s.ok for s in students),
        "seconds_login_to_server_ready": spread([s.server_ready for s in students]),
        "seconds_login_to_first_output": spread([s.first_output for s in students]),
        "seconds_login_to_widget_feedback": spread([s.widget_feedback for s in students]),
        "seconds_login_to_done": spread([s.done for s in students]),
        "server_rss_mb": spread([_figure(s, "server", "rss_mb") for s in measured]),
        "server_uss_mb": spread([_figure(s, "server", "uss_mb") for s in measured]),
        "kernels_rss_mb_per_student": spread([_figure(s, "kernels", "rss_mb") for s in measured]),
        "kernels_uss_mb_per_student": spread([_figure(s, "kernels", "uss_mb") for s in measured]),
        "kernel_rss_mb_each": spread(per_kernel),
        "student_rss_mb_server_plus_kernels": spread(both("rss_mb")),
        "student_uss_mb_server_plus_kernels": spread(both("uss_mb")),
        "student_cpu_s_server_plus_kernels": spread(both("cpu_s")),
        "students_cpu_s_total": round(sum(both("cpu_s")), 1),
        "hub": hub,
    }


def student_rows(students: list[StudentResult]) -> list[dict]:
    """Students as JSON-ready dicts."""
    return [asdict(s) for s in students]


def _fmt(value) -> str:
    """A number for the table."""
    return "-" if value is None else f"{value:g}"


def table(summary: dict) -> str:
    """A Markdown table of the headline figures."""
    rows = [
        ("students succeeded", f"{summary['succeeded']} / {summary['students']} "
                               f"(browser: {summary['browser_succeeded']} / {summary['browser_students']})"),
    ]
    for key, label in [
        ("seconds_login_to_server_ready", "login → server ready (s)"),
        ("seconds_login_to_first_output", "login → first cell output (s)"),
        ("seconds_login_to_widget_feedback", "login → widget feedback, browser (s)"),
        ("seconds_login_to_done", "login → both notebooks done (s)"),
        ("server_rss_mb", "single-user server RSS (MB)"),
        ("server_uss_mb", "single-user server USS (MB)"),
        ("kernel_rss_mb_each", "one kernel RSS (MB)"),
        ("kernels_uss_mb_per_student", "kernels USS per student (MB)"),
        ("student_rss_mb_server_plus_kernels", "server + kernels RSS per student (MB)"),
        ("student_uss_mb_server_plus_kernels", "server + kernels USS per student (MB)"),
        ("student_cpu_s_server_plus_kernels", "server + kernels CPU per student (s)"),
    ]:
        fig = summary[key]
        rows.append((label, f"p50 {_fmt(fig['p50'])} · p95 {_fmt(fig['p95'])} · max {_fmt(fig['max'])}"))
    hub = summary["hub"]
    if hub:
        rows.append(("hub RSS (MB), last / peak",
                     f"{_fmt(hub['rss_mb_last'].get('hub'))} / {_fmt(hub['rss_mb_peak'].get('hub'))}"))
        rows.append(("proxy RSS (MB), last / peak",
                     f"{_fmt(hub['rss_mb_last'].get('proxy'))} / {_fmt(hub['rss_mb_peak'].get('proxy'))}"))
        rows.append(("hub + proxy CPU (s)", " + ".join(_fmt(v) for v in hub["cpu_s"].values())))
        rows.append(("machine CPU busy during the run (all users, %)", _fmt(hub["machine_cpu_percent_mean"])))
    rows.append(("all students' servers + kernels CPU (s)", _fmt(summary["students_cpu_s_total"])))
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(lines)
