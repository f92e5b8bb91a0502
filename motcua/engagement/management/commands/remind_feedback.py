from django.core.management.base import BaseCommand

from motcua.engagement import feedback


class Command(BaseCommand):
    help = "Nhắc cơ quan các phản ánh, kiến nghị còn dưới một ngày làm việc đến hạn trả lời (chạy mỗi giờ)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã nhắc {feedback.remind()} phản ánh sắp đến hạn.")
