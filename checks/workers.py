"""Each document in a worker process that granska can kill: a hard deadline and a memory budget.

Library code can loop forever (a PDF whose objects refer to each other; a SIGALRM inside the
library is caught, and its clean-up loops again) or run out of memory. So no document is read in
the granska process itself: `check_paths` keeps up to `jobs` worker processes, gives each one
document at a time and waits for the first of: a result, the worker's death, the document's
deadline. A worker past its deadline is killed (SIGKILL) and replaced; one that dies (killed by
the OOM killer, a segfault in a C library) is replaced too. Either way that document gets a
one-line error and the batch goes on.

Budgets per document (README, "Limits"):
- time: `timeout` seconds. Inside the worker a SIGALRM at `timeout` gives the ordinary error and
  keeps the worker; the parent kills it at `timeout + grace_seconds(timeout)`.
- memory: the worker's address space is limited (RLIMIT_AS) to what it has after start-up plus
  `memory_mb`; a document that needs more gets a MemoryError inside the worker (reported as the
  memory budget) or kills the worker in a C library (reported as its death).

Workers are forked where the platform can (POSIX): they inherit the modules the parent imported.
Each one imports the heavy libraries (pandas, pandera) once, before it says it is ready, so
start-up does not count against the first document's deadline, then gets the run's rules from
the parent (pickled: a few milliseconds) and serves up to MAX_TASKS documents. The command line
starts its workers (a `Pool`) before it loads the rules, so that their imports and its own
start-up run side by side; each is told the document it will get first, and a PDF of it is read
meanwhile up to its tables by a child of the worker (`Prefetch`: the reading and the imports on
two cores). Results come back in input order; at most `window` documents are
ahead of the one the caller waits for, so memory does not grow with the batch.
"""
from __future__ import annotations

import os
import signal
import time
from collections import deque
from pathlib import Path
from typing import Any, Callable, Iterator

from granska.checks.errors import GranskaError, shown_path

DEFAULT_MEMORY_MB = 2048
MAX_TASKS = 200  # a worker is replaced after this many documents (memory fragmentation)
START_FAILURES = 3  # workers that die before they are ready: then the run stops


class WorkerStartError(GranskaError):
    """No worker process could be started (the run cannot check anything)."""


def grace_seconds(timeout: float) -> float:
    """How long after the worker's own alarm the parent waits before it kills the worker."""
    return min(10.0, max(1.0, 0.1 * timeout))


def time_budget_message(timeout: float) -> str:
    return f"tidsgränsen {timeout:g} s för ett dokument överskreds (time budget exceeded)"


def memory_budget_message(memory_mb: int | None) -> str:
    limit = f" {memory_mb} MiB" if memory_mb else ""
    return (f"minnesgränsen{limit} för ett dokument överskreds (memory budget exceeded; "
            f"se --memory-limit)")


def error_result(path: object, message: str) -> dict[str, Any]:
    """A document that could not be checked, in the shape of runner.document_result."""
    source = shown_path(path)
    return {"source": source, "sha256": None, "organisation": None, "kind": None, "year": None,
            "copies": None, "error": f"{source}: {' '.join(message.split())}", "findings": []}


def death_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return (f"arbetsprocessen dödades ({name}, troligen slut på minne) medan dokumentet granskades "
                    f"(the worker was killed, probably out of memory)")
        return f"arbetsprocessen kraschade ({name}) medan dokumentet granskades (the worker crashed)"
    return f"arbetsprocessen avslutades (kod {exitcode}) medan dokumentet granskades (the worker exited)"


# --- the worker ---------------------------------------------------------------------------------

MEMORY_LIMIT_MB: int | None = None  # this process's budget, once it is a worker (for messages)


