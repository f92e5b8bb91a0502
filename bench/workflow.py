"""Dossiers moved through the whole workflow per second, and the time to sign one result.

    .venv/bin/python bench/workflow.py [--dossiers 50]          # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/workflow.py

In one process, through the services the pages call: submit (form + 1 MB PDF), receive
(slip 01), assign, propose, approve and sign (result PDF + PAdES), hand over. Then signs the
same result 20 more times alone.
"""

import argparse
import os
import statistics
import sys
import time

from common import ROOT, manage, prepare, production_env

sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=50)
    args = parser.parse_args()
    env = {
        **production_env(),
        "MOTCUA_ENV": "development",
        "MOTCUA_PKI_DIR": str(ROOT / "var" / "bench-pki"),
        "DJANGO_MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    }
    prepare(env)
    manage(env, "load_forms")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from motcua.accounts.models import Membership, Role, User
    from motcua.accounts.services import ensure_demo_accounts
    from motcua.catalogue.models import Procedure
    from motcua.documents import pki, slips
    from motcua.dossiers import services as dossiers
    from motcua.workflow import services as workflow

    ensure_demo_accounts()
    reception, specialist, leader = (User.objects.get(username=n) for n in ("motcua", "chuyenvien", "lanhdao"))
    agency = Membership.objects.get(user=reception, role=Role.RECEPTION).agency
    procedure = Procedure.objects.get(code="1.001193")
    applicant = User.objects.get(username="congdan")
    document = procedure.documents.first().order
    values = {
        "requester_name": applicant.full_name,
        "requester_birth_date": "1990-05-12",
        "requester_id": applicant.national_id,
        "requester_phone": applicant.phone,
        "requester_address": "12 Bạch Đằng",
        "requester_unit": agency.unit.code,
        "relationship_to_child": "Cha",
        "child_name": "Nguyễn Thử Tải",
        "child_gender": "Nam",
        "child_birth_date": "2026-11-01",
        "child_birth_place": "Bệnh viện Phụ sản – Nhi Đà Nẵng",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "mother_name": "Trần Thị Thử",
        "mother_birth_year": 1992,
    }
    blob = b"%PDF-1.7\n" + os.urandom(1024 * 1024) + b"\n%%EOF"
    steps = {name: [] for name in ("submit", "receive", "assign", "propose", "approve_and_sign", "hand_over")}

    def timed(name, call, *arguments):
        t = time.perf_counter()
        result = call(*arguments)
        steps[name].append(time.perf_counter() - t)
        return result

    started = time.perf_counter()
    for _ in range(args.dossiers):
        dossier = timed(
            "submit",
            lambda: (
                dossiers.submit_new(
                    procedure,
                    user=applicant,
                    form_values=values,
                    uploads=[(document, SimpleUploadedFile("gcs.pdf", blob))],
                    agency=agency,
                ).dossier
            ),
        )
        timed("receive", workflow.receive, dossier, reception)
        timed("assign", workflow.assign, dossier, reception, specialist)
        timed("propose", workflow.propose, dossier, specialist)
        timed("approve_and_sign", workflow.approve_and_sign, dossier, leader)
        timed("hand_over", workflow.hand_over, dossier, reception)
    elapsed = time.perf_counter() - started
    print(
        f"\n{connection.vendor}: {args.dossiers} dossiers through the whole workflow in {elapsed:.1f} s "
        f"= {args.dossiers / elapsed:.1f} dossiers/s (one process, one at a time)"
    )
    for name, times in steps.items():
        print(f"  {name:<17} median {statistics.median(times) * 1000:7.1f} ms")
    unsigned = slips.result_document(dossier, leader)
    signs = []
    for _ in range(20):
        t = time.perf_counter()
        pki.sign_pdf(unsigned, agency, signer_name=leader.full_name, reason="đo thời gian ký")
        signs.append(time.perf_counter() - t)
    print(f"  signing one result (PAdES, RSA 2048, visible block): median {statistics.median(signs) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
