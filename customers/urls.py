from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.search, name="search"),
    path("lista/", views.customer_list, name="list"),
    path("nuevo/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/editar/", views.edit, name="edit"),
    path("<int:pk>/etiquetas/", views.tag_assign, name="tag_assign"),
    path("<int:pk>/etiquetas/<int:assignment_pk>/retirar/", views.tag_remove, name="tag_remove"),
    path("<int:pk>/autorizacion/revocar/", views.consent_revoke, name="consent_revoke"),
    path("<int:pk>/autorizacion/registrar/", views.consent_grant, name="consent_grant"),
    path("<int:pk>/fusionar/", views.merge, name="merge"),
    path("<int:pk>/anonimizar/", views.anonymise, name="anonymise"),
    path("<int:pk>/exportar.<str:fmt>", views.export, name="export"),
]
