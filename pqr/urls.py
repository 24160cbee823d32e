from django.urls import include, path

from . import views

app_name = "pqr"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("nueva/", views.create, name="create"),
    path("nueva/clientes/", views.customer_lookup, name="customer_lookup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mensajes/", views.message_add, name="message_add"),
    path("<int:pk>/protocolo/", views.protocol_step, name="protocol_step"),
    path("<int:pk>/asignar/", views.assign, name="assign"),
    path("<int:pk>/estado/<slug:action>/", views.transition, name="transition"),
    path("<int:pk>/ira/", views.anger, name="anger"),
    path("<int:pk>/etiqueta/", views.tag, name="tag"),
    path("adjuntos/<int:pk>/", views.attachment_download, name="attachment"),
]

# The public side (filing form, status lookup) under the same prefix and namespace.
urlpatterns.append(path("", include("pqr.public.urls")))
