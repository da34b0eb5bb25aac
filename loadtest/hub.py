"""Start and stop a real JupyterHub on 127.0.0.1 with a shared password and local-process servers."""
from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from .proxy import REPO, ensure_proxy

LAB_CONFIG = REPO / "jupyter-config"  # no news prompt, no update check (owned by `make lab`)

CONFIG_TEMPLATE = '''\
# Written by loadtest/hub.py for one load-test run; every address is 127.0.0.1.
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{workdir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{workdir}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{workdir}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.concurrent_spawn_limit = {students}
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = "{proxy_token}"
c.ConfigurableHTTPProxy.should_start = True

# Dummy authentication: any student name, one shared password.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = "{password}"
c.Authenticator.allow_all = True

# Every student's server runs as the current user, in a temporary home of its own.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{workdir}/home/{{username}}"
c.Spawner.cmd = ["{singleuser}"]
c.Spawner.args = ["--ServerApp.allow_root=True", "--KernelManager.transport={transport}"]
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"

# A fixed port per student, below the kernel's ephemeral range: JupyterHub's default picks a
# random free port that another process may take before the server binds it (seen at 30).
USER_PORTS = {user_ports}


def _fixed_port(spawner):
    spawner.port = USER_PORTS.get(spawner.user.name, 0)


c.Spawner.pre_spawn_hook = _fixed_port
c.Spawner.start_timeout = {start_timeout}
c.Spawner.http_timeout = {start_timeout}
c.Spawner.environment = {{
    "COURSE_STUDENT": lambda spawner: spawner.user.name,
    "COURSE_PROGRESS_DIR": lambda spawner: spawner.home_dir + "/progress",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "JUPYTER_CONFIG_PATH": "{lab_config}",  # the course's JupyterLab settings, as `make lab`
    # kernels' IPC sockets live here: a short path (Unix sockets allow ~107 characters)
    "JUPYTER_RUNTIME_DIR": lambda spawner: "{runtime}/" + spawner.user.name,
}}

# The harness's own token: it reads each server's pid (server state) to measure memory.
c.JupyterHub.services = [{{"name": "loadtest", "api_token": "{api_token}"}}]
c.JupyterHub.load_roles = [{{
    "name": "loadtest",
    "scopes": ["list:users", "read:users", "admin:server_state", "admin:servers"],
    "services": ["loadtest"],
}}]
'''


def user_ports(names: list[str], low: int = 20000, high: int = 32000) -> dict[str, int]:
    """A distinct free port for each user, in a block below Linux's ephemeral range (32768+)."""
    rng = random.Random()
    for _ in range(50):
        base = rng.randrange(low, high - len(names))
        ports = {name: base + i for i, name in enumerate(names)}
        if all(_is_free(port) for port in ports.values()):
            return ports
    raise RuntimeError(f"no block of {len(names)} free ports between {low} and {high}")


def _is_free(port: int) -> bool:
    """True if nothing listens on 127.0.0.1:port now."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Hub:
    """A running JupyterHub: its URL, password, service token, process and work folder."""

    workdir: Path
    url: str
    password: str
    api_token: str
    process: subprocess.Popen
    log_path: Path
    runtime: Path
    seen: dict[int, psutil.Process] = field(default_factory=dict)

    def home(self, username: str) -> Path:
        """The student's home folder (created before the spawn)."""
        return self.workdir / "home" / username

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's REST API with the harness's service token."""
        headers = {"Authorization": f"token {self.api_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                timeout=kwargs.pop("timeout", 30), **kwargs)

    def server_pid(self, username: str) -> int | None:
        """Pid of the student's single-user server, from the hub's server state."""
        reply = self.api("GET", f"/users/{username}")
        if reply.status_code != 200:
            return None
        server = reply.json().get("servers", {}).get("")
        return (server or {}).get("state", {}).get("pid")

    def remember_processes(self) -> list[psutil.Process]:
        """Record the hub's descendants (proxy, servers, kernels) so stop() can end them."""
        try:
            hub = psutil.Process(self.process.pid)
            family = [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return list(self.seen.values())
        for proc in family:
            self.seen.setdefault(proc.pid, proc)
        return family

    def proxy_process(self) -> psutil.Process | None:
        """The configurable-http-proxy (node) process the hub started."""
        for proc in self.remember_processes()[1:]:
            try:
                if any("configurable-http-proxy" in part for part in proc.cmdline()):
                    return proc
            except psutil.Error:
                continue
        return None

    def stop(self, grace: float = 20) -> list[int]:
        """Stop the hub (it stops servers and proxy), then kill any survivor it started; return their pids."""
        self.remember_processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        survivors = [p for p in self.seen.values() if _alive(p)]
        for proc in survivors:
            _quietly(proc.terminate)
        _, still = psutil.wait_procs(survivors, timeout=5)
        for proc in still:
            _quietly(proc.kill)
        psutil.wait_procs(still, timeout=5)
        shutil.rmtree(self.runtime, ignore_errors=True)
        return [p.pid for p in survivors]


def _alive(proc: psutil.Process) -> bool:
    """True if this very process (same pid and start time) still runs."""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _quietly(action) -> None:
    """Run a process action, ignoring a process that is already gone."""
    try:
        action()
    except psutil.Error:
        pass


def start_hub(workdir: Path, names: list[str], start_timeout: int = 240, ready_timeout: float = 90,
              transport: str = "ipc") -> Hub:
    """Write the config, start JupyterHub and its proxy on 127.0.0.1, and wait until the API answers.

    transport "ipc" connects servers to kernels over Unix sockets; "tcp" is Jupyter's default.
    """
    proxy = ensure_proxy()
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "home").mkdir(exist_ok=True)
    bindir = Path(sys.executable).parent
    settings = dict(
        port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
        workdir=workdir, students=max(len(names), 1), proxy=proxy, user_ports=user_ports(names),
        proxy_token=secrets.token_hex(16), password=secrets.token_urlsafe(12),
        singleuser=bindir / "jupyterhub-singleuser", start_timeout=start_timeout,
        api_token=secrets.token_hex(24), lab_config=LAB_CONFIG, transport=transport,
        runtime=Path(tempfile.mkdtemp(prefix="jrt-")),
    )
    config = workdir / "jupyterhub_config.py"
    config.write_text(CONFIG_TEMPLATE.format(**settings))
    log_path = workdir / "hub.log"
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(bindir / "jupyterhub"), "-f", str(config)], cwd=workdir, env=env,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    hub = Hub(workdir, f"http://127.0.0.1:{settings['port']}", settings["password"],
              settings["api_token"], process, log_path, settings["runtime"])
    try:
        _wait_ready(hub, ready_timeout)
    except BaseException:
        hub.stop()
        raise
    return hub


def _wait_ready(hub: Hub, timeout: float) -> None:
    """Wait until the hub answers through its proxy, or raise with the log's tail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hub.remember_processes()
        if hub.process.poll() is not None:
            break
        try:
            if hub.api("GET", "/users", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    tail = hub.log_path.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"JupyterHub did not start within {timeout:.0f} s:\n{tail}")
