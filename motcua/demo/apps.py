from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city: units, catalogue, one account per role, a queue hall (manage.py seed_demo).
    Above every app, since it fills them all; nothing imports it."""

    name = "motcua.demo"
    verbose_name = "Dữ liệu mẫu"
