from django.contrib import admin
from django.urls import include, path

from naker.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("naker.accounts.urls")),
    path("", include("naker.outreach.urls")),
    path("", include("naker.insights.urls")),
    path("organisasi/", include("naker.organizations.urls")),
    path("", include("naker.learning.urls")),
    path("", include("naker.credentials.urls")),
    path("", include("naker.jobs.urls")),
    path("", include("naker.credentials.certification.urls")),
    path("", include("naker.jobs.matching.urls")),
    path("", include("naker.core.urls")),
]

handler400 = "naker.core.pages.bad_request"
handler403 = "naker.core.pages.permission_denied"
handler404 = "naker.core.pages.page_not_found"
handler500 = "naker.core.pages.server_error"
