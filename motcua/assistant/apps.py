from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "motcua.assistant"
    verbose_name = "Trợ lý ảo"
