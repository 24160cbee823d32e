from django.urls import path

from . import views

app_name = "mailboxes"
urlpatterns = [
    path("correos/<int:pk>/eml/", views.inbound_raw, name="raw"),
    path("retenidos/", views.held_messages, name="held"),
    path("retenidos/<int:pk>/procesar/", views.held_message_retry, name="held_retry"),
]
