from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        from motcua.dossiers import effects  # noqa: F401  (the applicant hears of the dossier's moves)
