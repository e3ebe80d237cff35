"""The reviewer's web app on localhost: time from upload to the first findings page, and
requests per second on a document page with concurrent clients.

``budgetlens serve`` runs in a subprocess on a fresh store; httpx clients talk to it over TCP.
Prints figures, asserts nothing. Run on an otherwise idle machine:
    python bench/web.py [--document 019_…pdf] [--clients 10] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from _corpus import CORPUS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCUMENT = "019_shanghai-putuo_caizhengju_2024_juesuan.pdf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(base: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "BUDGETLENS_TOKEN": "",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"),
                                          *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from budgetlens.cli import main; main()", "serve", "--port",
         str(port), "--db", str(base / "store.duckdb"), "--uploads", str(base / "uploads")],
        cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 120 s")


def upload_to_page(url: str, path: Path) -> tuple[float, float, str]:
    """(seconds to the redirect, seconds to the findings page loaded, its address)."""
    with httpx.Client(base_url=url, timeout=600) as c:
        t0 = time.perf_counter()
        with open(path, "rb") as f:
            r = c.post("/upload", files=[("files", (path.name, f))], follow_redirects=False)
        t1 = time.perf_counter()
        if r.status_code != 303:
            raise SystemExit(f"upload failed: {r.status_code} {r.text[:300]}")
        page = c.get(r.headers["location"])
        page.raise_for_status()
        return t1 - t0, time.perf_counter() - t0, r.headers["location"]


def first_page_image(url: str, location: str) -> float | None:
    """Seconds to draw the first page image the document page shows (None: no image)."""
    import re

    with httpx.Client(base_url=url, timeout=120) as c:
        m = re.search(r'<image href="([^"]+\.png)"', c.get(location).text)
        if not m:
            return None
        t0 = time.perf_counter()
        c.get(m.group(1)).raise_for_status()
        return time.perf_counter() - t0


def hammer(url: str, location: str, clients: int, seconds: float) -> tuple[int, int, list[float]]:
    """``clients`` threads, each with its own connection, GET the page for ``seconds``."""
    done, failed, latencies = [0], [0], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=60) as c:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                ok = c.get(location).status_code == 200
                elapsed = time.perf_counter() - t0
                with lock:
                    done[0] += ok
                    failed[0] += not ok
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], failed[0], latencies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--document", default=DEFAULT_DOCUMENT)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    path = next((p for p in (CORPUS / args.document, CORPUS / "original" / args.document)
                 if p.exists()), None)
    if path is None:
        raise SystemExit(f"{args.document} not found under {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="budgetlens-bench-web-") as tmp:
        proc, url = start_server(Path(tmp))
        try:
            redirect, page, location = upload_to_page(url, path)
            print(f"{path.name}: upload → checked and stored → redirect {redirect:.2f} s; "
                  f"first findings page loaded {page:.2f} s after the upload began")
            image = first_page_image(url, location)
            if image is not None:
                print(f"first page image drawn in {image:.2f} s (kept on disk afterwards)")
            done, failed, lat = hammer(url, location, args.clients, args.seconds)
            lat.sort()
            print(f"document page, {args.clients} concurrent clients for {args.seconds:g} s: "
                  f"{done / args.seconds:.1f} requests/s ({done} ok, {failed} failed); latency "
                  f"median {statistics.median(lat) * 1000:.0f} ms, "
                  f"p95 {lat[int(len(lat) * 0.95) - 1] * 1000:.0f} ms")
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
