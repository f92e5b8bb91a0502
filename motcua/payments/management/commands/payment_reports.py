from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.payments import services


class Command(BaseCommand):
    help = "Báo quản trị từng cơ quan bảng đối soát thanh toán của một ngày (mặc định hôm qua). Chạy mỗi sáng."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày đối soát, YYYY-MM-DD.")

    def handle(self, *args, date=None, **options):
        try:
            day = _parse(date) if date else timezone.localdate() - timedelta(days=1)
        except ValueError as error:
            raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.") from error
        self.stdout.write(f"Đã báo {services.send_daily_reports(day)} quản trị cơ quan (ngày {day:%d/%m/%Y}).")


def _parse(value: str):
    return date.fromisoformat(value)
