"""Catalogue search under load: p50/p95 latency and throughput with N concurrent clients,
against the search API, the search page, and a bare Django view (the floor).

    .venv/bin/python bench/search.py                       # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/search.py

It loads the shipped catalogue (≈1,800 procedures) and the Đà Nẵng units into that database if
they are not there, serves the app with gunicorn (production settings, DEBUG off) on a free
local port, and sends requests only to 127.0.0.1. It prints a table and stops by itself.
"""

import argparse
import os
import urllib.parse

from common import engine, free_port, hammer, prepare, production_env, serve, stop

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
    return hammer(port, clients, requests, lambda rng: ("GET", rng.choice(paths), None, {}))


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
    scenarios = [
        ("bare view /ping (floor)", ["/ping"]),
        ("search API /api/v1/procedures", api),
        ("search page /thu-tuc/", pages),
    ]

    print(
        f"\n{engine(env)}, {os.cpu_count()} cores, gunicorn {args.workers} workers × 4 threads, "
        f"{args.clients} concurrent clients, {args.requests} requests per scenario"
    )
    for cache_seconds, label in (
        ("600", "results cached per catalogue revision (default)"),
        ("0", "no result cache: every request searches"),
    ):
        port = free_port()
        server = serve({**env, "MOTCUA_SEARCH_CACHE_SECONDS": cache_seconds}, port, args.workers)
        try:
            load(port, api + pages, args.clients, 3000)  # warm up every worker (each has its own cache)
            print(
                f"\n{label}\n{'scenario':<34} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>6}"
            )
            for name, paths in scenarios:
                for clients in (1, args.clients):
                    result = load(port, paths, clients, args.requests if clients > 1 else args.requests // 4)
                    print(
                        f"{name:<34} {clients:>7} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
                        f"{result['p99_ms']:>8.1f} {result['rps']:>8.0f} {result['failures']:>6}",
                        flush=True,
                    )
        finally:
            stop(server)


if __name__ == "__main__":
    main()
