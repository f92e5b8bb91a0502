from django.core.management.base import BaseCommand

from motcua.workflow.services import load_shipped_workflows


class Command(BaseCommand):
    help = "Nạp quy trình mặc định và quy trình của các thủ tục mẫu (workflow/data/workflows.json)."

    def handle(self, **options):
        self.stdout.write(f"Quy trình: {load_shipped_workflows()} quy trình.")
