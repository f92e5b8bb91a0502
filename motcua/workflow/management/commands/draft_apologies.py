from django.core.management.base import BaseCommand

from motcua.workflow.services import draft_apologies


class Command(BaseCommand):
    help = "Soạn văn bản xin lỗi, hẹn lại (mẫu 04) cho hồ sơ sắp quá hạn trong một ngày làm việc (chạy định kỳ, ví dụ mỗi giờ)."

    def handle(self, **options):
        self.stdout.write(f"Đã soạn {draft_apologies()} văn bản xin lỗi chờ lãnh đạo ký.")
