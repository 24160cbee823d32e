from django.contrib import admin

from .models import ConsentRecord, Customer, CustomerAudit, CustomerTagAssignment, DifficultyTag


class TagInline(admin.TabularInline):
    model = CustomerTagAssignment
    fk_name = "customer"
    extra = 0
    raw_id_fields = ("assigned_by", "removed_by")


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    raw_id_fields = ("recorded_by", "revoked_by")


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("full_name", "document_type", "document_number", "city", "is_active")
    list_filter = ("document_type", "person_type", "is_active")
    search_fields = ("=document_number", "full_name", "=email")
    raw_id_fields = ("created_by",)
    inlines = [TagInline, ConsentInline]
    show_full_result_count = False


@admin.register(DifficultyTag)
class DifficultyTagAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CustomerTagAssignment)
class CustomerTagAssignmentAdmin(admin.ModelAdmin):
    list_display = ("customer", "tag", "assigned_at", "assigned_by", "removed_at")
    list_filter = ("tag",)
    raw_id_fields = ("customer", "assigned_by", "removed_by")
    list_select_related = ("customer", "tag", "assigned_by")


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("customer", "policy_version", "channel", "given_at", "revoked_at")
    list_filter = ("channel", "policy_version")
    raw_id_fields = ("customer", "recorded_by", "revoked_by")
    list_select_related = ("customer",)


@admin.register(CustomerAudit)
class CustomerAuditAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("action", "customer", "other_customer_id", "actor", "created_at")
    list_filter = ("action",)
    list_select_related = ("customer", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
