from django.contrib import admin
from django.urls import include, path

from fupin.api.api import api
from fupin.reports import views as report_views

urlpatterns = [
    path("", report_views.home, name="home"),
    path("accounts/", include("fupin.accounts.urls")),
    path("regions/", include("fupin.regions.urls")),
    path("jobs/", include("fupin.jobs.urls")),
    path("registry/", include("fupin.registry.urls")),
    path("alerts/", include("fupin.alerts.urls")),
    path("assessment/", include("fupin.assessment.urls")),
    path("benefits/", include("fupin.benefits.urls")),
    path("reports/", include("fupin.reports.urls")),
    path("monitoring/", include("fupin.monitoring.urls")),
    path("standards/", include("fupin.standards.urls")),
    path("grid/", include("fupin.grid.urls")),
    path("visits/", include("fupin.visits.urls")),
    path("ledger/", include("fupin.ledger.urls")),
    path("projects/", include("fupin.projects.urls")),
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler403 = "fupin.core.views.permission_denied"
handler404 = "fupin.core.views.page_not_found"
handler500 = "fupin.core.views.server_error"
