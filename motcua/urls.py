from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from motcua.assistant.views import Ask as AssistantAsk
from motcua.exchange.api import InboundDossier as PortalInbound
from motcua.exchange.api import PublishedCatalogue

admin.site.site_header = "Quản trị motcua"
admin.site.site_title = "Quản trị motcua"
admin.site.index_title = "Quản trị hệ thống"
# The front page adds the catalogue's record-quality counts (catalogue/templates/admin/catalogue/).
admin.site.index_template = "admin/catalogue/index.html"

api_v1 = [
    path("", include("motcua.catalogue.api.urls")),
    path("", include("motcua.units.api.urls")),
    path("", include("motcua.eforms.api.urls")),
    path("", include("motcua.dossiers.api.urls")),
    path("", include("motcua.workflow.api.urls")),
    path("", include("motcua.payments.api.urls")),
    path("", include("motcua.engagement.api.urls")),
    path("", include("motcua.indicators.api.urls")),
    path("assistant/ask", AssistantAsk.as_view(), name="assistant-ask"),
    path("national-portal/dossiers", PortalInbound.as_view(), name="national-portal-dossiers"),
    path("national-portal/catalogue", PublishedCatalogue.as_view(), name="national-portal-catalogue"),
]

urlpatterns = [
    path("", include("motcua.core.urls")),
    path("", include("motcua.catalogue.urls")),
    path("co-quan/", include("motcua.units.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("kho-du-lieu/", include("motcua.documents.urls")),
    path("", include("motcua.engagement.urls")),
    path("", include("motcua.assistant.urls")),
    path("mot-cua/", include("motcua.workflow.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("", include("motcua.indicators.urls")),
    path("", include("motcua.dossiers.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # The split view serves its start-up script as a file, so the page keeps a strict CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
