"""Students in real Chromium tabs: log in on the hub's page, run notebooks in JupyterLab, click a widget."""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import time
from pathlib import Path

from .student import StudentResult

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
CHECK_ATTEMPTS = 5  # clicks on Check before giving up on feedback that judges the choice
ALL_RUN = """() => {
  const prompts = [...document.querySelectorAll(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
NOTHING_RUN = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return panel && panel.querySelectorAll('.jp-OutputArea-output').length === 0 &&
    [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].every(p => !/\\d/.test(p.textContent));
}"""
ERRORS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
  .map(o => o.textContent).filter(t => t.includes('Traceback (most recent call last)')).length"""


def chromium_path() -> str | None:
    """The system Chromium ($CHROMIUM or /usr/bin/chromium), or None."""
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return path if os.path.exists(path) else shutil.which("chromium")


async def _menu(page, menu: str, item: str) -> None:
    """Choose an item from a JupyterLab main menu."""
    await page.locator(f".lm-MenuBar-itemLabel:text-is('{menu}')").first.click()
    await page.locator(f".lm-Menu-itemLabel:text-is('{item}')").first.click()


async def _wait_kernel(page, timeout_ms: float) -> None:
    """Wait until the notebook's kernel is started and idle, accepting a kernel-choice dialog."""
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if await dialog.count():
            await dialog.first.click()
        name = page.locator(f"{panel} .jp-KernelName").first
        idle = page.locator(f"{panel} .jp-Notebook-ExecutionIndicator[data-status='idle']")
        if await idle.count() and await name.count() and "No Kernel" not in await name.inner_text():
            return
        await page.wait_for_timeout(250)
    raise TimeoutError("the notebook's kernel did not start")


async def _open_and_run_all(page, url: str, timeout_ms: float) -> None:
    """Open a notebook in JupyterLab, clear its stored outputs, and run all cells from the Run menu."""
    await page.goto(url, timeout=timeout_ms)
    await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").wait_for(timeout=timeout_ms)
    await _wait_kernel(page, timeout_ms)
    await _menu(page, "Edit", "Clear Outputs of All Cells")
    await page.wait_for_function(NOTHING_RUN, timeout=timeout_ms)
    await _menu(page, "Run", "Run All Cells")


async def browser_student(browser, hub_url: str, password: str, result: StudentResult,
                          home_paths: list[str], question_class: str, timeout: float,
                          artifacts: Path | None = None) -> StudentResult:
    """One student in a fresh browser context: start notebook, widget click, then the exercise."""
    ms = timeout * 1000
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    start = time.monotonic()
    clock = lambda: time.monotonic() - start  # noqa: E731
    try:
        page = await context.new_page()
        page.set_default_timeout(ms)
        await page.goto(f"{hub_url}/hub/login", timeout=ms)
        await page.fill("input[name=username]", result.name)
        await page.fill("input[name=password]", password)
        await page.click("#login_submit")
        await page.wait_for_url(f"**/user/{result.name}/lab**", timeout=ms)
        result.server_ready = clock()
        for number, path in enumerate(home_paths):
            # ?reset: a fresh workspace, so that the restored tab of the previous notebook never
            # takes the commands meant for this one
            await _open_and_run_all(page, f"{hub_url}/user/{result.name}/lab/tree/{path}?reset", ms)
            panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
            if number == 0:
                await page.locator(f"{panel} .jp-OutputArea-output").first.wait_for(timeout=ms)
                result.first_output = clock()
            await page.wait_for_function(ALL_RUN, timeout=ms)
            errors = await page.evaluate(ERRORS)
            if errors:
                result.problems.append(f"{path}: {errors} cell(s) raised an error in JupyterLab")
            if number == 0:
                question = f"{panel} .{question_class}"
                shown, result.check_clicks = await _click_check(page, question, ms)
                result.widget_feedback = shown - start
                result.feedback_text = (await page.locator(
                    f"{panel} .{question_class} .course-feedback").first.inner_text()).strip()
            result.notebooks_run.append(path)
        result.done = clock()
        result.ok = not result.problems
    except Exception as exc:  # a student's failure is data, never a crash of the harness
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if artifacts and context.pages:
            artifacts.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                await context.pages[0].screenshot(path=str(artifacts / f"{result.name}.png"))
    finally:
        await context.close()
    return result


async def _click_check(page, question: str, timeout_ms: float) -> tuple[float, int]:
    """Choose the question's first option (if it has radio buttons), click Check until the
    feedback judges that choice, as a student would click again; return when feedback first
    showed and how many clicks it took."""
    box = page.locator(question).first
    await box.wait_for(timeout=timeout_ms)
    radios = box.locator("input[type=radio]")
    chosen = await radios.count() > 0
    if chosen:
        await radios.first.check()
    feedback = box.locator(".course-feedback").first
    first_seen = None
    for clicks in range(1, CHECK_ATTEMPTS + 1):
        await box.locator(".course-check").first.click()
        await page.wait_for_function(
            """(sel) => { const f = document.querySelector(sel + ' .course-feedback');
                         return f && f.textContent.trim().length > 0; }""",
            arg=question, timeout=timeout_ms)
        first_seen = first_seen or time.monotonic()
        # ipywidgets may hold a new value until the kernel is idle, while a click goes out at
        # once: the first click can reach the kernel before the choice does
        await page.wait_for_timeout(1000)
        if not (chosen and (await feedback.inner_text()).strip().startswith("…")):
            break
    return first_seen, clicks


async def run_browser_students(hub_url: str, password: str, students: list[StudentResult],
                               home_paths: list[str], question_class: str, timeout: float,
                               artifacts: Path | None = None, overall: float | None = None) -> None:
    """Run the browser students in one headless Chromium, each starting at its own offset."""
    from playwright.async_api import async_playwright

    executable = chromium_path()
    if not executable:
        for student in students:
            student.error = "Chromium not found (/usr/bin/chromium or $CHROMIUM)"
        return
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            began = time.monotonic()

            async def delayed(student: StudentResult) -> StudentResult:
                await asyncio.sleep(max(0.0, student.offset - (time.monotonic() - began)))
                return await browser_student(browser, hub_url, password, student, home_paths,
                                             question_class, timeout, artifacts)

            await asyncio.wait_for(asyncio.gather(*(delayed(s) for s in students)),
                                   timeout=overall or 3 * timeout + max(s.offset for s in students))
        finally:
            await browser.close()
