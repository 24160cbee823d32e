from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views, views_customers, views_reports, views_write

v1 = [
    path("pqrs/", views.PqrList.as_view(), name="pqr_list"),
    path("pqrs/<str:radicado>/", views.PqrDetailView.as_view(), name="pqr_detail"),
    path(
        "pqrs/<str:radicado>/messages/",
        views_write.MessageCreate.as_view(),
        name="pqr_message_create",
    ),
    path(
        "pqrs/<str:radicado>/transitions/",
        views_write.TransitionCreate.as_view(),
        name="pqr_transition_create",
    ),
    path("status-lookup/", views_write.StatusLookup.as_view(), name="status_lookup"),
    path("customers/", views_customers.CustomerList.as_view(), name="customer_list"),
    path("customers/search/", views_customers.CustomerSearch.as_view(), name="customer_search"),
    path("customers/<int:pk>/", views_customers.CustomerDetail.as_view(), name="customer_detail"),
    path("reports/pqrs/", views_reports.PqrsReport.as_view(), name="report_pqrs"),
    path(
        "reports/information-requests/",
        views_reports.InformationReport.as_view(),
        name="report_information",
    ),
    path("surveys/results/", views_reports.SurveyResults.as_view(), name="survey_results"),
    path("calendar/due-date/", views_reports.DueDate.as_view(), name="due_date"),
]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
]
