"""`granska check --dask ADDRESS`: the same per-document function on a Dask cluster.

ADDRESS is a scheduler (`tcp://host:8786`) or `local` (a LocalCluster of `--jobs` single-threaded
worker processes on this machine). Dask is optional (`pip install 'granska[dask]'`) and imported
only here, only when --dask is given.

Each task is `runner.safe_document_result` on one path, in a child process forked by the Dask
worker under the document's deadline and memory limit (checks.workers.run_isolated), so a
document gives the same result as in a local run and a document that hangs is killed. The scheduler (it unpickles the tasks) and the workers must have granska installed at
the same version as the client (checked before any document is sent), and the workers must see
the reports, and any --rules files, at the same paths (a shared file system). A document that
kills its worker becomes that document's error; any other cluster failure stops the run (exit 2).
Results come back in input order; at most `window` documents are in the cluster at a time, so
neither the cluster nor this process holds the whole batch.
"""
from __future__ import annotations

import json
import threading
from collections import deque
from pathlib import Path
from typing import Any, Callable, Iterator

from granska.checks import __version__
from granska.checks.errors import UsageError

LOCAL = "local"
CONNECT_TIMEOUT_S = 30
_RULES: dict[str, Any] = {}
_RULES_LOCK = threading.Lock()


def _import_distributed():
    try:
        import distributed  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask kräver dask.distributed, som inte är installerat: pip install 'granska[dask]'") from None
    return Client, LocalCluster


def worker_version() -> str:
    """Runs on every worker: the granska version installed there."""
    return __version__


def document_task(path: str, options: dict[str, Any], timeout: float | None,
                  memory_mb: int | None = None) -> dict[str, Any]:
    """Runs on a worker: check one document in a child process under its deadline and memory
    limit (checks.workers.run_isolated); rules loaded once per worker process and options."""
    from granska.checks import runner, workers

    key = json.dumps(options, sort_keys=True, default=str)
    with _RULES_LOCK:
        rules = _RULES.get(key)
        if rules is None:
            rules = _RULES[key] = runner.load_rule_set(options)
    return workers.run_isolated(path, rules, timeout, memory_mb, options.get("pictures"))


def check_paths(paths: list[Path], options: dict[str, Any], address: str, jobs: int = 1,
                timeout: float | None = 120.0, progress: Callable[[], None] | None = None,
                window: int | None = None, memory_mb: int | None = None) -> Iterator[dict[str, Any]]:
    """Document results in input order, computed on the Dask cluster at `address`."""
    Client, LocalCluster = _import_distributed()
    cluster = None
    client = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError) as exc:
                raise UsageError(f"--dask: kan inte ansluta till Dask-schemaläggaren {address}: "
                                 f"{type(exc).__name__}: {exc}") from None
        _check_workers(client, address)
        workers = max(1, len(client.scheduler_info().get("workers") or {}))
        window = window or max(32, 8 * workers)

        def submit(p: Path):
            return client.submit(document_task, str(p), options, timeout, memory_mb, pure=False)

        pending = iter(paths)
        futures: deque = deque()
        for p in pending:
            futures.append((p, submit(p)))
            if len(futures) >= window:
                break
        while futures:
            path, future = futures.popleft()
            result = _result(future, path, address)
            future.release()
            nxt = next(pending, None)
            if nxt is not None:
                futures.append((nxt, submit(nxt)))
            yield result
            if progress:
                progress()
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def _result(future, path: Path, address: str) -> dict[str, Any]:
    """The task's result. A document that killed its worker (the task is retried on others
    until distributed gives up) becomes that document's error; any other failure of the cluster
    stops the run with one line."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return {"source": str(path), "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "findings": [],
                "error": f"{path}: Dask-arbetaren dog medan dokumentet granskades (minne?) (the worker died)"}
    except Exception as exc:  # noqa: BLE001 — distributed's errors: one line, exit 2
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise UsageError(f"--dask: klustret hos {address} kunde inte köra granska: {message}"[:400]) from None


def _check_workers(client, address: str) -> None:
    try:
        client.wait_for_workers(1, timeout=60)
    except Exception as exc:  # noqa: BLE001 — distributed raises its own TimeoutError types
        raise UsageError(f"--dask: inga arbetare hos {address} ({type(exc).__name__})") from None
    try:  # the scheduler unpickles the tasks: it needs granska too
        on_scheduler = client.run_on_scheduler(worker_version)
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"--dask: schemaläggaren {address} kan inte läsa granskas uppgifter "
                         f"({type(exc).__name__}); installera granska {__version__} även där") from None
    if on_scheduler != __version__:
        raise UsageError(f"--dask: schemaläggaren {address} har granska {on_scheduler}, inte {__version__}")
    try:
        versions = client.run(worker_version)
    except Exception as exc:  # noqa: BLE001 — e.g. granska not importable on a worker
        raise UsageError(f"--dask: arbetarna hos {address} kan inte köra granska "
                         f"({type(exc).__name__}: {exc}); installera granska {__version__} på dem") from None
    wrong = sorted(f"{w} ({v})" for w, v in versions.items() if v != __version__)
    if wrong:
        raise UsageError(f"--dask: arbetare med en annan granska-version än {__version__}: {', '.join(wrong)}")
