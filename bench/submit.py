"""Online submission under load, and the memory a large upload takes.

    .venv/bin/python bench/submit.py                       # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/submit.py

1. Submissions per second: N clients, each with its own account and token, POST
   /api/v1/dossiers (the birth registration form and a 1 MB PDF) to gunicorn with production
   settings; every dossier is checked afterwards: one per request, codes distinct, no gaps.
2. Memory: one gunicorn worker receives a 50 MB upload; the worker's peak resident memory
   (VmHWM) before and after shows whether the file was streamed to disk or held in memory.
"""

import argparse
import http.client
import json
import os
import threading
import time
import uuid
from pathlib import Path

from common import ROOT, engine, free_port, manage, prepare, production_env, serve, stop, summary

SETUP = """
import json
from rest_framework.authtoken.models import Token
from motcua.accounts.models import User
from motcua.units.models import Agency
out = []
for n in range({count}):
    nid = f"048{{900000000 + n:09d}}"
    user, _ = User.objects.get_or_create(username=nid, defaults={{"national_id": nid, "full_name": f"Người thử tải {{n}}", "phone": f"0906{{n:06d}}"}})
    out.append({{"token": Token.objects.get_or_create(user=user)[0].key, "national_id": nid, "name": user.full_name, "phone": user.phone}})
agency = Agency.objects.get(unit__name="Hải Châu", kind="peoples_committee", unit__valid_to__isnull=True)
print(json.dumps({{"users": out, "agency": agency.code, "unit": agency.unit.code}}))
"""

CHECK = """
import json
from motcua.dossiers.models import Dossier
codes = list(Dossier.objects.filter(code__isnull=False, idempotency_key__startswith="{run}").values_list("code", flat=True))
print(json.dumps(codes))
"""


def pdf_of(size: int) -> bytes:
    """A PDF (by its signature) padded to ``size`` bytes, like a scanned certificate."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    return head + os.urandom(size - len(head) - 6) + b"\n%%EOF"


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_values(person: dict, unit: str) -> str:
    return json.dumps(
        {
            "requester_name": person["name"],
            "requester_birth_date": "1990-01-01",
            "requester_id": person["national_id"],
            "requester_phone": person["phone"],
            "requester_address": "1 Bạch Đằng",
            "requester_unit": unit,
            "relationship_to_child": "Cha",
            "child_name": "Nguyễn Thử Tải",
            "child_gender": "Nam",
            "child_birth_date": "2026-11-01",
            "child_birth_place": "Bệnh viện Phụ sản – Nhi Đà Nẵng",
            "child_ethnicity": "Kinh",
            "child_nationality": "Việt Nam",
            "mother_name": "Trần Thị Thử",
            "mother_birth_year": 1992,
        },
        ensure_ascii=False,
    )


def post(port, token, body, content_type, key, timeout=120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(
        "POST",
        "/api/v1/dossiers",
        body=body,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": content_type,
            "Idempotency-Key": key,
            "Content-Length": str(len(body)),
        },
    )
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def submissions(port, people, unit, per_client, run, file_bytes):
    latencies, failures, lock = [], [], threading.Lock()

    def client(n, person):
        for i in range(per_client):
            body, content_type = multipart(
                {"procedure": "1.001193", "form_data": form_values(person, unit)},
                {"document_5": ("giay-chung-sinh.pdf", file_bytes)},
            )
            started = time.perf_counter()
            status, data = post(port, person["token"], body, content_type, f"{run}-{n}-{i}")
            with lock:
                latencies.append(time.perf_counter() - started)
                if status != 201:
                    failures.append((status, data[:300]))

    threads = [threading.Thread(target=client, args=(n, p)) for n, p in enumerate(people)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {**summary(latencies, time.perf_counter() - started), "failures": failures}


def worker_peak_kib(master_pid: int) -> tuple[int, int]:
    """(pid, VmHWM in KiB) of gunicorn's single worker."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    pid = int(children[0])
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return pid, int(line.split()[1])
    raise RuntimeError("no VmHWM")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the machine has 2 cores)")
    parser.add_argument("--big-mb", type=int, default=50)
    args = parser.parse_args()

    media = ROOT / "var" / "bench-media"
    env = production_env(DJANGO_MEDIA_ROOT=str(media), MOTCUA_UPLOAD_MAX_MB=str(args.big_mb + 10))
    prepare(env)
    manage(env, "load_forms")
    setup = json.loads(
        manage(env, "shell", "--no-imports", "-c", SETUP.format(count=args.clients), capture=True)
        .strip()
        .splitlines()[-1]
    )
    run = f"bench-{uuid.uuid4().hex[:8]}"
    print(f"\n{engine(env)}, {os.cpu_count()} cores, gunicorn {args.workers} workers × 4 threads")

    port = free_port()
    server = serve(env, port, args.workers)
    try:
        file_bytes = pdf_of(1024 * 1024)
        submissions(port, setup["users"][:2], setup["unit"], 2, f"{run}-warm", file_bytes)
        result = submissions(port, setup["users"], setup["unit"], args.per_client, run, file_bytes)
    finally:
        stop(server)
    codes = json.loads(
        manage(env, "shell", "--no-imports", "-c", CHECK.format(run=run), capture=True).strip().splitlines()[-1]
    )
    numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
    contiguous = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
    print(
        f"submissions with a 1 MB PDF, {args.clients} clients × {args.per_client}: {result['requests']} requests, "
        f"{len(result['failures'])} failed, {result['rps']:.1f} submissions/s, p50 {result['p50_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms; dossiers made {len(codes)}, distinct codes {len(set(codes))}, contiguous {contiguous}"
    )
    for status, data in result["failures"][:3]:
        print("  failure:", status, data)

    port = free_port()
    server = serve(env, port, 1, threads=1)
    try:
        person = setup["users"][0]
        small, content_type = multipart(
            {"procedure": "1.001193", "form_data": form_values(person, setup["unit"])},
            {"document_5": ("nho.pdf", pdf_of(100 * 1024))},
        )
        post(port, person["token"], small, content_type, f"{run}-mem-warm")
        pid, before = worker_peak_kib(server.pid)
        big, content_type = multipart(
            {"procedure": "1.001193", "form_data": form_values(person, setup["unit"])},
            {"document_5": ("ban-ve-lon.pdf", pdf_of(args.big_mb * 1024 * 1024))},
        )
        started = time.perf_counter()
        status, data = post(port, person["token"], big, content_type, f"{run}-mem")
        elapsed = time.perf_counter() - started
        _, after = worker_peak_kib(server.pid)
    finally:
        stop(server)
    print(
        f"{args.big_mb} MB upload: HTTP {status} in {elapsed:.1f} s; worker {pid} peak memory {before / 1024:.0f} MiB before, "
        f"{after / 1024:.0f} MiB after (+{(after - before) / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
