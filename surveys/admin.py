import io

import segno
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import PointOfService, RecoveryCase, SatisfactionSurvey, SurveyResponse


def general_form_url(point: PointOfService | None = None) -> str:
    url = settings.SITE_URL.rstrip("/") + reverse("surveys:public_general")
    return f"{url}?punto={point.pk}" if point is not None else url


@admin.register(PointOfService)
class PointOfServiceAdmin(admin.ModelAdmin):
    change_list_template = "surveys/admin_pos_change_list.html"
    list_display = ["name", "is_active", "order", "poster_links"]
    list_editable = ["is_active", "order"]
    search_fields = ["name"]

    @admin.display(description=_("Cartel con código QR"))
    def poster_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">PNG</a>',
            reverse("admin:surveys_poster", args=[obj.pk]),
            _("Cartel para imprimir"),
            reverse("admin:surveys_qr_png", args=[obj.pk]),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("cartel/", view(self.poster_view), name="surveys_poster_general"),
            path("cartel/<int:pk>/", view(self.poster_view), name="surveys_poster"),
            path("qr/general.png", view(self.qr_png_view), name="surveys_qr_png_general"),
            path("qr/<int:pk>.png", view(self.qr_png_view), name="surveys_qr_png"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "general_poster_url": reverse("admin:surveys_poster_general"),
        }
        return super().changelist_view(request, extra_context)

    def _point(self, pk):
        return get_object_or_404(PointOfService, pk=pk) if pk is not None else None

    def poster_view(self, request, pk=None):
        point = self._point(pk)
        url = general_form_url(point)
        qr = segno.make(url, error="m")
        context = {
            **self.admin_site.each_context(request),
            "point": point,
            "url": url,
            "qr_svg": mark_safe(  # noqa: S308 - segno output, URL is ours
                qr.svg_inline(scale=8, border=2, title=str(_("Califique nuestro servicio")))
            ),
            "png_url": reverse("admin:surveys_qr_png", args=[pk])
            if pk
            else reverse("admin:surveys_qr_png_general"),
        }
        return TemplateResponse(request, "surveys/poster.html", context)

    def qr_png_view(self, request, pk=None):
        buffer = io.BytesIO()
        segno.make(general_form_url(self._point(pk)), error="m").save(
            buffer, kind="png", scale=12, border=2
        )
        response = HttpResponse(buffer.getvalue(), content_type="image/png")
        response["Content-Disposition"] = 'attachment; filename="califique-nuestro-servicio.png"'
        return response


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(admin.ModelAdmin):
    list_display = ["pk", "source", "status", "customer", "sent_at", "expires_at"]
    list_filter = ["source", "status"]
    raw_id_fields = ["customer"]

    def get_readonly_fields(self, request, obj=None):
        # Status, dates and token are the survey's history: services write them.
        return [f.name for f in self.model._meta.concrete_fields]

    def has_add_permission(self, request):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "score", "point_of_service", "answered_at"]
    list_filter = ["score", "point_of_service"]
    raw_id_fields = ["survey"]

    def get_readonly_fields(self, request, obj=None):
        # A customer's answer is a record: scores and comment are never rewritten here.
        return [f.name for f in self.model._meta.concrete_fields]


@admin.register(RecoveryCase)
class RecoveryCaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "score", "status", "assigned_to", "created_at", "closed_at"]
    list_filter = ["status", "outcome"]
    raw_id_fields = ["survey", "customer"]
