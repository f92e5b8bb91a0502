"""What the benchmarks share: a production-like gunicorn on a free local port, started and
stopped with all its workers, and latency figures."""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra) -> dict:
    """Production settings (DEBUG off), on DATABASE_URL or a SQLite file under var/."""
    env = {
        **os.environ,
        "MOTCUA_ENV": "production",
        "DJANGO_SECRET_KEY": "benchmark-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_BEHIND_PROXY": "false",
        "MOTCUA_LOG_LEVEL": "WARNING",
        **extra,
    }
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
        env["MOTCUA_ALLOW_SQLITE"] = "true"
    (ROOT / "var").mkdir(exist_ok=True)
    return env


def engine(env: dict) -> str:
    return "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return done.stdout if capture else ""


def prepare(env: dict) -> None:
    """Migrates and brings the units and the catalogue to what is shipped: a database
    kept from an earlier run may hold an older, smaller catalogue (1,754 procedures before the
    index records of 2026-11-30), and loading it again when nothing changed takes seconds."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_units")
    manage(env, "load_catalogue")
    manage(env, "collectstatic", "--noinput", "-v0")


def ensure_dossiers(env: dict, count: int) -> None:
    """The demo accounts, and at least ``count`` generated dossiers (made in development mode:
    made-up data is refused in production)."""
    setup = {**env, "MOTCUA_ENV": "development"}
    manage(setup, "shell", "--no-imports", "-c", "from motcua.accounts.services import ensure_demo_accounts as e; e()")
    check = "from motcua.dossiers.models import Dossier; print(Dossier.objects.filter(code__startswith='GEN-').count())"
    have = int(manage(env, "shell", "--no-imports", "-c", check, capture=True).strip().splitlines()[-1])
    if have < count:
        manage(setup, "generate_dossiers", "--count", str(count - have), "--batch", "100000")


def postgres_with_dossiers(count: int) -> dict:
    """The production environment on the PostgreSQL database of DATABASE_URL, migrated, with the
    units, the catalogue, the demo accounts and at least ``count`` generated dossiers."""
    env = production_env()
    if engine(env) != "PostgreSQL":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (the benchmark is about PostgreSQL).")
    prepare(env)
    ensure_dossiers(env, count)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict, port: int, workers: int, threads: int = 4) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "motcua.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
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


def hammer(port: int, clients: int, requests: int, make) -> dict:
    """``clients`` threads on keep-alive connections, each sending ``requests // clients``
    requests made by ``make(rng)`` → (method, path, body, headers); latency figures and failures."""
    import random
    import threading

    latencies, failures, lock = [], 0, threading.Lock()

    def client(seed):
        nonlocal failures
        rng, conn, mine, bad = random.Random(seed), http.client.HTTPConnection("127.0.0.1", port, timeout=60), [], 0
        for _ in range(requests // clients):
            method, path, body, headers = make(rng)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                bad += not 200 <= response.status < 300
            except OSError:
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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


def summary(latencies: list[float], elapsed: float) -> dict:
    latencies = sorted(latencies)
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "rps": len(latencies) / elapsed,
    }
