"""Run a notebook's code cells in a kernel on a Jupyter server, over its REST API and kernel websocket."""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import requests
import websocket

RECV_TIMEOUT = 5.0  # seconds one websocket read may block before the cell's deadline is checked
OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


class KernelRunError(RuntimeError):
    """The server refused a request or the kernel did not answer in time."""


@dataclass
class CellRun:
    """What one code cell produced."""

    index: int
    outputs: list[dict] = field(default_factory=list)
    status: str = ""


@dataclass
class NotebookRun:
    """A notebook run in one kernel: its cells' outputs, kernel id and first-output time."""

    path: str
    kernel_id: str
    cells: list[CellRun]
    first_output_at: float | None


class ServerClient:
    """A Jupyter server reached through the hub's proxy with a user's token."""

    def __init__(self, base_url: str, token: str, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def request(self, method: str, path: str, **kwargs) -> dict:
        """Call the server's REST API and return the JSON reply."""
        reply = self.http.request(method, f"{self.base_url}/api{path}", timeout=self.timeout, **kwargs)
        if reply.status_code >= 400:
            raise KernelRunError(f"{method} {path}: HTTP {reply.status_code} {reply.text[:300]}")
        return reply.json() if reply.content else {}

    def notebook(self, path: str) -> dict:
        """The notebook's JSON as the server serves it."""
        return self.request("GET", f"/contents/{path}", params={"content": "1"})["content"]

    def start_session(self, path: str, kernel_name: str = "python3") -> str:
        """Open a notebook session (its kernel starts in the notebook's folder); return the kernel id."""
        body = {"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
                "kernel": {"name": kernel_name}}
        return self.request("POST", "/sessions", json=body)["kernel"]["id"]

    def run_notebook(self, path: str, cell_timeout: float = 120,
                     clock: Callable[[], float] = time.monotonic) -> NotebookRun:
        """Run every code cell of the served notebook in a new session's kernel, in order."""
        nb = self.notebook(path)
        kernel_id = self.start_session(path)
        ws_url = self.base_url.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
        conn = websocket.create_connection(
            ws_url, header=[f"Authorization: token {self.token}"], timeout=cell_timeout)
        conn.settimeout(RECV_TIMEOUT)
        runs: list[CellRun] = []
        first: list[float] = []
        try:
            session = uuid.uuid4().hex
            for index, cell in enumerate(nb["cells"]):
                if cell["cell_type"] != "code" or not _source(cell).strip():
                    continue
                run = _execute(conn, session, index, _source(cell), cell_timeout, first, clock)
                runs.append(run)
                if run.status != "ok":
                    break
        finally:
            conn.close()
        return NotebookRun(path, kernel_id, runs, first[0] if first else None)


def _source(cell: dict) -> str:
    """A cell's source as one string."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _message(session: str, code: str) -> dict:
    """An execute_request in the Jupyter messaging protocol (5.3)."""
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request", "session": session,
                   "username": "loadtest", "version": "5.3",
                   "date": datetime.now(timezone.utc).isoformat()},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }


def _execute(conn: websocket.WebSocket, session: str, index: int, code: str, timeout: float,
             first: list[float], clock: Callable[[], float]) -> CellRun:
    """Send one cell and gather its outputs until the reply and the kernel's return to idle."""
    request = _message(session, code)
    msg_id = request["header"]["msg_id"]
    conn.send(json.dumps(request))
    run = CellRun(index)
    replied = idle = False
    deadline = time.monotonic() + timeout
    while not (replied and idle):
        if time.monotonic() > deadline:
            raise KernelRunError(f"cell {index} did not finish within {timeout:.0f} s")
        try:
            raw = conn.recv()  # short socket timeout: the deadline is checked even while pings flow
        except websocket.WebSocketTimeoutException:
            continue
        if isinstance(raw, bytes):
            continue
        msg = json.loads(raw)
        kind = msg["header"]["msg_type"]
        state = msg.get("content", {}).get("execution_state") if kind == "status" else None
        if state in ("restarting", "dead"):
            raise KernelRunError(f"cell {index}: the kernel is {state}")
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if kind in OUTPUT_TYPES:
            if not first:
                first.append(clock())
            run.outputs.append(_as_output(kind, msg["content"]))
        elif kind == "execute_reply":
            replied = True
            run.status = msg["content"].get("status", "")
        elif state == "idle":
            idle = True
    return run


def _as_output(kind: str, content: dict) -> dict:
    """A kernel message as an nbformat output."""
    if kind == "stream":
        return {"output_type": "stream", "name": content["name"], "text": content["text"]}
    if kind == "error":
        return {"output_type": "error", "ename": content["ename"], "evalue": content["evalue"],
                "traceback": content.get("traceback", [])}
    return {"output_type": kind, "data": content.get("data", {})}
