from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalogue.services import CatalogueImportError
from motcua.exchange import catalogue


class Command(BaseCommand):
    help = (
        "Đồng bộ danh mục từ CSDL quốc gia về TTHC: mã mới thành bản dự thảo chờ thành phố công bố, "
        "thủ tục đã có cập nhật nội dung, thủ tục bị bãi bỏ thì ngừng công bố. Chạy hằng ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", type=date.fromisoformat, help="Chỉ lấy thay đổi từ ngày (YYYY-MM-DD); mặc định 7 ngày qua."
        )
        parser.add_argument("--all", action="store_true", help="Lấy toàn bộ danh mục.")

    def handle(self, since, all, **options):
        since = None if all else since or timezone.localdate() - timedelta(days=7)
        try:
            result = catalogue.sync(since)
        except catalogue.SyncError as error:
            raise CommandError(str(error)) from error
        except CatalogueImportError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(f"Dữ liệu bị từ chối, không thay đổi gì: {len(error.errors)} lỗi.") from error
        self.stdout.write(
            f"Đã đồng bộ {result.total} thủ tục: {result.created} mới (dự thảo), {result.updated} cập nhật, "
            f"{result.unchanged} không đổi."
        )