def _address_space() -> int | None:
    """This process's current virtual memory size in bytes (Linux), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def limit_memory(memory_mb: int | None) -> bool:
    """RLIMIT_AS = the address space in use now + memory_mb. False where it cannot be set."""
    global MEMORY_LIMIT_MB
    if not memory_mb:
        return False
    try:
        import resource
    except ImportError:  # not POSIX
        return False
    used = _address_space()
    if used is None:
        return False
    limit = used + memory_mb * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return False
    MEMORY_LIMIT_MB = memory_mb
    return True


def _die_with_parent() -> None:
    """Linux: the worker gets SIGKILL when granska itself dies (a killed nightly job leaves no
    worker looping on a document)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _warm_up() -> None:
    """Import what every document needs, so that the first document's deadline does not pay for it."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # one thread each: no per-core buffers in the address space
    import sys

    # pandera imports hypothesis, when it is installed, for data synthesis granska never asks of
    # it: ~90 ms of every worker's start. Unless this process has it already (a test run).
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    import pandas  # noqa: F401
    import pandera.pandas  # noqa: F401

    from granska.checks import model  # noqa: F401
    from granska.checks.engine.run import check_document  # noqa: F401
    from granska.checks.readers import read_document  # noqa: F401


def serve(conn, timeout: float | None, memory_mb: int | None, hint: str | None = None) -> None:
    """A worker's life: warm up, say ready, get the rules, then check one document per message
    until told to stop. hint: the document it will most likely get first (a PDF of it is read up
    to its tables meanwhile: Prefetch)."""
    global _PREFETCH
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent decides
    _die_with_parent()
    _PREFETCH = Prefetch.start(hint, memory_mb, conn) if hint else None
    try:
        _serve(conn, timeout, memory_mb)
    finally:
        _cancel_prefetch()


def _serve(conn, timeout: float | None, memory_mb: int | None) -> None:
    try:
        _warm_up()
    except BaseException as exc:  # noqa: BLE001 — told to the parent, which stops the run
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    limit_memory(memory_mb)
    conn.send(("ready", os.getpid()))
    try:
        message = conn.recv()
    except (EOFError, OSError):
        return
    if not (isinstance(message, tuple) and message[0] == "rules"):
        return
    _, rules, pictures, catalogues = message
    if any(catalogues):  # the user's vocabulary and directions, as load_rules set them in the parent
        from granska.checks.engine.rules import use_catalogues

        _cancel_prefetch()  # it read with the built-in vocabulary
        use_catalogues(*catalogues)
    _serve_tasks(conn, rules, timeout, memory_mb, pictures)


def _serve_tasks(conn, rules, timeout: float | None, memory_mb: int | None, pictures: str | None) -> None:
    from granska.checks import runner

    for served in range(1, MAX_TASKS + 1):
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        if _PREFETCH is not None and _PREFETCH.path != path:
            _cancel_prefetch()
        try:
            result = runner.safe_document_result(Path(path), rules, timeout, pictures)
        except MemoryError:  # also the memory of the except clauses: give up this worker
            result = {**error_result(path, memory_budget_message(memory_mb)), "_retire": True}
        # The last document of this worker (after a MemoryError its heap is suspect): the parent
        # learns it with the result and gives it nothing more.
        last = bool(result.pop("_retire", False)) or served == MAX_TASKS
        try:
            conn.send((index, result, last))
        except MemoryError:
            conn.send((index, error_result(path, memory_budget_message(memory_mb)), True))
            return
        _cancel_prefetch()  # reaped now that the result is on its way (or not taken: a refused entry)
        if last:
            return


# --- the first document read meanwhile -----------------------------------------------------------

_PREFETCH: "Prefetch | None" = None  # this worker's, until its first document takes it


class Prefetch:
    """A child of a starting worker that reads the PDF the worker will most likely get first up
    to its tables (checks.readers.geometry.prepare_pdf_document: plain Python, no pandas) while
    the worker imports pandas and pandera: on two cores the half second of imports and the
    reading run side by side. The child has the worker's memory budget on top of its own size
    and dies with the worker; the worker waits for its result under the document's deadline.
    It only saves time: whatever goes wrong in the child (an error, a crash, the memory budget,
    a changed file) and the worker reads the document itself, exactly as without it."""

    def __init__(self, path: str, pid: int, fd: int):
        self.path, self.pid, self.fd = path, pid, fd

    @classmethod
    def start(cls, path: str, memory_mb: int | None, conn) -> "Prefetch | None":
        if not hasattr(os, "fork") or Path(path).suffix.lower() != ".pdf" or not os.path.isfile(path):
            return None
        read_fd, write_fd = os.pipe()
        try:  # room for the whole reading (a few hundred KB): the child writes it and is done
            import fcntl

            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        except (ImportError, AttributeError, OSError):
            pass
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:
            _prefetch_child(path, memory_mb, conn, read_fd, write_fd)  # never returns
        os.close(write_fd)
        return cls(path, pid, read_fd)

    def take(self) -> tuple | None:
        """The child's prepare_pdf_document of the file as it is now, or None."""
        import pickle

        chunks: list[bytes] = []
        while True:
            chunk = os.read(self.fd, 1 << 20)  # the deadline's alarm interrupts the wait
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self.fd)
        self.fd = None
        try:
            outcome = pickle.loads(b"".join(chunks))  # from our own child; it is reaped after the document
        except Exception:  # noqa: BLE001 — it died while writing (its memory budget, a signal)
            return None
        if not (isinstance(outcome, tuple) and outcome and outcome[0] == "ok"):
            return None
        from granska.checks.readers.source import read_bytes, sha256_of

        prepared = outcome[1]
        if prepared[0][1].get("sha256") != sha256_of(read_bytes(Path(self.path))):
            return None  # the file changed since
        return prepared

    def close(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _prefetch_child(path: str, memory_mb: int | None, conn, read_fd: int, write_fd: int) -> None:
    import pickle
    import sys

    code = 0
    try:
        os.close(read_fd)
        conn.close()  # the parent sees the worker's death by this pipe's end: only the worker holds it
        _die_with_parent()
        limit_memory(memory_mb)
        sys.modules["pandas"] = None  # type: ignore[assignment]  # the worker's part; here it would only cost
        try:
            from granska.checks.readers.geometry import prepare_pdf_document

            outcome: tuple = ("ok", prepare_pdf_document(path))
        except BaseException:  # noqa: BLE001 — the worker reads it again and says what is wrong
            outcome = ("failed",)
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    except BaseException:  # noqa: BLE001 — the worker reads the document itself
        code = 1
    finally:
        os._exit(code)


def prefetched(path: Path) -> tuple | None:
    """This worker's prefetched reading of `path` (geometry.prepare_pdf_document), or None."""
    prefetch = _PREFETCH
    if prefetch is None or prefetch.path != str(path) or prefetch.fd is None:
        return None
    try:
        return prefetch.take()
    except BaseException:
        _cancel_prefetch()  # the deadline's alarm: the child may still be reading
        raise


def _cancel_prefetch() -> None:
    global _PREFETCH
    if _PREFETCH is not None:
        _PREFETCH.close()
        _PREFETCH = None


# --- one document in a forked child (Dask) -------------------------------------------------------

def run_isolated(path: str, rules, timeout: float | None, memory_mb: int | None,
                 pictures: str | None = None) -> dict[str, Any]:
    """One document in a child forked from this process, under the same deadline and memory
    limit as check_paths gives it. For a process that cannot keep a pool of its own: a Dask
    worker is a daemonic process, which multiprocessing does not let have children, so the
    child is made with os.fork and speaks through a pipe. Without fork (Windows): in-process."""
    import pickle
    import select

    from granska.checks import runner

    if not hasattr(os, "fork"):
        result = runner.safe_document_result(Path(path), rules, timeout, pictures)
        result.pop("_retire", None)
        return result
    _warm_up()  # once per process: every child inherits the imports
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, write the result, leave without any of the parent's clean-up
        code = 0
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            limit_memory(memory_mb)
            try:
                result = runner.safe_document_result(Path(path), rules, timeout, pictures)
            except MemoryError:
                result = error_result(path, memory_budget_message(memory_mb))
            result.pop("_retire", None)
            with os.fdopen(write_fd, "wb") as out:
                out.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException:  # noqa: BLE001 — the parent reports the child's death
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    deadline = time.monotonic() + (timeout + grace_seconds(timeout) if timeout else float("inf"))
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return error_result(path, time_budget_message(timeout or 0))
            ready, _, _ = select.select([read_fd], [], [], None if left == float("inf") else left)
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    exitcode = os.waitstatus_to_exitcode(status)
    if exitcode == 0 and chunks:
        return pickle.loads(b"".join(chunks))  # from our own child
    return error_result(path, death_message(exitcode))


# --- the parent ---------------------------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, timeout: float | None, memory_mb: int | None, hint: str | None = None):
        self.conn, child = ctx.Pipe()
        self.hint = hint  # the document it reads meanwhile (Prefetch): given to it first
        self.process = ctx.Process(target=serve, args=(child, timeout, memory_mb, hint), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: tuple[int, str] | None = None
        self.deadline = float("inf")

    def give(self, index: int, path: str, deadline: float) -> None:
        self.task, self.deadline = (index, path), deadline
        self.conn.send((index, path))

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill or self.task is not None:
                self.process.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _context():
    import multiprocessing as mp

    return mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")


class Pool:
    """Worker processes started before the run has its rules (they warm up meanwhile), handed
    to check_paths; close() stops those it did not use."""

    def __init__(self, jobs: int, timeout: float | None = 120.0, memory_mb: int | None = DEFAULT_MEMORY_MB,
                 hints: list[str] | None = None):
        self.ctx = _context()
        self.timeout, self.memory_mb = timeout, memory_mb
        self.workers: list[_Worker] = []
        hints = list(hints or [])
        for k in range(max(1, jobs)):
            try:
                self.workers.append(_Worker(self.ctx, timeout, memory_mb, hints[k] if k < len(hints) else None))
            except OSError:  # fork refused: check_paths tries again and says why
                break

    def take(self) -> list[_Worker]:
        taken, self.workers = self.workers, []
        return taken

    def close(self) -> None:
        for w in self.take():
            w.stop(kill=True)


def check_paths(paths: list[Path], options: dict[str, Any], jobs: int = 1, timeout: float | None = 120.0,
                memory_mb: int | None = DEFAULT_MEMORY_MB,
                progress: Callable[[], None] | None = None, window: int | None = None,
                rules=None, pool: Pool | None = None) -> Iterator[dict[str, Any]]:
    """Document results in input order, each document checked in a worker process (module doc).
    rules: the rule set of `options` where the caller has loaded it; pool: workers started
    already (with the same timeout and memory budget)."""
    from multiprocessing.connection import wait

    from granska.checks import runner

    n = len(paths)
    if n == 0:
        return
    if rules is None:
        rules = runner.rules_for(options)
    catalogues = _catalogues_in_use()
    ctx = pool.ctx if pool is not None else _context()
    jobs = max(1, min(jobs, n))
    window = window or max(8, 4 * jobs)
    hard = None if not timeout else timeout + grace_seconds(timeout)
    pending = deque(enumerate(str(p) for p in paths))
    done: dict[int, dict[str, Any]] = {}
    workers: list[_Worker] = pool.take() if pool is not None else []
    for spare in workers[jobs:]:
        spare.stop(kill=True)
    del workers[jobs:]
    failures = 0
    next_out = 0
    try:
        while next_out < n:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
                if progress:
                    progress()
            if next_out >= n:
                break
            while len(workers) < jobs and len(workers) < len(pending) + sum(w.task is not None for w in workers):
                try:
                    workers.append(_Worker(ctx, timeout, memory_mb))
                except OSError as exc:  # fork refused (process or memory limits of the machine)
                    if workers:
                        break  # go on with those there are
                    raise WorkerStartError(None, f"kan inte starta en arbetsprocess: {exc.strerror or exc}") from None
            for w in workers:
                if w.ready and w.task is None and pending and pending[0][0] < next_out + window:
                    index, path = _next_task(pending, w, next_out + window)
                    w.give(index, path, time.monotonic() + hard if hard else float("inf"))
            now = time.monotonic()
            deadlines = [w.deadline for w in workers if w.task is not None]
            wait_s = max(0.0, min(deadlines) - now) if deadlines and min(deadlines) != float("inf") else None
            wait([w.conn for w in workers] + [w.process.sentinel for w in workers], timeout=wait_s)
            now = time.monotonic()
            for w in list(workers):
                message = _poll(w)
                if message is not None:
                    if message[0] == "ready":
                        try:
                            w.conn.send(("rules", rules, options.get("pictures"), catalogues))
                            w.ready = True
                        except OSError:  # it died meanwhile: seen as a death below, next round
                            pass
                    elif message[0] == "failed":
                        raise WorkerStartError(None, f"kan inte starta en arbetsprocess: {message[1]}")
                    else:
                        index, result, last = message
                        done[index] = result
                        w.task, w.deadline = None, float("inf")
                        if last:  # it has left its loop
                            w.stop()
                            workers.remove(w)
                    continue
                if not w.process.is_alive():
                    if w.task is not None:
                        done[w.task[0]] = error_result(w.task[1], death_message(w.process.exitcode))
                        w.task = None
                    elif not w.ready:
                        failures += 1
                        if failures >= START_FAILURES:
                            raise WorkerStartError(None, "kan inte starta en arbetsprocess "
                                                         f"({death_message(w.process.exitcode)})")
                    w.stop()
                    workers.remove(w)
                elif w.task is not None and now >= w.deadline:
                    done[w.task[0]] = error_result(w.task[1], time_budget_message(timeout or 0))
                    w.stop(kill=True)
                    workers.remove(w)
    finally:
        for w in workers:
            w.stop()


def _next_task(pending: deque, w: _Worker, below: int) -> tuple[int, str]:
    """The document a worker gets next: the one it read meanwhile (its hint) where that is
    waiting within the window, otherwise the first waiting."""
    hint, w.hint = w.hint, None
    if hint is not None:
        for k, (index, path) in enumerate(pending):
            if index >= below:
                break
            if path == hint:
                del pending[k]
                return index, path
    return pending.popleft()


def _catalogues_in_use() -> tuple[list[str], list[str]]:
    """The user's vocabulary and direction files this process reads with (load_rules set them):
    a worker started before the rules were loaded is told them with the rules."""
    from granska.checks import catalogue
    from granska.checks.readers import vocabulary

    return list(vocabulary.extra_files()), list(catalogue.extra_files())


def _poll(w: _Worker):
    """The worker's next message, or None (nothing yet, or the pipe closed because it died)."""
    try:
        if w.conn.poll():
            return w.conn.recv()
    except (EOFError, OSError):
        w.process.join(timeout=5)  # the pipe closed: the worker is exiting; reap it
    return None
