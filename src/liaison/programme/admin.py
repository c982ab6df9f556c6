"""The programme in the admin (fallback UI)."""

from __future__ import annotations

from django.contrib import admin

from liaison.core.admin import I18N_FORMFIELD_OVERRIDES

from .models import AgendaItem


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "room", "area", "online"]
    list_filter = ["event", "kind", "online"]
    list_select_related = ["event", "area"]
    search_fields = ["event__slug", "area__slug"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event", "area", "people"]
