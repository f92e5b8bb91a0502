"""Counts the indicators' monthly tallies again.

    manage.py refresh_indicators          # the stale months, then this month and the last (nightly)
    manage.py refresh_indicators --all    # every month since the first dossier (after an import)

The worker keeps the tallies fresh as dossiers change; the nightly run also moves the running
month's backlog on (dossiers become late without any change to them).
"""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.indicators import services


class Command(BaseCommand):
    help = "Tính lại số liệu tháng của Bộ chỉ số (các tháng cần tính lại, tháng này và tháng trước; --all: tất cả)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Tính lại mọi tháng từ hồ sơ đầu tiên.")

    def handle(self, all, **options):
        started = time.perf_counter()
        if all:
            rows = services.rebuild(report=lambda month, written: self.stdout.write(f"{month:%m/%Y}: {written:,} dòng"))
        else:
            stale = services.refresh_stale(limit=10**9)
            this = services.month_of(timezone.now())
            last = services.month_of(this.replace(day=1) - timedelta(days=1))
            rows = services.recount(last) + services.recount(this)
            self.stdout.write(f"{stale} tháng cần tính lại; tháng {last:%m/%Y} và {this:%m/%Y}.")
        self.stdout.write(
            self.style.SUCCESS(f"Xong: {rows:,} dòng số liệu theo thủ tục, {time.perf_counter() - started:.1f} giây.")
        )
