"""Catalogue search under load: p50/p95 latency and throughput with N concurrent clients,
against the search API, the search page, and a bare Django view (the floor).

    .venv/bin/python bench/search.py                       # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/search.py

It loads the shipped catalogue (≈1,800 procedures) and the Đà Nẵng units into that database if
they are not there, serves the app with gunicorn (production settings, DEBUG off) on a free
local port, and sends requests only to 127.0.0.1. It prints a table and stops by itself.
"""

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "dang ky khai sinh",
    "đăng ký khai sinh",
    "khai sính",
    "ket hon",
    "chứng thực bản sao",
    "giay phep xay dung",
    "thuong tru",
    "ly lich tu phap",
    "ho kinh doanh",
    "cấp đổi giấy phép lái xe",
    "dat dai",
    "thuế",
    "con dau",
    "nuoi con nuoi",
    "khai tu",
    "doanh nghiep",
    "phong chay chua chay",
    "giay chung nhan quyen su dung dat",
    "xuat nhap canh",
    "can cuoc",
]
FILTERS = [{}, {}, {"level": "commune"}, {"level": "city"}, {"online": "partial"}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict) -> None:
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    check = "from motcua.catalogue.models import Procedure; print(Procedure.objects.count())"
    count = int(subprocess.run([python, "manage.py", "shell", "--no-imports", "-c", check], cwd=ROOT, env=env, check=True,
                               capture_output=True, text=True).stdout.strip() or 0)
    if count < 1000:
        subprocess.run([python, "manage.py", "load_units"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "load_catalogue"], cwd=ROOT, env=env, check=True)


def serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "motcua.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/ping")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn and every worker it started (they share its process group)."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def load(port: int, paths: list[str], clients: int, requests: int) -> dict:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    per_client = requests // clients

    def client(seed: int):
        nonlocal failures
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        for _ in range(per_client):
            path = rng.choice(paths)
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "failures": failures,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "rps": len(latencies) / elapsed,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    args = parser.parse_args()

    env = {
        **os.environ,
        "MOTCUA_ENV": "production",
        "DJANGO_SECRET_KEY": "benchmark-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_BEHIND_PROXY": "false",
        "MOTCUA_LOG_LEVEL": "WARNING",
    }
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
        env["MOTCUA_ALLOW_SQLITE"] = "true"
    (ROOT / "var").mkdir(exist_ok=True)
    prepare(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    api = [f"/api/v1/procedures?{urllib.parse.urlencode({'q': q, **f})}" for q in QUERIES for f in FILTERS]
    pages = [f"/thu-tuc/?{urllib.parse.urlencode({'q': q, **f})}" for q in QUERIES for f in FILTERS]
    scenarios = [("bare view /ping (floor)", ["/ping"]), ("search API /api/v1/procedures", api), ("search page /thu-tuc/", pages)]

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\n{engine}, {os.cpu_count()} cores, gunicorn {args.workers} workers × 4 threads, "
          f"{args.clients} concurrent clients, {args.requests} requests per scenario")
    for cache_seconds, label in (("600", "results cached per catalogue revision (default)"), ("0", "no result cache: every request searches")):
        port = free_port()
        server = serve({**env, "MOTCUA_SEARCH_CACHE_SECONDS": cache_seconds}, port, args.workers)
        try:
            load(port, api + pages, args.clients, 3000)  # warm up every worker (each has its own cache)
            print(f"\n{label}\n{'scenario':<34} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>6}")
            for name, paths in scenarios:
                for clients in (1, args.clients):
                    result = load(port, paths, clients, args.requests if clients > 1 else args.requests // 4)
                    print(f"{name:<34} {clients:>7} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
                          f"{result['p99_ms']:>8.1f} {result['rps']:>8.0f} {result['failures']:>6}", flush=True)
        finally:
            stop(server)


if __name__ == "__main__":
    main()
