from django.contrib import admin

from .models import (
    MomentOfTruth,
    Pqr,
    PqrAttachment,
    PqrEvent,
    PqrMessage,
    PqrType,
    ProtocolStep,
    RadicadoCounter,
    RootCause,
    Team,
)


@admin.register(PqrType)
class PqrTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "requires_protocol", "is_active", "order")
    list_editable = ("is_active", "order")


@admin.register(MomentOfTruth)
class MomentOfTruthAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active")
    filter_horizontal = ("members", "supervisors")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = PqrEvent
    fields = ("created_at", "kind", "field", "old_value", "new_value", "note", "actor")
    readonly_fields = fields


class StepInline(ReadOnlyInline):
    model = ProtocolStep
    fields = ("step", "note", "not_applicable", "justification", "compensation_kind", "recorded_by")
    readonly_fields = fields


@admin.register(Pqr)
class PqrAdmin(admin.ModelAdmin):
    """Read-mostly: status and history change only through the services (the staff pages)."""

    list_display = ("radicado", "pqr_type", "channel", "status", "team", "assigned_to", "due_at")
    list_filter = ("status", "pqr_type", "channel", "priority", "needs_supervisor", "team")
    search_fields = ("radicado", "subject")
    list_select_related = ("pqr_type", "team", "assigned_to")
    raw_id_fields = ("customer", "assigned_to", "created_by")
    readonly_fields = (
        "radicado",
        "status",
        "created_at",
        "updated_at",
        "resolved_at",
        "closed_at",
        "first_responded_at",
    )
    inlines = [StepInline, EventInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # Every column is a legal fact or derived from one (received_at, filed_on, the
        # due dates, on-time flags, pqr_type, verbal_constancia...): the admin shows them,
        # and changes go through the services, which audit and recompute.
        return [f.name for f in self.model._meta.concrete_fields]

    def has_add_permission(self, request):
        return False  # intake goes through pqr_create (radicado, events, SLA)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PqrEvent)
class PqrEventAdmin(admin.ModelAdmin):
    list_display = ("pqr", "kind", "field", "created_at", "actor")
    list_filter = ("kind",)
    raw_id_fields = ("pqr", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PqrMessage)
class PqrMessageAdmin(admin.ModelAdmin):
    list_display = ("pqr", "kind", "author", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("pqr", "author")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PqrAttachment)
class PqrAttachmentAdmin(admin.ModelAdmin):
    list_display = ("filename", "pqr", "content_type", "size", "created_at")
    raw_id_fields = ("pqr", "message", "uploaded_by")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProtocolStep)
class ProtocolStepAdmin(admin.ModelAdmin):
    list_display = ("pqr", "step", "not_applicable", "compensation_kind", "recorded_at")
    raw_id_fields = ("pqr", "recorded_by")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RadicadoCounter)
class RadicadoCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last_number")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
