"""The programme in the admin (superusers only); writes go through the programme services."""

from __future__ import annotations

from django.contrib import admin

from liaison.core.admin import ServiceAdmin

from . import services
from .models import AgendaItem


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceAdmin):
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "room", "area", "online"]
    list_filter = ["event", "kind", "online"]
    list_select_related = ["event", "area"]
    search_fields = ["event__slug", "area__slug"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event", "area"]
    exclude = ["jitsi_room"]

    def service_create(self, request, data):
        event = data.pop("event")
        return services.create_item(event, actor=request.user, **data)

    def service_update(self, request, original, changes):
        changes.pop("event", None)
        changes.pop("people", None)
        services.update_item(original, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.delete_item(obj, actor=request.user)
