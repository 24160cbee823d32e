from django.urls import path

from core.replica import use_replica

from . import views, views_analytics, views_reports, views_scorecard, views_subscriptions

app_name = "dashboards"

# The read-only pages (and the reports' exports) may read from the replica
# (core/replica.py); the reassignments (writes) stay on the primary.
urlpatterns = [
    path("", use_replica()(views.sla), name="sla"),
    path("carga/", use_replica()(views.workload), name="workload"),
    path("carga/reasignar/", views.reassign, name="reassign"),
    path("carga/reasignar-en-bloque/", views.reassign_bulk, name="reassign_bulk"),
    path("satisfaccion/", use_replica()(views_analytics.satisfaction), name="satisfaction"),
    path("causas/", use_replica()(views_analytics.causes), name="causes"),
    path("desempeno/", use_replica()(views_scorecard.scorecard), name="scorecard"),
    path("informes/pqrs/", use_replica()(views_reports.report_pqrs), name="report_pqrs"),
    path(
        "informes/informacion/",
        use_replica()(views_reports.report_information),
        name="report_information",
    ),
    path(
        "informes/programados/",
        views_subscriptions.subscription_list,
        name="subscriptions",
    ),
    path(
        "informes/programados/<int:pk>/pausar/",
        views_subscriptions.subscription_toggle,
        name="subscription_toggle",
    ),
    path(
        "informes/programados/<int:pk>/eliminar/",
        views_subscriptions.subscription_delete,
        name="subscription_delete",
    ),
    path(
        "informes/programados/envios/<int:pk>/reintentar/",
        views_subscriptions.delivery_retry,
        name="delivery_retry",
    ),
]
