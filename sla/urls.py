from django.urls import path

from sla import views

app_name = "sla"
urlpatterns = [
    path("notificaciones/", views.notifications, name="notifications"),
    path("notificaciones/leer/", views.notifications_mark_read, name="notifications_read"),
    path("notificaciones/preferencias/", views.alert_preferences, name="alert_preferences"),
    path("calendario/", views.calendar, name="calendar"),
    path("calendario/dias/<int:pk>/quitar/", views.calendar_day_remove, name="calendar_day_remove"),
    path("politicas/", views.policies, name="policies"),
    path("politicas/nueva/", views.policy_edit, name="policy_create"),
    path("politicas/<int:pk>/", views.policy_edit, name="policy_edit"),
    path("politicas/<int:pk>/mover/", views.policy_move, name="policy_move"),
    path("politicas/<int:pk>/activa/", views.policy_toggle, name="policy_toggle"),
    path("terminos/", views.legal_terms, name="legal_terms"),
    path("terminos/<int:pk>/", views.legal_term_edit, name="legal_term_edit"),
    path("organizacion/", views.organization_settings, name="organization"),
]
