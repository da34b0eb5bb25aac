"""A simulated student over HTTP: log in on the hub, spawn a server, run notebooks in kernels."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from .expect import problems
from .kernel import ServerClient

XSRF_FIELD = re.compile(r'name="_xsrf"\s+value="([^"]+)"')


@dataclass
class StudentResult:
    """One student's outcome and timings (seconds after the student's login started)."""

    name: str
    mode: str
    offset: float
    ok: bool = False
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    server_ready: float | None = None
    first_output: float | None = None
    widget_feedback: float | None = None
    feedback_text: str | None = None
    check_clicks: int | None = None
    done: float | None = None
    notebooks_run: list[str] = field(default_factory=list)
    progress_saved: bool | None = None
    memory: dict = field(default_factory=dict)


def login(hub_url: str, name: str, password: str, timeout: float = 60) -> tuple[requests.Session, str]:
    """Log in through the hub's login form; return the cookie session and its xsrf token."""
    http = requests.Session()
    page = http.get(f"{hub_url}/hub/login", timeout=timeout)
    page.raise_for_status()
    found = XSRF_FIELD.search(page.text)
    xsrf = found.group(1) if found else http.cookies.get("_xsrf", "")
    reply = http.post(f"{hub_url}/hub/login", timeout=timeout, allow_redirects=False,
                      data={"username": name, "password": password, "_xsrf": xsrf})
    if reply.status_code != 302 or not any(c.name.startswith("jupyterhub-session")
                                           or c.name == "jupyterhub-hub-login" for c in http.cookies):
        raise RuntimeError(f"login failed for {name}: HTTP {reply.status_code}")
    return http, http.cookies.get("_xsrf", path="/hub/") or xsrf


def user_token(hub_url: str, http: requests.Session, xsrf: str, name: str) -> str:
    """Ask the hub for an API token with the logged-in student's cookie (as JupyterLab's hub extension does)."""
    reply = http.post(f"{hub_url}/hub/api/users/{name}/tokens", timeout=60,
                      headers={"X-XSRFToken": xsrf, "Referer": f"{hub_url}/hub/token"},
                      json={"note": "classroom load test", "expires_in": 3600})
    if reply.status_code >= 400:
        raise RuntimeError(f"token request for {name}: HTTP {reply.status_code} {reply.text[:200]}")
    return reply.json()["token"]


def spawn_and_wait(hub_url: str, token: str, name: str, timeout: float) -> None:
    """Ask the hub to start the student's server and wait until it is ready."""
    auth = {"Authorization": f"token {token}"}
    reply = requests.post(f"{hub_url}/hub/api/users/{name}/server", headers=auth, timeout=60)
    if reply.status_code not in (201, 202, 400):  # 400: already running or pending
        raise RuntimeError(f"spawn for {name}: HTTP {reply.status_code} {reply.text[:200]}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        user = requests.get(f"{hub_url}/hub/api/users/{name}", headers=auth, timeout=60).json()
        server = user.get("servers", {}).get("")
        if server and server.get("ready"):
            return
        if not server and not user.get("pending"):
            raise RuntimeError(f"server of {name} stopped while starting")
        time.sleep(0.5)
    raise TimeoutError(f"server of {name} not ready within {timeout:.0f} s")


def run_http_student(hub_url: str, password: str, result: StudentResult, notebooks: list[Path],
                     home_paths: list[str], spawn_timeout: float, cell_timeout: float) -> StudentResult:
    """Log in, spawn, run each notebook in its own kernel, and check its outputs."""
    start = time.monotonic()
    clock = lambda: time.monotonic() - start  # noqa: E731
    try:
        http, xsrf = login(hub_url, result.name, password)
        token = user_token(hub_url, http, xsrf, result.name)
        spawn_and_wait(hub_url, token, result.name, spawn_timeout)
        result.server_ready = clock()
        client = ServerClient(f"{hub_url}/user/{result.name}", token)
        for source, served in zip(notebooks, home_paths):
            run = client.run_notebook(served, cell_timeout, clock=clock)
            if result.first_output is None:
                result.first_output = run.first_output_at
            result.notebooks_run.append(served)
            result.problems += problems(json.loads(source.read_text(encoding="utf-8")), run)
        result.done = clock()
        result.ok = not result.problems
    except Exception as exc:  # a student's failure is data, never a crash of the harness
        result.error = f"{type(exc).__name__}: {exc}"
    return result
