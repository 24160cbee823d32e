"""Administrators create and revoke API keys here; the raw key is shown once."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pqr.models import Team

from .models import ApiKey, Scope, WebhookDelivery, WebhookEndpoint, WebhookEvent
from .services import api_key_create, api_key_revoke, webhook_url_validate
from .webhooks import secret_generate, webhook_delivery_retry


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("permisos"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("equipos"), queryset=Team.objects.filter(is_active=True)
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "teams", "rate_per_minute"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scopes", "teams", "rate_per_minute"]
        return ["name", "scopes", "teams", "rate_per_minute", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["scopes", "teams"] if obj else [])

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name", "rate_per_minute"])
            return
        key, raw = api_key_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            teams=form.cleaned_data["teams"],
        )
        if form.cleaned_data.get("rate_per_minute"):
            key.rate_per_minute = form.cleaned_data["rate_per_minute"]
            key.save(update_fields=["rate_per_minute"])
        form.instance = obj = key
        obj.pk = key.pk
        self.message_user(
            request,
            _("Copie la llave ahora; no se volverá a mostrar: %(key)s") % {"key": raw},
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Revocar las llaves seleccionadas"))
    def revoke(self, request, queryset):
        for key in queryset:
            api_key_revoke(actor=request.user, key=key)
        self.message_user(request, _("Llaves revocadas."), messages.SUCCESS)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("eventos"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "teams", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            webhook_url_validate(url)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "events", "is_active", "created_at"]
    readonly_fields = ["secret_shown"]

    @admin.display(description=_("secreto de firma"))
    def secret_shown(self, obj) -> str:
        return obj.secret if obj and obj.pk else _("Se genera al guardar.")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = secret_generate()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "delivery_id",
        "event",
        "endpoint",
        "created_at",
        "attempts",
        "last_status_code",
        "delivered_at",
        "failed_at",
        "next_attempt_at",
    ]
    list_filter = [
        "event",
        "endpoint",
        ("delivered_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["delivery_id"]
    actions = ["retry"]
    list_select_related = ["endpoint"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Reintentar ahora las entregas seleccionadas"))
    def retry(self, request, queryset):
        count = 0
        for delivery in queryset.filter(delivered_at__isnull=True):
            webhook_delivery_retry(delivery=delivery)
            count += 1
        self.message_user(
            request, _("%(n)s entregas en cola de nuevo.") % {"n": count}, messages.SUCCESS
        )
