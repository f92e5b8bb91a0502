from django.core.management.base import BaseCommand

from motcua.assistant import services


class Command(BaseCommand):
    help = "Tính véc-tơ ngữ nghĩa (tên và lĩnh vực) các thủ tục cho trợ lý ảo (một lần cho mỗi phiên bản danh mục)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ship",
            action="store_true",
            help="Ghi lại tệp véc-tơ đi kèm mã nguồn (assistant/data/passage_vectors.npz).",
        )

    def handle(self, *args, ship=False, **options):
        count = services.build_vectors(ship=ship)
        self.stdout.write(f"Đã tính mới véc-tơ cho {count} thủ tục (các thủ tục khác dùng véc-tơ có sẵn).")
