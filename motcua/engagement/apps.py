from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "motcua.engagement"
    verbose_name = "Đánh giá, phản ánh, xếp hàng"
