"""URL configuration: pages, the API under /api/v1, the admin."""

from django.contrib import admin
from django.urls import include, path

from samen.api import api
from samen.ops.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("samen.web.urls")),
]
