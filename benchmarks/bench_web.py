"""Dashboard load test: 20 signed-in users on the scorecard and an indicator page for 60 s, on loopback.

Not a test: it prints figures beside the target. Run it after `scorecard demo`:

    .venv/bin/python benchmarks/bench_web.py                       # the demo store, 20 users, 60 s
    .venv/bin/python benchmarks/bench_web.py --users 5 --seconds 10 --db other.duckdb

What it does: copies the store (and the scorecard.yaml beside it) into a temporary folder, so the demo's
own app database is left alone; adds one analyst with `scorecard users add`; starts `scorecard serve` there
on a free loopback port (waitress, 8 threads, SQLite app database); signs in --users clients, each with its
own session (sign-in is not timed); warms the cache with one request per page (timed and printed
separately: the first request computes the scorecard); then each client requests `/` and
`/indicator/<id>/?period=P` in turn, as fast as answers come, for --seconds. It prints requests, errors
(any status but 200, or a failed connection), throughput, and p50/p95/p99/max latency per page and overall.

Target: p95 under 200 ms, no errors. The clients run in this process (threads), so on a 2-core machine
they share the CPU with the server: the figures are an upper bound on the server's latency.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
from webclient import Client  # noqa: E402  (the tests' small cookie-jar client)

TARGET_P95_MS = 200
PASSWORD = "bench-password-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="demo-output/scorecard.duckdb", help="the store (default: the demo's)")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--indicator", default="assessments-45wd")
    ap.add_argument("--period", default="2024-25")
    args = ap.parse_args()
    store = Path(args.db)
    if not store.is_file():
        print(f"No store at {store}: run `.venv/bin/scorecard demo` first, or give --db.", file=sys.stderr)
        return 1

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        shutil.copy2(store, tmp / "scorecard.duckdb")
        if (store.with_name("scorecard.yaml")).is_file():
            shutil.copy2(store.with_name("scorecard.yaml"), tmp / "scorecard.yaml")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
        env.update({"SCORECARD_PASSWORD": PASSWORD, "SCORECARD_SECRET_KEY": "bench"})
        cli = [sys.executable, "-c", "from csc_scorecard.cli import main; main()"]
        subprocess.run([*cli, "users", "add", "bench", "--role", "analyst", "--db", str(tmp / "scorecard.duckdb")],
                       env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([*cli, "serve", "--db", str(tmp / "scorecard.duckdb"), "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "serve.log", "w"))
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            return run(base, args)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(base: str, args) -> int:
    pages = {"/": f"/?period={args.period}",
             "indicator": f"/indicator/{args.indicator}/?period={args.period}"}
    clients = []
    for _ in range(args.users):
        c = Client(base)
        c.login("bench", PASSWORD)
        clients.append(c)
    for name, path in pages.items():
        t = time.perf_counter()
        status = clients[0].get(path).status
        print(f"warm-up {name:<10} {1000 * (time.perf_counter() - t):8.0f} ms  (status {status}; computes the scorecard)")

    latencies: dict[str, list[float]] = {name: [] for name in pages}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + args.seconds

    def user(c: Client, offset: int) -> None:
        order = list(pages.items())
        i = offset
        while time.perf_counter() < stop:
            name, path = order[i % len(order)]
            i += 1
            t = time.perf_counter()
            try:
                status = c.get(path).status
            except OSError as exc:
                status = f"{type(exc).__name__}"
            took = 1000 * (time.perf_counter() - t)
            with lock:
                if status == 200:
                    latencies[name].append(took)
                else:
                    errors.append(f"{name}: {status}")

    threads = [threading.Thread(target=user, args=(c, n)) for n, c in enumerate(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    every = [v for vs in latencies.values() for v in vs]
    print(f"\n{args.users} users, {elapsed:.0f} s, {len(every) + len(errors):,} requests "
          f"({(len(every) + len(errors)) / elapsed:.1f}/s), {len(errors)} errors")
    print(f"{'page':<12}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, vs in [*latencies.items(), ("all", every)]:
        print(f"{name:<12}{len(vs):>9,}{statistics.median(vs) if vs else float('nan'):>9.0f}"
              f"{percentile(vs, 95):>9.0f}{percentile(vs, 99):>9.0f}{max(vs, default=float('nan')):>9.0f}")
    p95 = percentile(every, 95)
    met = p95 < TARGET_P95_MS and not errors
    print(f"\ntarget: p95 < {TARGET_P95_MS} ms, no errors: {'met' if met else 'NOT met'} (p95 {p95:.0f} ms)")
    if errors:
        print("errors, first 5:", ", ".join(errors[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
