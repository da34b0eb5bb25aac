"""Install configurable-http-proxy (JupyterHub's proxy) project-locally from the npm registry."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PACKAGE_JSON = HERE / "package.json"
PACKAGE_LOCK = HERE / "package-lock.json"


class ProxyInstallError(RuntimeError):
    """node/npm are missing or `npm ci` failed."""


def proxy_prefix() -> Path:
    """Folder that holds the proxy's node_modules: $COURSE_NODE_PREFIX or <repo>/.venv/node."""
    return Path(os.environ.get("COURSE_NODE_PREFIX") or REPO / ".venv" / "node")


def pinned_version() -> str:
    """The configurable-http-proxy version pinned in loadtest/package.json."""
    return json.loads(PACKAGE_JSON.read_text())["dependencies"]["configurable-http-proxy"]


def installed_version(prefix: Path) -> str | None:
    """Version of configurable-http-proxy installed under prefix, or None."""
    meta = prefix / "node_modules" / "configurable-http-proxy" / "package.json"
    binary = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if not (meta.is_file() and binary.exists()):
        return None
    return json.loads(meta.read_text()).get("version")


def ensure_proxy(prefix: Path | None = None, timeout: float = 300) -> Path:
    """Return the proxy's executable, running `npm ci` with the pinned lock file first if absent."""
    prefix = prefix or proxy_prefix()
    binary = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if installed_version(prefix) == pinned_version():
        return binary
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        raise ProxyInstallError(
            "node and npm are needed for JupyterHub's proxy: install Node.js 18+ "
            "(e.g. `apt-get install nodejs npm`), then run `python -m loadtest.proxy`."
        )
    prefix.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PACKAGE_JSON, prefix / "package.json")
    shutil.copyfile(PACKAGE_LOCK, prefix / "package-lock.json")
    cmd = [npm, "ci", "--prefix", str(prefix), "--no-audit", "--no-fund", "--omit=dev"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or installed_version(prefix) != pinned_version():
        raise ProxyInstallError(f"`{' '.join(cmd)}` failed:\n{done.stdout}\n{done.stderr}")
    return binary


def main() -> None:
    """Install the proxy if needed and print where it is."""
    print(ensure_proxy())


if __name__ == "__main__":
    main()
