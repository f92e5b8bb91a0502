from django.core.management.base import BaseCommand

from motcua.documents import pki
from motcua.units.models import Agency


class Command(BaseCommand):
    help = (
        "Tạo CA phát triển và chứng thư số ký kết quả cho các cơ quan (chỉ dùng khi phát triển; "
        "production nạp tệp PKCS#12 thật vào MOTCUA_PKI_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="mã cơ quan; mặc định: tất cả cơ quan đang hoạt động")

    def handle(self, codes, **options):
        agencies = Agency.objects.filter(is_active=True)
        if codes:
            agencies = agencies.filter(code__in=codes)
        for agency in agencies:
            path = pki.make_dev_certificate(agency)
            self.stdout.write(f"{agency.code}  {path}")
        self.stdout.write(f"CA: {pki._folder() / pki.CA_NAME}")
