from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "motcua.workflow"
    verbose_name = "Quy trình và thời hạn giải quyết"

    def ready(self):
        from motcua.workflow import effects  # noqa: F401  (the clock, the control sheet and the officers follow the dossier)
