from django.urls import path

from motcua.catalogue.api import views

urlpatterns = [
    path("procedures", views.ProcedureList.as_view(), name="procedure-list"),
    path("procedures/<str:code>", views.ProcedureDetail.as_view(), name="procedure-detail"),
    path("fields", views.FieldList.as_view(), name="field-list"),
    path("catalogue/quality", views.QualityReport.as_view(), name="catalogue-quality"),
]
