from django.conf import settings
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
        call_command("build_assistant_index", stdout=self.stdout)
        call_command("refresh_indicators", stdout=self.stdout)  # the dashboards start from the catalogue as loaded
        accounts = ensure_demo_accounts()
        from motcua.accounts.services import demo_agency
        from motcua.engagement import queue, services
        from motcua.units.models import Agency

        ward = demo_agency()
        queue.ensure_demo_hall(ward)
        centre = Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE).first()
        if centre is not None:
            queue.ensure_service_per_counter(centre)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})"))
        for account in accounts:
            where = f" – {account.agency}" if account.agency else ""
            self.stdout.write(f"  {account.username:<14} {account.label}{where}")
        self.stdout.write("")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(
            f"Cổng dịch vụ công: {site}/   Một cửa (cán bộ): {site}/mot-cua/   Quản trị: {site}/quan-tri/"
        )
        self.stdout.write(f"API: {site}/api/v1/procedures   Tài liệu API: {site}/api/docs/")
        self.stdout.write(
            f"Máy lấy số ({ward.short_name}): {site}/xep-hang/may/{queue.kiosk_token(ward)}/   "
            f"Màn hình gọi số: {site}/xep-hang/{ward.code}/man-hinh/"
        )
        counter = ward.counters.order_by("number").first()
        self.stdout.write(f"Máy đánh giá tại {counter}: {site}/danh-gia/may/{services.kiosk_token(counter)}/")
