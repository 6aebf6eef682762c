"""One writer per warehouse file: an advisory lock on `<db>.lock`, held for a whole run.

DuckDB lets one process write a file, and a second writer fails at once ("Could not set lock on
file"). Every run (the `readout run` CLI, and every Dagster run through `WarehouseResource`) takes
`fcntl.flock` on `<db>.lock` first, so a second run waits for the first to finish instead of
crashing. The kernel drops the lock when its process exits, even on a crash: no stale lock files.

The lock is re-entrant within a process (the CLI takes it, then the resource of the run it
starts takes it again), counted per path.
"""

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_held: dict[Path, tuple[int, int]] = {}  # lock path -> (fd, depth)
_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


@contextmanager
def hold_warehouse_lock(
    db_path: Path,
    on_wait: Callable[[Path], None] | None = None,
    timeout: float | None = None,
) -> Iterator[float]:
    """Hold the exclusive lock of the warehouse `db_path` for the block; yields seconds waited.

    If another process holds it, calls `on_wait(lock_file)` once, then blocks until it is free
    (or raises TimeoutError after `timeout` seconds).
    """
    path = lock_path(Path(db_path).resolve())
    with _guard:
        if path in _held:
            fd, depth = _held[path]
            _held[path] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield 0.0
        finally:
            _release(path)
        return

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    started = time.monotonic()
    try:
        if not _try_lock(fd):
            if on_wait is not None:
                on_wait(path)
            while not _try_lock(fd):
                if timeout is not None and time.monotonic() - started > timeout:
                    raise TimeoutError(f"another run held {path} for more than {timeout:.0f}s")
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except BaseException:
        os.close(fd)
        raise
    with _guard:
        _held[path] = (fd, 1)
    try:
        yield time.monotonic() - started
    finally:
        _release(path)


def _release(path: Path) -> None:
    with _guard:
        fd, depth = _held[path]
        if depth > 1:
            _held[path] = (fd, depth - 1)
            return
        del _held[path]
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
