from django.core.management.base import BaseCommand, CommandError

from motcua.catalogue import services


class Command(BaseCommand):
    help = "Nạp danh mục thủ tục đi kèm phần mềm (motcua/catalogue/data). Chạy lại nhiều lần không sao."

    def handle(self, **options):
        try:
            result = services.load_shipped_catalogue()
        except services.CatalogueImportError as exc:
            for message in exc.errors[:50]:
                self.stderr.write(message)
            raise CommandError("Dữ liệu danh mục đi kèm không hợp lệ.") from exc
        self.stdout.write(
            f"Danh mục: {result.total} thủ tục ({result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi)."
        )
