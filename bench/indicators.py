"""The indicators' dashboards over a million dossiers, on PostgreSQL (issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/indicators.py [--dossiers 1000000]

Makes sure the database holds at least --dossiers generated dossiers over two years, counts
every month's tallies (manage.py refresh_indicators --all, timed), times one agency-month
recount (what the worker does after each change), serves the app with gunicorn and requests,
signed in as the city's management, the city dashboard (year to date, one month, the wards),
then the drill-down of the leader of phường Hải Châu (agency page, a procedure, its dossiers),
and the public statistics page. Prints the first (cold) request and p50/p95 with 1 and 10 clients.
"""

import argparse
import http.client
import time

from common import engine, free_port, manage, postgres_with_dossiers, serve, stop
from inbox import load, sign_in


def first_request(port: int, cookie: str, path: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    conn.getresponse().read()
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    env = postgres_with_dossiers(args.dossiers)
    started = time.perf_counter()
    manage(env, "refresh_indicators", "--all", capture=True)
    rebuild = time.perf_counter() - started
    facts = (
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            """
import time
from django.utils import timezone
from motcua.accounts.services import demo_agency
from motcua.dossiers.models import Dossier
from motcua.indicators import services
from motcua.indicators.models import AgencyMonth, ProcedureMonth
ward = demo_agency()
month = services.month_of(timezone.now())
times = []
for _ in range(20):
    started = time.perf_counter(); services.recount(month, [ward.pk]); times.append(time.perf_counter() - started)
times.sort()
procedure = ProcedureMonth.objects.filter(agency=ward, procedure__isnull=False).order_by('-received').values_list('procedure__code', flat=True).first()
print(Dossier.objects.count(), AgencyMonth.objects.count(), ProcedureMonth.objects.count(), ward.code, procedure, times[10] * 1000)
""",
            capture=True,
        )
        .strip()
        .splitlines()[-1]
        .split()
    )
    total, agency_months, procedure_months, ward, procedure, recount_ms = facts
    port = free_port()
    server = serve({**env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}, port, 2)
    month = time.strftime("%Y-%m")
    pages = {
        "thanhpho": ("city dashboard", ["/chi-so/", f"/chi-so/?ky={month}", "/chi-so/?nhom=xa"]),
        "lanhdao": (
            "agency drill-down",
            [
                f"/chi-so/co-quan/{ward}/",
                f"/chi-so/co-quan/{ward}/thu-tuc/{procedure}/",
                f"/chi-so/co-quan/{ward}/thu-tuc/{procedure}/?loai=overdue",
            ],
        ),
        None: ("public statistics", ["/thong-ke/", f"/thong-ke/?ky={month}"]),
    }
    try:
        print(
            f"\n{engine(env)}, {int(total):,} dossiers; tallies: {int(agency_months):,} agency-months, "
            f"{int(procedure_months):,} procedure-months"
        )
        print(
            f"refresh_indicators --all: {rebuild:.0f} s; one agency-month recount (median of 20): {float(recount_ms):.0f} ms"
        )
        print("gunicorn 2 workers × 4 threads\n")
        print(f"{'pages':<36} {'cold ms':>8} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
        for username, (label, paths) in pages.items():
            cookie = sign_in(port, username) if username else ""
            cold = first_request(port, cookie, paths[0])
            load(port, cookie, paths, 2, 20)  # warm up
            for clients in (1, 10):
                p50, p95, errors = load(
                    port, cookie, paths, clients, args.requests if clients > 1 else args.requests // 4
                )
                print(
                    f"{label + ' (' + str(len(paths)) + ' pages)':<36} {cold:>8.0f} {clients:>7} {p50:>8.1f} {p95:>8.1f} {errors:>6}",
                    flush=True,
                )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
