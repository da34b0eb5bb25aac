"""The kernel that ``python -m course grade`` runs a student's notebook in.

Started as ``python -m course.grade_kernel --root DIR --memory-mb N -f CONNECTION_FILE``:
it limits the process's memory (``RLIMIT_DATA``, and ``RLIMIT_CPU`` as a backstop),
moves into ``DIR``, installs an audit hook that refuses to change files outside ``DIR``,
then starts an ordinary IPython kernel in the same process. Audit hooks cannot be
removed, so code in the notebook cannot switch the hook off from Python.

This is damage control for honest mistakes and simple mischief, not a security sandbox:
C code (``ctypes``, compiled extensions), file descriptors inherited or opened relative
to another folder (``dir_fd``), and anything that does not go through Python's own file
functions are not seen by the hook. Run grading in a container for real isolation.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
from typing import Any

#: Flags of ``open``/``os.open`` that change a file (write, create, truncate, append).
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
#: Audit events that change a file or folder: the position of each path argument, and of
#: the ``dir_fd`` argument (paths relative to another folder are refused: not checkable).
CHANGES = {"os.remove": ((0,), (1,)), "os.rmdir": ((0,), (1,)), "os.mkdir": ((0,), (2,)),
           "os.chmod": ((0,), (2,)), "os.chown": ((0,), (3,)), "os.chflags": ((0,), ()),
           "os.lchflags": ((0,), ()), "os.truncate": ((0,), ()), "os.utime": ((0,), (3,)),
           "os.link": ((0, 1), (2, 3)), "os.symlink": ((1,), (2,)),
           "os.rename": ((0, 1), (2, 3)), "shutil.rmtree": ((0,), (1,)),
           "os.setxattr": ((0,), ()), "os.removexattr": ((0,), ()),
           "shutil.chown": ((0,), ()), "shutil.move": ((0, 1), ()),
           "shutil.copyfile": ((1,), ())}
#: Audit events that start programs or other processes, or signal them: always refused.
PROCESSES = {"os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn",
             "os.fork", "os.forkpty", "pty.spawn", "os.startfile", "os.kill", "os.killpg",
             "ctypes.dlopen"}
#: Why something was refused, as the student will read it in the grading report.
REFUSED = "grading: changing files outside the grading folder is not allowed ({})"


def limit_memory(megabytes: int, cpu_seconds: int) -> None:
    """Cap the data memory (heap and private mappings), file size and CPU time."""
    data = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (data, data))
    resource.setrlimit(resource.RLIMIT_FSIZE, (data, data))  # no file larger than that either
    if cpu_seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def inside(path: Any, roots: tuple[str, ...], dir_fd: Any = None) -> bool:
    """Whether ``path`` (resolved through symlinks, relative to the cwd or to the folder open
    as ``dir_fd``) lies in one of ``roots``."""
    if isinstance(path, int):
        return True  # an already open file descriptor: it was checked when opened
    try:
        name = os.fsdecode(os.fspath(path))
        if dir_fd not in (None, -1):
            name = os.path.join(os.readlink(f"/proc/self/fd/{int(dir_fd)}"), name)
        real = os.path.realpath(name)
    except (TypeError, ValueError, OSError):
        return False
    return any(real == root or real.startswith(root + os.sep) for root in roots)


def make_hook(roots: tuple[str, ...]):
    """The audit hook: refuse changes to files outside ``roots`` and starting processes."""
    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, _mode, flags = args
            if flags & WRITE_FLAGS and not inside(path, roots):
                raise PermissionError(REFUSED.format(f"writing {path!s}"))
        elif event in CHANGES:
            paths, dir_fds = CHANGES[event]
            for n, i in enumerate(paths):
                fd = args[dir_fds[n]] if n < len(dir_fds) and dir_fds[n] < len(args) else None
                if i < len(args) and not inside(args[i], roots, fd):
                    raise PermissionError(REFUSED.format(f"{event} {args[i]!s}"))
        elif event in PROCESSES:
            if event in ("os.kill", "os.killpg") and args and args[0] == os.getpid():
                return  # a kernel may signal itself
            raise PermissionError(f"grading: {event} is not allowed while grading")
    return hook


def main(argv: list[str] | None = None) -> None:
    """Limit, protect, then run an IPython kernel in this process."""
    parser = argparse.ArgumentParser(prog="python -m course.grade_kernel")
    parser.add_argument("--root", required=True, help="the grading folder (writable)")
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--cpu-seconds", type=int, default=0)
    parser.add_argument("-f", dest="connection_file", required=True)
    args = parser.parse_args(argv)
    root = os.path.realpath(args.root)
    os.chdir(root)
    sys.dont_write_bytecode = True  # never write .pyc files next to the course's code
    from ipykernel import kernelapp  # imported before the limits: it is the course's own
    limit_memory(args.memory_mb, args.cpu_seconds)
    sys.addaudithook(make_hook((root, os.path.realpath(os.devnull))))
    kernelapp.launch_new_instance(argv=["-f", args.connection_file])


if __name__ == "__main__":
    main()
