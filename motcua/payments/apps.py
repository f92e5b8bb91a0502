from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = "Thanh toán phí, lệ phí"

    def ready(self):
        from motcua.payments import effects, panels  # noqa: F401  (the fee follows the dossier's moves)

        panels.register()
