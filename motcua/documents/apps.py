from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    verbose_name = "Giấy tờ và kho dữ liệu cá nhân"
