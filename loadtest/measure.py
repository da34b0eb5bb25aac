"""Memory and CPU of the hub, its proxy, and each student's server and kernels (from /proc via psutil)."""
from __future__ import annotations

import threading
import time

import psutil

MB = 1024 * 1024


def process_figures(procs: list[psutil.Process]) -> dict:
    """Summed RSS, USS (memory only these processes hold) and CPU seconds of some processes, in MB and s."""
    rss = uss = cpu = 0.0
    for proc in procs:
        try:
            with proc.oneshot():
                info = proc.memory_full_info()
                times = proc.cpu_times()
        except psutil.Error:
            continue
        rss += info.rss
        uss += info.uss
        cpu += times.user + times.system
    return {"rss_mb": round(rss / MB, 1), "uss_mb": round(uss / MB, 1),
            "cpu_s": round(cpu, 2), "processes": len(procs)}


def student_figures(server_pid: int | None) -> dict:
    """Figures for one student's single-user server and, separately, the kernels it started."""
    if not server_pid:
        return {}
    try:
        server = psutil.Process(server_pid)
        kernels = server.children(recursive=True)
    except psutil.Error:
        return {}
    return {"server": process_figures([server]), "kernels": process_figures(kernels)}


class HubSampler(threading.Thread):
    """Samples the hub's and the proxy's RSS every interval; keeps the peak and the last value."""

    def __init__(self, hub_pid: int, proxy_pid: int | None, interval: float = 1.0):
        super().__init__(daemon=True)
        self.procs = {"hub": psutil.Process(hub_pid)}
        if proxy_pid:
            self.procs["proxy"] = psutil.Process(proxy_pid)
        self.interval = interval
        self.peak = {name: 0.0 for name in self.procs}
        self.last = dict(self.peak)
        self.system_peak_used_mb = 0.0
        self.cpu_percents: list[float] = []
        psutil.cpu_percent(interval=None)  # the first reading only sets the baseline
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        """Take one sample."""
        for name, proc in self.procs.items():
            try:
                rss = proc.memory_info().rss / MB
            except psutil.Error:
                continue
            self.last[name] = round(rss, 1)
            self.peak[name] = round(max(self.peak[name], rss), 1)
        used = psutil.virtual_memory().used / MB
        self.system_peak_used_mb = round(max(self.system_peak_used_mb, used), 1)
        self.cpu_percents.append(psutil.cpu_percent(interval=None))
        self.samples += 1

    def stop(self) -> dict:
        """Stop sampling and return the figures."""
        self._stop_event.set()
        self.join(timeout=5)
        self.sample()
        cpu = {name: process_figures([proc])["cpu_s"] for name, proc in self.procs.items()}
        return {"rss_mb_last": self.last, "rss_mb_peak": self.peak, "cpu_s": cpu,
                "system_used_mb_peak": self.system_peak_used_mb, "samples": self.samples,
                "machine_cpu_percent_mean": round(sum(self.cpu_percents) / max(1, len(self.cpu_percents)), 1)}


def system_snapshot() -> dict:
    """Machine facts that put the figures in context."""
    return {"cpus": psutil.cpu_count(), "load_avg_1_5_15": [round(x, 2) for x in psutil.getloadavg()],
            "memory_total_mb": round(psutil.virtual_memory().total / MB),
            "memory_used_mb": round(psutil.virtual_memory().used / MB), "time": time.time()}
