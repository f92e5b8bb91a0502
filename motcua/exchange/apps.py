from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "motcua.exchange"
    verbose_name = "Kết nối Cổng Dịch vụ công quốc gia"

    def ready(self):
        from motcua.exchange import effects  # noqa: F401  (the dossier's moves go to the national portal)
