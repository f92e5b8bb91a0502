from django.core.management.base import BaseCommand

from motcua.payments import services


class Command(BaseCommand):
    help = (
        "Đối chiếu (QUERY) các giao dịch gửi sang Nền tảng thanh toán quá 15 phút mà chưa có kết quả. "
        "Chạy định kỳ (cron, ví dụ mỗi 10 phút); --enqueue để worker chạy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Đưa việc đối chiếu vào hàng đợi của worker (db_worker)."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from motcua.payments.tasks import reconcile

            reconcile.enqueue()
            self.stdout.write("Đã đưa việc đối chiếu vào hàng đợi.")
            return
        counts = services.reconcile()
        self.stdout.write(
            f"Đã thanh toán: {counts['paid']}, không thành công: {counts['failed']}, "
            f"vẫn chờ: {counts['pending']}, lỗi tra cứu: {counts['errors']}."
        )
