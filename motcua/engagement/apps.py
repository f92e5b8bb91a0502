from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "motcua.engagement"
    verbose_name = "Đánh giá, phản ánh, xếp hàng"

    def ready(self):
        from motcua.engagement import panels

        panels.register()
