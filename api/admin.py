"""Administrators create and revoke API keys here; the raw key is shown once."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from pqr.models import Team

from .models import ApiKey, Scope
from .services import api_key_create, api_key_revoke


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
