"""Browser-test fixtures: JupyterLab started like ``make lab``, driven in Debian's Chromium.

How to use them in a test module under ``tests/browser/``::

    from playwright.sync_api import expect
    from .conftest import choose, click_check, feedback, open_notebook, question, run_all_cells

    def test_my_notebook(page, lab):
        open_notebook(page, lab, "notebooks/01_source_attribution.ipynb")
        run_all_cells(page)                     # waits until every code cell has run
        q = question(page, "attr.who")          # locator of .course-q-attr-who
        choose(q, "Reuters")                    # the radio button labelled "Reuters"
        click_check(q)
        expect(feedback(q)).to_contain_text("✓ Correct")

Fixtures:
- ``lab`` (session): one JupyterLab server, launched through the Makefile's ``lab``
  recipe (the same command and settings as ``make lab``) on a free 127.0.0.1 port with a
  random token and ``--no-browser``. It serves a temporary copy of ``notebooks/`` and
  ``exercises/`` (``lab.root``), so autosave never changes committed files; Jupyter's
  config, data and runtime folders are temporary too. It inherits ``COURSE_PROGRESS_DIR``
  and ``COURSE_STUDENT`` from the root conftest.
- ``browser`` (session): headless Chromium from ``/usr/bin/chromium`` via Playwright.
  Without Chromium it skips with an install hint; under ``CI=true`` it fails instead.
- ``page`` (per test): a fresh browser context and page; on failure a screenshot, the
  server log and the browser console land in ``test-artifacts/`` (git-ignored). Each
  browser test gets a 600 s limit (pytest-timeout) unless it sets its own.

Helpers: ``open_notebook``, ``write_notebook``, ``run_all_cells``, ``question``, ``click_check``,
``click_hint``, ``feedback``, ``choose``, ``save_screenshot``, ``visible_dialogs``.
``open_notebook`` and ``run_all_cells`` use the ``window.jupyterapp`` handle that the
``lab`` fixture's server exposes (``--LabApp.expose_app_in_browser``); every test gets a
fresh JupyterLab workspace, and its kernels are stopped when it ends. Keep browser tests
few and short: the machine running CI is small (all waits have timeouts).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
INSTALL_HINT = ("Debian's Chromium is needed for the browser tests: "
                "sudo apt-get install chromium (it must end up at /usr/bin/chromium)")
SERVER_START_TIMEOUT = 120.0  # seconds; a cold JupyterLab on a busy 2-core machine
KERNEL_TIMEOUT = 120_000      # milliseconds for a kernel to start and go idle
EXPECT_TIMEOUT = 30_000       # milliseconds for each expect(...) assertion (default 5 s)
RUN_ALL_TIMEOUT = 180_000     # milliseconds for "run all cells" to finish
BROWSER_TEST_TIMEOUT = 600    # seconds for one browser test, server start included


def in_ci() -> bool:
    """True under CI, where a browser test must run and never skip."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip outside CI (with the reason), fail under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so browser tests must run)", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------ the server

