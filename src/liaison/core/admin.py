"""The audit log in the admin: readable, never editable."""

from __future__ import annotations

from django.contrib import admin
from i18nfield.fields import I18nCharField, I18nTextField
from i18nfield.forms import I18nTextarea, I18nTextInput

from .models import AuditEntry

# The admin would give these JSON text fields its plain textarea; one input per language.
I18N_FORMFIELD_OVERRIDES = {
    I18nCharField: {"widget": I18nTextInput},
    I18nTextField: {"widget": I18nTextarea},
}


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor"]
    search_fields = ["action", "object_type", "object_id", "summary"]
    date_hierarchy = "at"
    readonly_fields = ["at", "action", "actor", "object_type", "object_id", "summary", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
