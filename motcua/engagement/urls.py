from django.urls import path

from motcua.engagement import feedback_views, queue_views, views

app_name = "engagement"
urlpatterns = [
    path("danh-gia/may/<str:token>/", views.kiosk, name="kiosk"),
    path("ho-so/<str:code>/danh-gia/", views.rate, name="rate"),
    path("mot-cua/truc-quay/", views.duty, name="duty"),
    path("mot-cua/danh-gia/", views.report, name="report"),
    path("xep-hang/may/<str:token>/", queue_views.kiosk, name="queue_kiosk"),
    path("xep-hang/so/<uuid:public_id>/", queue_views.ticket, name="ticket"),
    path("xep-hang/<str:code>/man-hinh/", queue_views.display, name="display"),
    path("mot-cua/xep-hang/", queue_views.console, name="console"),
    path("mot-cua/xep-hang/thong-ke/", queue_views.queue_stats, name="queue_stats"),
    path("phan-anh-kien-nghi/", feedback_views.answers, name="feedback_answers"),
    path("phan-anh-kien-nghi/gui/", feedback_views.send, name="feedback_send"),
    path("phan-anh-kien-nghi/tra-cuu/", feedback_views.track, name="feedback_track"),
    path("mot-cua/phan-anh/", feedback_views.work_list, name="feedback_list"),
    path("mot-cua/phan-anh/<str:code>/", feedback_views.work, name="feedback_work"),
    path("mot-cua/phan-anh/<str:code>/tep/<int:pk>/", feedback_views.attachment, name="feedback_file"),
]