@dataclass
class Lab:
    """A running JupyterLab: its base URL, token, served folder and log file."""

    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen

    def url_for(self, path: str, workspace: str | None = None) -> str:
        """The browser URL that opens ``path`` (relative to the served folder).

        Each call uses a fresh JupyterLab workspace unless one is named, so tabs opened by
        an earlier test are not restored (and do not start kernels) in a later one.
        """
        workspace = workspace or f"test-{secrets.token_hex(4)}"
        return f"{self.url}lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def shutdown_sessions(self) -> None:
        """Stop every kernel session, so each test starts from a quiet server."""
        for session in self.api("sessions") or []:
            self.api(f"sessions/{session['id']}", method="DELETE")

    def api(self, endpoint: str, method: str = "GET") -> object:
        """Call the server's REST API with the token; returns the decoded JSON (or None)."""
        req = urllib.request.Request(f"{self.url}api/{endpoint}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_course_files(dest: Path) -> Path:
    """Copy notebooks/ and exercises/ into ``dest`` so the server never edits the repo."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "exercises"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name, ignore=ignore)
        else:
            (dest / name).mkdir()
    return dest


def isolated_jupyter_env(base: Path) -> dict[str, str]:
    """The environment for a test server: Jupyter's own folders under ``base``."""
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime")):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env.pop("JUPYTER_CONFIG_PATH", None)  # the Makefile adds the course's settings
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def make_lab_command(root: Path, lab_args: list[str]) -> list[str]:
    """The ``make lab`` command run in ``root`` with this Python's environment as VENV.

    ``-o <stamp>`` tells make not to (re)install the environment during a test run.
    """
    venv = Path(sys.prefix)
    return ["make", "--no-print-directory", "-f", str(REPO / "Makefile"), "-C", str(root),
            "-o", str(venv / ".installed"), "lab", f"VENV={venv}",
            f"LAB_ARGS={' '.join(lab_args)}"]


def log_tail(log: Path, lines: int = 40) -> str:
    """The last lines of a server log, for error messages."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class ServerExited(RuntimeError):
    """The server process ended while starting (e.g. its port was taken meanwhile)."""


def wait_for_status(url: str, token: str, process: subprocess.Popen, log: Path,
                    timeout: float = SERVER_START_TIMEOUT) -> None:
    """Poll ``/api/status`` until the server answers; fail with its log if it dies or hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerExited(f"JupyterLab exited with code {process.returncode} while "
                               f"starting. Log:\n{log_tail(log)}")
        try:
            req = urllib.request.Request(f"{url}api/status",
                                         headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(req, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer /api/status within {timeout:.0f} s. "
                       f"Log:\n{log_tail(log)}")


def stop_process_group(process: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop a process started with ``start_new_session``: SIGTERM its group, then SIGKILL."""
    if process.poll() is None:
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            pass
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def shutdown_lab(lab: Lab) -> None:
    """Ask the server to shut down (which stops its kernels), then make sure it is gone."""
    try:
        lab.api("shutdown", method="POST")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        pass
    stop_process_group(lab.process)


def start_lab(base: Path, lab_args: list[str], env: dict[str, str] | None = None,
              attempts: int = 2) -> Lab:
    """Start ``make lab`` serving a copy of the course under ``base``; wait until it answers.

    A server that exits while starting is retried once on a new port: another process may
    have taken the free port between choosing it and binding it.
    """
    root = copy_course_files(base / "root")
    env = env or isolated_jupyter_env(base / "jupyter")
    for attempt in range(1, attempts + 1):
        port, token = free_port(), secrets.token_hex(24)
        args = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", *lab_args]
        log = base / f"jupyterlab-{attempt}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(make_lab_command(root, args), cwd=root, env=env,
                                       stdin=subprocess.DEVNULL, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        lab = Lab(f"http://127.0.0.1:{port}/", token, root, log, process)
        try:
            wait_for_status(lab.url, token, process, log)
            return lab
        except ServerExited:
            stop_process_group(process, grace=0)
            if attempt == attempts:
                raise
        except BaseException:
            stop_process_group(process, grace=0)
            raise
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """One JupyterLab server for the whole session (see the module docstring)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    server = start_lab(base, ["--LabApp.expose_app_in_browser=True"])
    try:
        yield server
    finally:
        shutdown_lab(server)


# ----------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (skip or fail when it is missing)."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found. {INSTALL_HINT}")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed: pip install -e '.[test]'")
    expect.set_options(timeout=EXPECT_TIMEOUT)  # a busy CI machine answers slowly
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS, timeout=60_000)
    except Exception:
        pw.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Remember each phase's report on the item, so fixtures can see a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def artifact_path(name: str, suffix: str = ".png") -> Path:
    """A file under test-artifacts/ named after ``name`` (safe characters only)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + suffix)


def save_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot of ``page`` to test-artifacts/<name>.png."""
    path = artifact_path(name)
    page.screenshot(path=str(path), full_page=True)
    return path


def lab_page(browser, lab: Lab, request: pytest.FixtureRequest,
             height: int = 900) -> Iterator[object]:
    """A fresh page on ``lab``; on failure its screenshot, the server log and the console go
    to test-artifacts/; afterwards the test's kernels are stopped. Test files with a lab of
    their own make their page fixture with ``yield from lab_page(browser, their_lab, request)``."""
    context = browser.new_context(viewport={"width": 1280, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    console: list[str] = []
    pg.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    pg.on("pageerror", lambda err: console.append(f"[pageerror] {err}"))
    try:
        yield pg
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            try:
                save_screenshot(pg, request.node.nodeid)
            except Exception as err:  # a crashed page must not hide the real failure
                print(f"could not save screenshot: {err}", file=sys.stderr)
            shutil.copyfile(lab.log, artifact_path(request.node.nodeid, ".log"))
            artifact_path(request.node.nodeid, ".console.txt").write_text("\n".join(console))
        context.close()
        try:
            lab.shutdown_sessions()
        except (urllib.error.URLError, OSError) as err:
            print(f"could not stop the test's kernels: {err}", file=sys.stderr)


@pytest.fixture
def page(browser, lab: Lab, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page on the suite's lab (see ``lab_page``)."""
    yield from lab_page(browser, lab, request)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test (``-m "not browser"`` skips them),
    with a time limit, so that a hung browser fails one test instead of stalling CI."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(BROWSER_TEST_TIMEOUT))


# ------------------------------------------------------------------- helpers

_NOTEBOOK_READY_JS = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.sessionContext) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && w.content.widgets.length > 0;
}"""


def open_notebook(page, lab: Lab, path: str, timeout: int = KERNEL_TIMEOUT) -> None:
    """Open ``path`` (e.g. ``"notebooks/00_start_here.ipynb"``); wait for an idle kernel."""
    if not (lab.root / path).is_file():
        raise FileNotFoundError(f"{path} is not in the served copy of the course ({lab.root})")
    page.goto(lab.url_for(path))
    page.wait_for_function(_NOTEBOOK_READY_JS, arg=path, timeout=timeout, polling=250)
    dialogs = visible_dialogs(page)
    if dialogs:
        raise AssertionError(f"a dialog is open after opening {path}: {dialogs}")


_RUN_STATE_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  const idle = !!kernel && kernel.status === 'idle';
  let pending = 0, errors = [];
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    if (cell.model.sharedModel.getSource().trim() === '') continue;
    if (cell.model.executionCount === null) pending += 1;
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
    }
  }
  if (idle && errors.length) return {done: true, errors};
  return (idle && pending === 0) ? {done: true, errors} : false;
}"""


def run_all_cells(page, timeout: int = RUN_ALL_TIMEOUT) -> None:
    """Clear outputs, run every cell of the open notebook, wait until all ran; fail on errors."""
    page.evaluate("""async () => {
      const app = window.jupyterapp;
      await app.commands.execute('notebook:clear-all-cell-outputs');
      app.commands.execute('notebook:run-all-cells');
    }""")
    state = page.wait_for_function(_RUN_STATE_JS, timeout=timeout, polling=250).json_value()
    if state["errors"]:
        raise AssertionError("a cell raised an error: " + "; ".join(state["errors"]))


def write_notebook(lab: Lab, path: str, sources: list[str]) -> str:
    """Write a notebook of these code cells into the served copy of the course (a test's
    own page, e.g. one question of each type); returns ``path`` for ``open_notebook``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    nbformat.write(nb, lab.root / path)
    return path


def question(page, qid: str):
    """The locator of question ``qid``'s widget (``.course-q-<id with dots as dashes>``)."""
    return page.locator(f".course-q-{qid.replace('.', '-')}")


def feedback(q):
    """The feedback area of a question locator."""
    return q.locator(".course-feedback")


def click_check(q) -> None:
    """Click the question's Check button."""
    q.locator(".course-check").first.click()


def click_hint(q) -> None:
    """Click the question's Hint button."""
    q.locator(".course-hint").first.click()


def choose(q, option: str) -> None:
    """Pick ``option`` in a single-choice question (the radio button labelled ``option``)."""
    q.get_by_role("radio", name=option, exact=True).check()


def visible_dialogs(page) -> list[str]:
    """The text of every visible modal dialog and notification toast (should be none)."""
    found = []
    for selector in (".jp-Dialog", ".Toastify__toast", ".jp-toast-message"):
        loc = page.locator(selector)
        for i in range(loc.count()):
            if loc.nth(i).is_visible():
                found.append(f"{selector}: {loc.nth(i).inner_text()[:200]!r}")
    return found


def wait_for(check, what: str, timeout: float = 30.0):
    """Poll ``check()`` until it returns something true (returned), or fail after ``timeout``
    seconds naming ``what`` (a file the kernel writes, for example)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
