from django.core.management.base import BaseCommand

from motcua.catalogue import quality


class Command(BaseCommand):
    help = (
        "In số liệu chất lượng bản ghi thủ tục theo cơ quan (bảng Markdown như trong docs/catalogue.md): "
        "thủ tục, bản ghi đầy đủ, có ngày hẹn trả, không có vấn đề chặn xử lý, và số thủ tục theo từng vấn đề."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="Tính trên dữ liệu danh mục đi kèm (motcua/catalogue/data), không đọc cơ sở dữ liệu.",
        )

    def handle(self, shipped=False, **options):
        report = quality.shipped_report() if shipped else quality.catalogue_report()
        total = quality.totals(report.rows)
        self.stdout.write("| cơ quan | thủ tục | đầy đủ | đầy đủ, có ngày hẹn trả | không có vấn đề chặn |")
        self.stdout.write("|---|---:|---:|---:|---:|")
        for row in [*quality.by_group(report), total]:
            label = f"**{row.label}**" if row is total else row.label
            numbers = (row.procedures, row.full, row.full_due_date, row.ready)
            self.stdout.write(f"| {label} | " + " | ".join(f"{n:,}" for n in numbers) + " |")
        self.stdout.write("")
        self.stdout.write("| vấn đề | chặn xử lý | thủ tục |")
        self.stdout.write("|---|---|---:|")
        for kind, count in quality.problem_counts(report.rows):
            self.stdout.write(f"| {kind.label} (`{kind.code}`) | {'có' if kind.blocking else 'cảnh báo'} | {count:,} |")
        share = total.due_date_share * 100
        self.stdout.write(
            f"\nBản ghi đầy đủ có thời hạn tính được ngày hẹn trả: {total.full_due_date:,} / {total.full:,} ({share:.1f} %)."
        )
