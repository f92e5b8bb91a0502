"""Dossiers from the national portal received per second.

    .venv/bin/python bench/exchange.py                      # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/exchange.py

gunicorn with 2 workers × 4 threads; 8 clients post 400 signed dossiers (birth registration,
one 100 kB PDF each, distinct MaHoSo), then 100 repeats of dossiers already received (answered
from the unique MaHoSo without a second dossier).
"""

import base64
import itertools
import os
import sys
import time

from common import ROOT, engine, free_port, hammer, prepare, production_env, serve, stop

sys.path.insert(0, str(ROOT))


def main():
    env = production_env(MOTCUA_NATIONAL_PORTAL_SECRET="benchmark-only-secret")
    prepare(env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    import django

    django.setup()
    from fpdf import FPDF

    from motcua.exchange import protocol
    from motcua.exchange.models import PortalDossier

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    for line in range(60):
        document.cell(text=f"Giay chung sinh - dong {line} " + "x" * 60, new_x="LMARGIN", new_y="NEXT")
    pdf = bytes(document.output())
    pdf += b"%" + b"0" * max(0, 100_000 - len(pdf)) + b"\n"
    content = base64.b64encode(pdf).decode()
    run = str(int(time.time()))
    numbers = itertools.count(1)  # next() on it is atomic under the GIL: no two clients share a number

    def dossier(rng, repeat=False):
        number = rng.randrange(1, 400) if repeat else next(numbers)
        body = protocol.dumps(
            {
                "MaHoSo": f"BENCH-{run}-{number:06d}",
                "MaTTHC": "1.001193",
                "KenhThucHien": "2",
                "ChuHoSo": "Nguyễn Văn Thử",
                "DinhDanhCHS": f"0481{number % 10**8:08d}",
                "TrangThaiHoSo": "1",
                "TaiLieuNop": [
                    {"TenTepDinhKem": "giay-chung-sinh.pdf", "TenGiayTo": "Giấy chứng sinh", "NoiDung": content}
                ],
            }
        )
        return "POST", "/api/v1/national-portal/dossiers", body, protocol.headers_for(body)

    port = free_port()
    server = serve(env, port, workers=2, threads=4)
    try:
        fresh = hammer(port, 8, 400, dossier)
        print(
            f"\n{engine(env)}: {fresh['requests']} new dossiers from the national portal: {fresh['rps']:.1f}/s, "
            f"p50 {fresh['p50_ms']:.0f} ms, p95 {fresh['p95_ms']:.0f} ms, failures {fresh['failures']}"
        )
        repeats = hammer(port, 8, 96, lambda rng: dossier(rng, repeat=True))
        made = PortalDossier.objects.filter(national_code__startswith=f"BENCH-{run}-").count()
        print(
            f"{repeats['requests']} repeats: {repeats['rps']:.1f}/s, p95 {repeats['p95_ms']:.0f} ms; dossiers made: {made} (expected 400)"
        )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
