from django.core.management.base import BaseCommand

from motcua.exchange import services


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi các cập nhật trạng thái gửi Cổng DVC quốc gia đã đến lúc thử lại (chạy vài phút một lần)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Đã đưa {services.requeue_due()} hồ sơ vào hàng đợi gửi trạng thái.")
