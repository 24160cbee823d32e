from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.public_general, name="public_general"),
    path("gracias/", views.general_thanks, name="general_thanks"),
    path("c/<str:signed>/", views.score_click, name="score"),
    path("s/<str:token>/", views.public_survey, name="public_survey"),
    path("resultados/", views.results, name="results"),
    path("resultados.csv", views.results_csv, name="results_csv"),
    path("recuperacion/<int:pk>/", views.recovery_detail, name="recovery_detail"),
]
