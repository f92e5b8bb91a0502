from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalogue import exchange, services


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục từ tệp JSON (.json, .json.gz) hoặc Excel (.xlsx). Lỗi ở một dòng thì không nhập gì."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--note", default="", help="Ghi chú lưu cùng phiên bản mới của các thủ tục")

    def handle(self, path, note, **options):
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        try:
            records, labels = exchange.read_path(path)
            result = services.import_records(records, note=note or f"Nhập từ {path.name}", row_labels=labels)
        except services.CatalogueImportError as exc:
            for message in exc.errors:
                self.stderr.write(message)
            raise CommandError(f"Tệp bị từ chối, không thay đổi gì: {len(exc.errors)} lỗi.") from exc
        self.stdout.write(
            f"Đã nhập {result.total} thủ tục: {result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi."
        )
