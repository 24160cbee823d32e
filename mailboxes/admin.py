"""Mailboxes are configured here (Administrador role); the password is write-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import imap, services
from .models import InboundEmail, InboundStatus, Mailbox


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Contraseña o contraseña de aplicación"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Nunca se muestra. Déjela vacía para conservar la guardada. En Gmail y "
            "Office 365 use una contraseña de aplicación."
        ),
    )

    class Meta:
        model = Mailbox
        fields = (
            "name",
            "address",
            "host",
            "port",
            "security",
            "username",
            "folder",
            "processed_folder",
            "failed_folder",
            "plus_addressing",
            "team",
            "is_active",
        )

    def clean(self):
        data = super().clean()
        if not self.instance.password_encrypted and not data.get("password"):
            self.add_error("password", _("Escriba la contraseña del buzón."))
        return data


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ("name", "address", "host", "folder", "is_active", "last_polled_at", "status")
    readonly_fields = ("password_stored", "last_polled_at", "last_error", "last_error_at")
    actions = ("test_connection", "poll_now")

    @admin.display(description=_("contraseña guardada"), boolean=True)
    def password_stored(self, obj) -> bool:
        return bool(obj.password_encrypted)

    @admin.display(description=_("estado"))
    def status(self, obj) -> str:
        return obj.last_error[:80] if obj.last_error else _("Bien")

    def save_model(self, request, obj, form, change):
        services.mailbox_save(mailbox=obj, password=form.cleaned_data.get("password") or None)

    @admin.action(description=_("Probar la conexión"))
    def test_connection(self, request, queryset):
        for mailbox in queryset:
            try:
                with imap.connect(mailbox) as box:
                    count = len(imap.uids(box))
            except Exception as exc:  # shown to the administrator, never logged with the password
                self.message_user(
                    request, f"{mailbox.name}: {type(exc).__name__}: {exc}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(name)s: conexión correcta, %(n)s mensajes en la carpeta.")
                    % {"name": mailbox.name, "n": count},
                )

    @admin.action(description=_("Leer ahora"))
    def poll_now(self, request, queryset):
        for mailbox in queryset:
            try:
                result = services.mailbox_poll(mailbox_id=mailbox.pk)
            except Exception as exc:
                self.message_user(
                    request, f"{mailbox.name}: {type(exc).__name__}: {exc}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(name)s: %(n)s mensajes nuevos procesados.")
                    % {"name": mailbox.name, "n": result.processed},
                )


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ("id", "arrived_at", "mailbox", "sender", "subject", "status", "pqr", "eml")
    list_filter = ("status", "mailbox")
    search_fields = ("subject", "pqr__radicado", "message_id")
    exclude = ("raw",)
    readonly_fields = [f.name for f in InboundEmail._meta.fields if f.name != "raw"] + ["eml"]
    actions = ("process_again",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw").select_related("mailbox", "pqr")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of what arrived is kept

    @admin.display(description=_("original"))
    def eml(self, obj) -> str:
        return format_html('<a href="{}">.eml</a>', reverse("mailboxes:raw", args=[obj.pk]))

    @admin.action(description=_("Procesar de nuevo (guardados para revisión)"))
    def process_again(self, request, queryset):
        done = 0
        for row in queryset.filter(status=InboundStatus.QUARANTINED):
            try:
                services.inbound_retry(inbound=row)
            except ValidationError:
                continue
            if services.inbound_process(inbound_id=row.pk) is not None:
                done += 1
        self.message_user(request, _("%(n)s correos procesados de nuevo.") % {"n": done})
