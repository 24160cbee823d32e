from django.urls import path

from sla import views

app_name = "sla"
urlpatterns = [
    path("notificaciones/", views.notifications, name="notifications"),
    path("notificaciones/leer/", views.notifications_mark_read, name="notifications_read"),
    path("pqr/<int:pk>/prorroga/", views.extension, name="extension"),
    path("calendario/", views.calendar, name="calendar"),
    path("politicas/", views.policies, name="policies"),
]
