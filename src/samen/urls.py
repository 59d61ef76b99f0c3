"""URL configuration: pages, the API under /api/v1, the admin."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from samen.api import api
from samen.ops.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on a page that names no icon (an API answer, the admin): the pages' own icon.
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg")), name="favicon"),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("samen.web.urls")),
]
