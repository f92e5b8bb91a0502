"""Catalogue search under load: p50/p95 latency and throughput with N concurrent clients,
against the search API, the search page, and a bare Django view (the floor).

    .venv/bin/python bench/search.py                       # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/search.py

It brings that database to the shipped catalogue (2,882 procedures since 2026-12-01) and the
Đà Nẵng units, serves the app with gunicorn (production settings, DEBUG off) on a free
local port, and sends requests only to 127.0.0.1. It prints what one request costs in-process
(CPU time, which another program on the cores does not inflate), then a table, and stops by itself.
"""

import argparse
import os
import statistics
import sys
import time
import urllib.parse

from common import ROOT, engine, free_port, hammer, prepare, production_env, serve, stop

sys.path.insert(0, str(ROOT))

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


def cpu_costs(env: dict, api: list[str], pages: list[str]) -> None:
    """What one request costs in this process (Django's test client, no server, no network): CPU
    time of the thread and wall time, median and p95 over the 100 distinct requests. CPU time
    does not grow when other programs share the cores, so it compares runs on a busy machine."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import override_settings

    from motcua.catalogue.models import Procedure

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load: the planner's statistics
    client = Client(HTTP_HOST="127.0.0.1")
    published = Procedure.objects.filter(status=Procedure.Status.PUBLISHED).count()
    print(f"\n{engine(env)}: {published} published procedures; one request in-process (CPU / wall ms)")
    print(f"{'request':<34} {'CPU p50':>8} {'CPU p95':>8} {'wall p50':>8} {'wall p95':>8}")
    for cache_seconds, label in (("600", "cached"), ("0", "uncached")):
        with override_settings(MOTCUA_SEARCH_CACHE_SECONDS=int(cache_seconds)):
            for name, paths in (("search API", api), ("search page", pages)):
                cache.clear()
                for path in paths:  # warm: imports, templates, connection, and the cache when on
                    client.get(path)
                cpu, wall = [], []
                for _ in range(3):
                    for path in paths:
                        started, started_cpu = time.perf_counter(), time.thread_time()
                        response = client.get(path)
                        cpu.append((time.thread_time() - started_cpu) * 1000)
                        wall.append((time.perf_counter() - started) * 1000)
                        if response.status_code != 200:
                            raise SystemExit(f"{path}: {response.status_code}")
                c, w = statistics.quantiles(cpu, n=100), statistics.quantiles(wall, n=100)
                print(f"{name + ', ' + label:<34} {c[49]:>8.2f} {c[94]:>8.2f} {w[49]:>8.2f} {w[94]:>8.2f}", flush=True)
    connections.close_all()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--no-load", action="store_true", help="only the in-process costs, no server")
    parser.add_argument("--cached-only", action="store_true", help="under load with the result cache only")
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
    cpu_costs(env, api, pages)
    if args.no_load:
        return

    print(
        f"\n{engine(env)}, {os.cpu_count()} cores, gunicorn {args.workers} workers × 4 threads, "
        f"{args.clients} concurrent clients, {args.requests} requests per scenario"
    )
    configurations = [
        ("600", "results cached per catalogue revision (default)"),
        ("0", "no result cache: every request searches"),
    ]
    for cache_seconds, label in configurations[:1] if args.cached_only else configurations:
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
