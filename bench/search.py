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
import threading
import time
import urllib.parse

from common import engine, free_port, prepare, production_env, serve, stop, summary

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
    return {**summary(latencies, time.perf_counter() - started), "failures": failures}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    args = parser.parse_args()

    env = production_env()
    prepare(env)

    api = [f"/api/v1/procedures?{urllib.parse.urlencode({'q': q, **f})}" for q in QUERIES for f in FILTERS]
    pages = [f"/thu-tuc/?{urllib.parse.urlencode({'q': q, **f})}" for q in QUERIES for f in FILTERS]
    scenarios = [("bare view /ping (floor)", ["/ping"]), ("search API /api/v1/procedures", api), ("search page /thu-tuc/", pages)]

    print(f"\n{engine(env)}, {os.cpu_count()} cores, gunicorn {args.workers} workers × 4 threads, "
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
