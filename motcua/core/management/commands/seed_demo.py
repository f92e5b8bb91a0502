from django.core.management import call_command
from django.core.management.base import BaseCommand

from motcua.accounts.services import DEMO_PASSWORD, ensure_demo_accounts


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: đơn vị hành chính và cơ quan của Đà Nẵng, danh mục thủ tục, "
        "một tài khoản cho mỗi vai trò (in ra màn hình). Chạy lại nhiều lần không sao."
    )

    def handle(self, **options):
        call_command("load_units", stdout=self.stdout)
        call_command("load_catalogue", stdout=self.stdout)
        call_command("load_forms", stdout=self.stdout)
        call_command("load_workflows", stdout=self.stdout)
        accounts = ensure_demo_accounts()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})"))
        for account in accounts:
            where = f" – {account.agency}" if account.agency else ""
            self.stdout.write(f"  {account.username:<14} {account.label}{where}")
        self.stdout.write("")
        self.stdout.write("Cổng dịch vụ công: http://127.0.0.1:8000/   Quản trị: http://127.0.0.1:8000/quan-tri/")
        self.stdout.write("API: http://127.0.0.1:8000/api/v1/procedures   Tài liệu API: http://127.0.0.1:8000/api/docs/")
