"""The officers' inbox over a large dossier table, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/inbox.py [--dossiers 1000000]

Makes sure the database holds at least --dossiers generated dossiers (manage.py
generate_dossiers), serves the app with gunicorn (production settings), signs in as three demo
officers — reception and leader of phường Hải Châu, and city management, who sees every agency
— and requests their inbox pages: the default queue, other queues, filters by state and due
date, deep pages. Prints p50/p95 per officer with 1 and 10 concurrent clients.
"""

import argparse
import http.client
import re
import statistics
import threading
import time
import urllib.parse

from common import engine, free_port, manage, postgres_with_dossiers, serve, stop

PAGES = {
    "motcua": [
        "/mot-cua/",
        "/mot-cua/?hang=tra-ket-qua",
        "/mot-cua/?hang=tra-ket-qua&page=3",
        "/mot-cua/?hang=phan-cong&han=qua-han",
        "/mot-cua/?hang=bo-sung&trang_thai=5",
        "/mot-cua/?hang=tiep-nhan&han=tuan-nay",
    ],
    "lanhdao": ["/mot-cua/", "/mot-cua/?hang=phe-duyet", "/mot-cua/?hang=phan-cong&page=2"],
    "thanhpho": [
        "/mot-cua/",
        "/mot-cua/?page=40",
        "/mot-cua/?trang_thai=4&han=qua-han",
        "/mot-cua/?han=tuan-nay",
        "/mot-cua/?trang_thai=1&page=5",
    ],
}


def sign_in(port: int, username: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/tai-khoan/dang-nhap/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": "motcua-demo"})
    conn.request(
        "POST",
        "/tai-khoan/dang-nhap/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if response.status != 302 or not session:
        raise SystemExit(f"could not sign in as {username}: HTTP {response.status}")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def load(port, cookie, paths, clients, requests):
    latencies, errors, lock = [], [0], threading.Lock()

    def client(seed):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for n in range(requests // clients):
            path = paths[(seed + n) % len(paths)]
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += response.status != 200

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    q = statistics.quantiles(sorted(latencies), n=100)
    return q[49] * 1000, q[94] * 1000, errors[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    env = postgres_with_dossiers(args.dossiers)
    total = (
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from motcua.dossiers.models import Dossier; print(Dossier.objects.count())",
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = serve({**env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}, port, 2)
    try:
        print(f"\n{engine(env)}, {total} dossiers, gunicorn 2 workers × 4 threads\n")
        print(f"{'officer':<42} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
        for username, paths in PAGES.items():
            cookie = sign_in(port, username)
            load(port, cookie, paths, 2, 40)  # warm up
            for clients in (1, 10):
                p50, p95, errors = load(
                    port, cookie, paths, clients, args.requests if clients > 1 else args.requests // 4
                )
                print(
                    f"{username + ' (' + str(len(paths)) + ' pages)':<42} {clients:>7} {p50:>8.1f} {p95:>8.1f} {errors:>6}",
                    flush=True,
                )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
