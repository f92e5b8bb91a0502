from django.urls import path

from motcua.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.search, name="search"),
    path("thu-tuc/bo-loc/<str:name>/", views.search_options, name="search_options"),
    path("thu-tuc/<str:code>/", views.detail, name="detail"),
    path("danh-muc/chat-luong/", views.quality_report, name="quality"),
]
