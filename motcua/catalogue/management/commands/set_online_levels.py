from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalogue import exchange, services


class Command(BaseCommand):
    help = (
        "Ghi mức độ trực tuyến do thành phố quyết định từ danh mục dịch vụ công trực tuyến "
        "(CSV hoặc Excel: mã thủ tục, mức độ). Một dòng sai thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--basis", required=True, help="Căn cứ: số, ngày quyết định của UBND thành phố")

    def handle(self, path, basis, **options):
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        try:
            changed = services.set_online_levels(exchange.read_online_levels(path.read_bytes()), basis=basis)
        except services.CatalogueImportError as exc:
            for message in exc.errors:
                self.stderr.write(message)
            raise CommandError(f"Tệp bị từ chối, không thay đổi gì: {len(exc.errors)} lỗi.") from exc
        self.stdout.write(f"Đã ghi mức độ trực tuyến của {changed} thủ tục theo {basis}.")
