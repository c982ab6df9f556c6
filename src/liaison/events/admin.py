"""The admin: a fallback for organisers and staff; the console is the main interface.

Search covers slugs and Latin-letter fields: multilingual fields are stored as JSON with
non-ASCII characters escaped, so a search for 成都 would not find them.
"""

from __future__ import annotations

from django.contrib import admin

from liaison.core.admin import I18N_FORMFIELD_OVERRIDES

from .models import CooperationArea, Delegation, Event, Organisation, Person, Role


class DelegationInline(admin.TabularInline):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    model = Delegation
    extra = 0
    fields = ["code", "name", "country", "position"]


class CooperationAreaInline(admin.TabularInline):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    model = CooperationArea
    extra = 0
    fields = ["slug", "name", "position"]


class RoleInline(admin.TabularInline):
    """Read-only list of who holds which role; roles are edited one by one (RoleAdmin),
    which keeps a 200-delegate event's page to a handful of queries."""

    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    model = Role
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["person", "kind", "delegation", "mode"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "delegation")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = ["slug", "title", "starts_at", "timezone", "status", "default_language"]
    list_filter = ["status", "default_language"]
    search_fields = ["slug"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["hosts", "supporters", "organisers"]
    inlines = [DelegationInline, CooperationAreaInline, RoleInline]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = ["slug", "name", "short_name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "short_name", "website"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = ["code", "name", "event", "country", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["code", "event__slug"]


@admin.register(CooperationArea)
class CooperationAreaAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = ["slug", "name", "event", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["slug", "event__slug"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = [
        "__str__",
        "family_name",
        "given_name",
        "organisation",
        "email",
        "preferred_language",
    ]
    list_filter = ["preferred_language", "latin_order", "organisation__country"]
    list_select_related = ["organisation"]
    search_fields = [
        "family_name",
        "given_name",
        "family_name_latin",
        "given_name_latin",
        "email",
        "organisation__slug",
    ]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_at"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    formfield_overrides = I18N_FORMFIELD_OVERRIDES
    list_display = ["person", "kind", "event", "delegation", "mode", "position"]
    list_filter = ["event", "kind", "mode", "delegation__code"]
    list_select_related = ["person", "event", "delegation"]
    search_fields = [
        "person__family_name",
        "person__given_name",
        "person__family_name_latin",
        "person__given_name_latin",
        "person__email",
    ]
    autocomplete_fields = ["person", "event", "delegation"]
    filter_horizontal = ["areas"]
