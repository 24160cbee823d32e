from django.urls import path

from . import views

app_name = "mailboxes"
urlpatterns = [
    path("correos/<int:pk>/eml/", views.inbound_raw, name="raw"),
]
