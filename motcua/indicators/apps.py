from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "motcua.indicators"
    verbose_name = "Chỉ số phục vụ người dân, doanh nghiệp"

    def ready(self):
        from motcua.indicators import effects, signals  # noqa: F401  (changes mark their month's tallies stale)
