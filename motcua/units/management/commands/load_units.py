from django.core.management.base import BaseCommand

from motcua.units import services


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (hiện hành và cũ) và cơ quan của Đà Nẵng từ dữ liệu đi kèm. Chạy lại nhiều lần không sao."

    def handle(self, **options):
        units = services.load_units()
        agencies = services.load_agencies()
        self.stdout.write(
            f"Đơn vị hành chính: {units['current']} hiện hành, {units['legacy']} trước sắp xếp. "
            f"Cơ quan: {agencies['city_agencies']} cấp thành phố, {agencies['central_branches']} cơ quan ngành dọc, "
            f"{agencies['commune_committees']} UBND cấp xã, {agencies['commune_police']} Công an cấp xã, "
            f"{agencies['counters']} quầy tại Trung tâm Phục vụ hành chính công."
        )
