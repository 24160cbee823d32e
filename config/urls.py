import importlib.util

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import auth as core_auth
from core import views as core_views
from ops import health, metrics

urlpatterns = [
    path("", core_views.home, name="home"),
    # Before django.contrib.auth.urls: our login (axes + TOTP) replaces Django's.
    path("cuenta/login/", core_auth.StaffLoginView.as_view(), name="login"),
    path("cuenta/dos-pasos/", core_auth.two_factor_setup, name="two_factor_setup"),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    # Probes and metrics for load balancers, orchestrators and Prometheus (ops/).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]

# Each app that has a urls module is mounted under its own prefix and namespace.
APP_PREFIXES = {
    "customers": "clientes/",
    "pqr": "pqr/",
    "sla": "sla/",
    "surveys": "encuestas/",
    "dashboards": "tableros/",
    "mailboxes": "buzones/",
}
for app, prefix in APP_PREFIXES.items():
    if app in settings.INSTALLED_APPS and importlib.util.find_spec(f"{app}.urls"):
        urlpatterns.append(path(prefix, include(f"{app}.urls", namespace=app)))

handler403 = core_views.forbidden
handler404 = core_views.not_found
handler500 = core_views.server_error
