"""Made-up dossiers in bulk, for load tests and benchmarks (never in production).

    manage.py generate_dossiers --count 1000000

Spread over every agency and the commune procedures, over the last two years, in the states a
real office has (most returned, some waiting, some late; only those of the last 30 days still open),
through the channels a city sees (about half online), a few procedures taking most dossiers as
in a real office (the procedure drawn as the cube of a uniform number). On PostgreSQL each batch is one
INSERT … SELECT over generate_series (about a million rows a minute); elsewhere batches of
bulk_create. Codes are GEN-<number>, continuing after the ones already made.
"""

import time

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency

# status, stage, share of dossiers (per thousand)
MIX = [
    (10, "closed", 780),
    (4, "processing", 80),
    (9, "return", 30),
    (1, "reception", 30),
    (2, "processing", 20),
    (5, "reception", 20),
    (4, "approval", 20),
    (3, "closed", 10),
    (8, "closed", 10),
]
APPLICANTS = 5000
OPEN = (1, 2, 4, 5, 6)
CHANNELS = [("online", 550), ("counter", 400), ("national_portal", 50)]


class Command(BaseCommand):
    help = "Tạo hồ sơ giả hàng loạt cho kiểm thử tải và đo hiệu năng (không dùng trong production)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--batch", type=int, default=100_000)

    def handle(self, count, batch, **options):
        if settings.PRODUCTION:
            raise CommandError("Không tạo dữ liệu giả trong production.")
        agencies = list(Agency.objects.filter(is_active=True).values_list("pk", flat=True))
        procedures = list(Procedure.objects.filter(at_commune=True).values_list("pk", flat=True)[:500])
        if not agencies or not procedures:
            raise CommandError("Cần nạp đơn vị và danh mục trước (manage.py seed_demo).")
        applicants = self._applicants()
        start = Dossier.objects.filter(code__startswith="GEN-").count()
        started = time.perf_counter()
        done = 0
        while done < count:
            size = min(batch, count - done)
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    self._postgres(start + done, size, agencies, procedures, applicants)
                else:
                    self._portable(start + done, size, agencies, procedures, applicants)
            done += size
            rate = done / (time.perf_counter() - started)
            self.stdout.write(f"{done:,} hồ sơ ({rate:,.0f}/s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE dossiers_dossier")

    def _applicants(self) -> list[int]:
        existing = list(User.objects.filter(username__startswith="gen-").values_list("pk", flat=True))
        if len(existing) < APPLICANTS:
            User.objects.bulk_create(
                [
                    User(username=f"gen-{n}", full_name=f"Người dân thử {n}", password=UNUSABLE_PASSWORD_PREFIX)
                    for n in range(len(existing), APPLICANTS)
                ],
                batch_size=1000,
            )
            existing = list(User.objects.filter(username__startswith="gen-").values_list("pk", flat=True))
        return existing

    def _postgres(self, first, size, agencies, procedures, applicants):
        cases, lower = [], 0
        for status, stage, share in MIX:
            cases.append((lower + share, status, stage))
            lower += share
        status_sql = "CASE " + " ".join(f"WHEN pick < {upper} THEN {status}" for upper, status, _ in cases) + " END"
        stage_sql = "CASE " + " ".join(f"WHEN pick < {upper} THEN '{stage}'" for upper, _, stage in cases) + " END"
        channel_sql = (
            "CASE "
            + " ".join(
                f"WHEN chan < {sum(share for _, share in CHANNELS[: n + 1])} THEN '{name}'"
                for n, (name, _) in enumerate(CHANNELS)
            )
            + " END"
        )
        sql = f"""
            INSERT INTO dossiers_dossier (public_id, code, procedure_id, agency_id, applicant_id, submitted_by_id,
                consent_method, status, channel, form_data, delivery, delivery_address, withdraw_reason, created_at,
                updated_at, submitted_at, received_at, due_at, finished_at, returned_at, stage, return_tracking, fee_exemption,
                form_definition)
            SELECT gen_random_uuid(), 'GEN-' || lpad(i::text, 9, '0'), p, a, u, u, '', s, ch, '{{}}', 'online', '', '',
                sub, sub, sub, CASE WHEN s IN (1, 3) THEN NULL ELSE sub + interval '2 hours' END,
                CASE WHEN s IN (1, 3) THEN NULL ELSE sub + interval '1 day' * (3 + floor(random() * 12)) END,
                CASE WHEN s IN (9, 10) THEN sub + interval '1 day' * (2 + floor(random() * 12)) END,
                CASE WHEN s = 10 THEN sub + interval '1 day' * (3 + floor(random() * 13)) END, st, '', '', '{{}}'
            FROM (
                SELECT i, p, a, u, ch, drawn AS sub,
                    CASE WHEN s IN {OPEN} AND drawn < now() - interval '30 days' THEN 10 ELSE s END AS s,
                    CASE WHEN s IN {OPEN} AND drawn < now() - interval '30 days' THEN 'closed' ELSE st END AS st
                FROM (
                    SELECT i, pick, {status_sql} AS s, {stage_sql} AS st, {channel_sql} AS ch,
                        (%(procedures)s::bigint[])[1 + floor(power(random(), 3) * %(np)s)::int] AS p,
                        (%(agencies)s::bigint[])[1 + floor(random() * %(na)s)::int] AS a,
                        (%(applicants)s::bigint[])[1 + floor(random() * %(nu)s)::int] AS u,
                        now() - interval '1 second' * floor(random() * 63072000) AS drawn
                    FROM (SELECT i, floor(random() * 1000)::int AS pick, floor(random() * 1000)::int AS chan
                          FROM generate_series(%(first)s, %(last)s) AS i) AS draw
                ) AS chosen
            ) AS rows
        """  # noqa: S608  the CASEs come from MIX, CHANNELS and OPEN above, not from input; ids and sizes are parameters
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                {
                    "procedures": procedures,
                    "np": len(procedures),
                    "agencies": agencies,
                    "na": len(agencies),
                    "applicants": applicants,
                    "nu": len(applicants),
                    "first": first + 1,
                    "last": first + size,
                },
            )

    def _portable(self, first, size, agencies, procedures, applicants):
        import random
        import uuid
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        weights = [share for _, _, share in MIX]
        channels, channel_weights = [name for name, _ in CHANNELS], [share for _, share in CHANNELS]
        rows = []
        for n in range(first + 1, first + size + 1):
            status, stage, _ = random.choices(MIX, weights)[0]
            submitted = now - timedelta(seconds=random.randrange(63_072_000))
            if status in OPEN and submitted < now - timedelta(days=30):
                status, stage = 10, "closed"  # an office's open dossiers are its recent ones
            applicant = random.choice(applicants)
            waiting = status in (1, 3)
            rows.append(
                Dossier(
                    public_id=uuid.uuid4(),
                    code=f"GEN-{n:09d}",
                    procedure_id=procedures[int(random.random() ** 3 * len(procedures))],
                    agency_id=random.choice(agencies),
                    channel=random.choices(channels, channel_weights)[0],
                    applicant_id=applicant,
                    submitted_by_id=applicant,
                    status=status,
                    stage=stage,
                    submitted_at=submitted,
                    received_at=None if waiting else submitted + timedelta(hours=2),
                    due_at=None if waiting else submitted + timedelta(days=3 + random.randrange(12)),
                    finished_at=submitted + timedelta(days=2 + random.randrange(12)) if status in (9, 10) else None,
                    returned_at=submitted + timedelta(days=3 + random.randrange(13)) if status == 10 else None,
                )
            )
        Dossier.objects.bulk_create(rows, batch_size=5000)
