from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("thu-tuc/<str:code>/nop-ho-so/", views.start, name="start"),
    path("ho-so/", views.mine, name="mine"),
    path("ho-so/nhap/<uuid:public_id>/", views.draft, name="draft"),
    path("ho-so/<str:code>/", views.detail, name="detail"),
    path("ho-so/<str:code>/bien-nhan/", views.receipt, name="receipt"),
    path("ho-so/<str:code>/rut/", views.withdraw, name="withdraw"),
    path("ho-so/<str:code>/thoi-rut/", views.cancel_withdrawal, name="cancel_withdrawal"),
    path("ho-so/<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so/<str:code>/tep/<int:pk>/", views.dossier_file, name="file"),
    path("tra-cuu-ho-so/", views.lookup, name="lookup"),
]
