from django.urls import path

from motcua.workflow import views

app_name = "workflow"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("so-theo-doi/", views.register, name="register"),
    path("tiep-nhan-tai-quay/", views.counter_intake, name="counter_intake"),
    path("tiep-nhan-tai-quay/<uuid:public_id>/nop/", views.counter_submit, name="counter_submit"),
    path("ho-so/<str:code>/", views.work, name="work"),
    path("ho-so/<str:code>/<str:action>/", views.act, name="act"),
    path("ho-so/<str:code>/phieu-kiem-soat.pdf", views.control_sheet, name="control_sheet"),
    path("ho-so/<str:code>/phieu-kiem-soat.xlsx", views.control_sheet_xlsx, name="control_sheet_xlsx"),
    path("van-ban/<str:code>/<int:pk>/", views.issued, name="issued"),
    path("noi-bo/<str:code>/<int:pk>/", views.note_file, name="note_file"),
]
