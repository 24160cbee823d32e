from django.urls import include, path

from . import views
from .views import identity as views_identity

app_name = "pqr"

urlpatterns = [
    # The public side (filing form, status lookup) under the same prefix and namespace,
    # first: the busiest URLs of the site resolve without trying the staff ones (no
    # pattern of either side matches a path of the other).
    path("", include("pqr.public.urls")),
    path("", views.queue, name="queue"),
    path("exportar.<str:fmt>", views.queue_export, name="queue_export"),
    path("nueva/", views.create, name="create"),
    path("nueva/clientes/", views.customer_lookup, name="customer_lookup"),
    path("nueva/cliente/", views.customer_summary, name="customer_summary"),
    path("nueva/plazo/", views.term_preview, name="term_preview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mensajes/", views.message_add, name="message_add"),
    path("<int:pk>/protocolo/", views.protocol_step, name="protocol_step"),
    path("<int:pk>/asignar/", views.assign, name="assign"),
    path("<int:pk>/estado/<slug:action>/", views.transition, name="transition"),
    path("<int:pk>/ira/", views.anger, name="anger"),
    path("<int:pk>/etiqueta/", views.tag, name="tag"),
    path("<int:pk>/identidad/confirmar/", views_identity.identity_confirm, name="identity_confirm"),
    path("<int:pk>/identidad/rechazar/", views_identity.identity_reject, name="identity_reject"),
    path("adjuntos/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/responder/", views.answer, name="answer"),
    path("<int:pk>/responder/plantilla/", views.answer_template_fill, name="answer_template_fill"),
    path("<int:pk>/responder/vista-previa/", views.answer_preview, name="answer_preview"),
    path("<int:pk>/asignarme/", views.assign_me, name="assign_me"),
    path("<int:pk>/prorroga/", views.extension, name="extension"),
    path("<int:pk>/reclasificar/", views.reclassify, name="reclassify"),
    path("<int:pk>/silencio/", views.silence_recognize, name="silence_recognize"),
    path("<int:pk>/negar-acceso/", views.access_deny, name="access_deny"),
    path("<int:pk>/correccion/", views.correction_received, name="correction_received"),
    path("<int:pk>/recursos/", views.recurso_file, name="recurso_file"),
    path("<int:pk>/recursos/<int:recurso_id>/", views.recurso_step, name="recurso_step"),
    path("<int:pk>/completar/prorroga/", views.completion_extend, name="completion_extend"),
    path("oficios/<int:pk>/", views.letter_download, name="letter"),
    path(
        "notificaciones/<int:pk>/entregada/",
        views.notification_delivered,
        name="notification_delivered",
    ),
    path(
        "notificaciones/<int:pk>/devuelta/",
        views.notification_returned,
        name="notification_returned",
    ),
    path(
        "notificaciones/<int:pk>/soporte/",
        views.notification_evidence,
        name="notification_evidence",
    ),
    path(
        "notificaciones/<int:pk>/soporte/descargar/",
        views.notification_evidence_download,
        name="notification_evidence_download",
    ),
    path(
        "notificaciones/<int:pk>/otro-canal/",
        views.notification_renotify,
        name="notification_renotify",
    ),
    path("correos-fallidos/", views.failed_emails, name="failed_emails"),
    path(
        "correos-fallidos/<int:pk>/reintentar/",
        views.failed_email_retry,
        name="failed_email_retry",
    ),
    path(
        "correos-fallidos/<int:pk>/otro-canal/",
        views.failed_email_other_channel,
        name="failed_email_other_channel",
    ),
    path("respuestas-tipo/", views.answer_templates, name="answer_templates"),
    path("respuestas-tipo/nueva/", views.answer_template_edit, name="answer_template_create"),
    path("respuestas-tipo/<int:pk>/", views.answer_template_edit, name="answer_template_edit"),
]
