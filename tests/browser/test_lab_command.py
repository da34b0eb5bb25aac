"""`make lab` as a student meets it: JupyterLab opens on the start notebook, shows no
dialog or notification, and neither the page nor the server reaches for the network.

The command is the Makefile's own ``lab`` recipe with no extra arguments, run in a
temporary copy of the course. The "browser" JupyterLab would open is a small script (via
the standard ``BROWSER`` variable) that records the address; Chromium then opens it.
"""
from __future__ import annotations

import json
import re
import stat
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import (Lab, copy_course_files, isolated_jupyter_env, log_tail,
                       make_lab_command, save_screenshot, shutdown_lab, stop_process_group,
                       visible_dialogs)

START = "notebooks/00_start_here.ipynb"
SETTLE_SECONDS = 4.0  # the news prompt, when enabled, appears within a second or two


def fake_browser(folder: Path) -> tuple[str, Path]:
    """A BROWSER command that writes the address it is given to a file instead of opening it."""
    record = folder / "opened.txt"
    script = folder / "record-url"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return f"{script} %s", record


def wait_for_file(path: Path, process: subprocess.Popen, log: Path, timeout: float = 120.0) -> str:
    """The content of ``path`` once the server has written it (fails if the server dies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size:
            return path.read_text()
        if process.poll() is not None:
            raise AssertionError(f"`make lab` exited with code {process.returncode}:\n"
                                 f"{log_tail(log)}")
        time.sleep(0.5)
    raise AssertionError(f"`make lab` did not open a browser within {timeout:.0f} s:\n"
                         f"{log_tail(log)}")


def server_address(opened: str) -> str:
    """The http address (with token) that JupyterLab asked the browser to open."""
    if opened.startswith("http"):
        return opened
    redirect = Path(urlsplit(opened).path).read_text()  # the file:// redirect page
    match = re.search(r'url=(http[^"\']+)', redirect)
    assert match, f"no address in JupyterLab's redirect page:\n{redirect}"
    return match.group(1)


def get_json(url: str, token: str) -> dict:
    """GET a JupyterLab API address with the token; the decoded JSON."""
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def lab_page_config(lab: Lab) -> dict:
    """The page configuration JupyterLab sends to the browser (news, extension manager...)."""
    req = urllib.request.Request(f"{lab.url}lab", headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        page = resp.read().decode("utf-8")
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      page, re.S)
    assert match, "no jupyter-config-data in JupyterLab's page"
    return json.loads(match.group(1))


@pytest.fixture
def make_lab(browser, tmp_path: Path):
    """`make lab` running in a copy of the course, with the address it asked to open."""
    root = copy_course_files(tmp_path / "root")
    env = isolated_jupyter_env(tmp_path / "jupyter")
    env["BROWSER"], record = fake_browser(tmp_path)
    log = tmp_path / "jupyterlab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(make_lab_command(root, []), cwd=root, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        address = server_address(wait_for_file(record, process, log))
    except BaseException:
        stop_process_group(process, grace=0)
        raise
    parts = urlsplit(address)
    token = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("token", "")
    lab = Lab(f"{parts.scheme}://{parts.netloc}/", token, root, log, process)
    try:
        yield lab, record.read_text(), address
    finally:
        shutdown_lab(lab)


def test_make_lab_opens_start_notebook_without_popups(browser, make_lab):
    """The start notebook is open and active; no dialog, toast or unread notification."""
    lab, opened, address = make_lab
    assert urlsplit(address).path == f"/lab/tree/{START}"
    assert lab.token, "JupyterLab should protect the server with a token"

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(60_000)
    try:
        page.goto(opened)  # what the student's browser gets: JupyterLab's redirect page
        page.wait_for_url(re.compile(r"/lab/tree/"), timeout=60_000)
        current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
        expect(current).to_contain_text("00_start_here.ipynb", timeout=90_000)
        panel = page.locator(".jp-NotebookPanel:visible")
        expect(panel).to_have_count(1)
        expect(panel.locator("h1").first).to_contain_text("Start here", timeout=30_000)
        expect(page.locator(".jp-StatusBar-Widget", has_text="Idle")).to_be_visible(
            timeout=90_000)
        time.sleep(SETTLE_SECONDS)
        save_screenshot(page, "make_lab")

        assert visible_dialogs(page) == []
        bell = page.locator(".jp-Notification-Status")
        expect(bell).to_have_text(re.compile(r"^\s*0\s*$"))
    except BaseException:
        save_screenshot(page, "make_lab-failed")
        raise
    finally:
        context.close()

    served = urlsplit(lab.url).netloc
    outside = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))
               and urlsplit(u).netloc != served]
    assert outside == [], f"the page reached beyond the course's server: {outside[:5]}"

    page_config = lab_page_config(lab)
    assert page_config["news"] == {"disabled": True}
    assert page_config["extensionManager"]["name"] == "read-only"
    assert page_config["extensionManager"]["can_install"] is False
    update = get_json(f"{lab.url}lab/api/update", lab.token)
    assert update == {"notification": None}
    settings = get_json(
        f"{lab.url}lab/api/settings/@jupyterlab/apputils-extension:notification", lab.token)
    defaults = settings["schema"]["properties"]  # the course's overrides change defaults
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
