from django.urls import path

from . import views

# Mounted by pqr/urls.py inside the "pqr" namespace.
urlpatterns = [
    path("radicar/", views.public_create, name="public_create"),
    path("radicar/recibida/", views.public_success, name="public_success"),
    path("consulta/", views.public_lookup, name="public_lookup"),
    path("consulta/estado/", views.public_status, name="public_status"),
    path("consulta/responder/", views.public_reply, name="public_reply"),
    path("consulta/salir/", views.public_lookup_exit, name="public_lookup_exit"),
    path("consulta/adjuntos/<str:token>/", views.public_attachment, name="public_attachment"),
    path("consulta/oficios/<str:token>/", views.public_letter, name="public_letter"),
    path("avisos/", views.public_notices, name="public_notices"),
]
