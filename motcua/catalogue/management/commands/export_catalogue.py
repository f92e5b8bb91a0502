from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.catalogue import exchange


class Command(BaseCommand):
    help = "Xuất toàn bộ danh mục thủ tục ra tệp JSON hoặc Excel (.xlsx), theo phần mở rộng của tên tệp."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, path, **options):
        records = exchange.export_records()
        data = exchange.write_excel(records) if path.suffix == ".xlsx" else exchange.write_json(records)
        path.write_bytes(data)
        self.stdout.write(f"Đã xuất {len(records)} thủ tục ra {path}.")
