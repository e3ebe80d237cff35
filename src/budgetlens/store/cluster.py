"""The same per-document task on a Dask distributed cluster.

Each task reads and checks one file on a worker, inside the worker's own isolated child
process (the same time and memory limits as a local run), and returns the document's record.
The records come back to the client as they finish (``as_completed``) and the client alone
writes them to the store: workers never open it, so DuckDB's single writer is respected and
a PostgreSQL store sees one connection. Files must be readable at the same path on every
worker (a shared filesystem).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..isolate import Failure, Limits, run_isolated
from .records import DocumentRecord, build_record


def isolated_task(item: tuple[str, str], limits: Limits) -> DocumentRecord | Failure:
    """Runs on a Dask worker: one document in a child process under the limits."""
    outcome = run_isolated(build_record, item, limits)
    return outcome.value if outcome.ok else outcome.failure


def run_on_dask(todo: list[tuple[str, str]], limits: Limits, workers: int,
                scheduler: str | None) -> Iterator[tuple[tuple[str, str], DocumentRecord | Failure]]:
    """Submit every item; yield (item, record or failure) in finishing order.

    With no scheduler address, a LocalCluster of ``workers`` processes is started and stopped.
    """
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(isolated_task, item, limits, pure=False): item for item in todo}
        for future in as_completed(futures):
            item = futures[future]
            try:
                value = future.result()
            except Exception as e:  # the worker itself was lost
                value = Failure("crash", f"Dask task failed: {type(e).__name__}: {e}")
            future.release()
            yield item, value
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
