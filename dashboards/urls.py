from django.urls import path

from core.replica import use_replica

from . import views, views_analytics, views_reports

app_name = "dashboards"

# The read-only pages (and the reports' exports) may read from the replica
# (core/replica.py); the reassignment (a write) stays on the primary.
urlpatterns = [
    path("", use_replica()(views.sla), name="sla"),
    path("carga/", use_replica()(views.workload), name="workload"),
    path("carga/reasignar/", views.reassign, name="reassign"),
    path("satisfaccion/", use_replica()(views_analytics.satisfaction), name="satisfaction"),
    path("causas/", use_replica()(views_analytics.causes), name="causes"),
    path("informes/pqrs/", use_replica()(views_reports.report_pqrs), name="report_pqrs"),
    path(
        "informes/informacion/",
        use_replica()(views_reports.report_information),
        name="report_information",
    ),
]
