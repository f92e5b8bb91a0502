from django.core.management.base import BaseCommand

from motcua.notifications.services import requeue_due


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi mọi thông báo chờ gửi đã đến lượt (chạy định kỳ, ví dụ mỗi 5 phút, "
        "để không thông báo nào bị bỏ sót khi worker từng dừng)."
    )

    def handle(self, **options):
        self.stdout.write(f"Đã đưa {requeue_due()} thông báo vào hàng đợi.")
