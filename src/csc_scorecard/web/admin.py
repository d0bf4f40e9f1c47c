"""Django's admin for admins: users and profiles editable; the audit log read-only, never deleted."""

from django.contrib import admin

from .models import AuditEntry, Commentary, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "team", "approver")
    list_filter = ("role", "approver")


@admin.register(AuditEntry)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "role", "team", "page", "indicator", "period", "children", "file")
    list_filter = ("page", "role")
    search_fields = ("username", "indicator", "period")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period", "la", "status", "author", "approved_by")
    list_filter = ("status", "period")
