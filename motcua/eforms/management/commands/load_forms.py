from django.core.management.base import BaseCommand

from motcua.eforms.services import load_shipped_forms


class Command(BaseCommand):
    help = "Nạp các tờ khai điện tử có sẵn (eforms/data/forms); tờ khai không đổi thì giữ nguyên phiên bản."

    def handle(self, **options):
        published, skipped = load_shipped_forms()
        self.stdout.write(f"Tờ khai điện tử: {published} tờ khai đang dùng.")
        for reason in skipped:
            self.stdout.write(f"  bỏ qua {reason}")
