from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "motcua.exchange"
    verbose_name = "Kết nối Cổng Dịch vụ công quốc gia"

    def ready(self):
        from motcua.exchange import signals  # noqa: F401  (status changes of portal dossiers go back)
