from django.urls import path

from . import views, views_analytics, views_reports, views_scorecard

app_name = "dashboards"

urlpatterns = [
    path("", views.sla, name="sla"),
    path("carga/", views.workload, name="workload"),
    path("carga/reasignar/", views.reassign, name="reassign"),
    path("carga/reasignar-en-bloque/", views.reassign_bulk, name="reassign_bulk"),
    path("satisfaccion/", views_analytics.satisfaction, name="satisfaction"),
    path("causas/", views_analytics.causes, name="causes"),
    path("desempeno/", views_scorecard.scorecard, name="scorecard"),
    path("informes/pqrs/", views_reports.report_pqrs, name="report_pqrs"),
    path("informes/informacion/", views_reports.report_information, name="report_information"),
]
