"""The seminar record in the admin (superusers only; the console is the main interface).
Writes go through ``liaison.events.services``; search uses the normalised search documents,
so Chinese and Japanese names and titles are found."""

from __future__ import annotations

from django.contrib import admin

from liaison.core.admin import ServiceAdmin
from liaison.search import index as search_index

from . import services
from .models import CooperationArea, Delegation, Event, Organisation, Person, Role, TeamMember


class IndexedSearchMixin:
    """Admin search through the search documents (all languages, both scripts)."""

    def get_search_results(self, request, queryset, search_term):
        return search_index.search(queryset, search_term), False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False


class DelegationInline(ReadOnlyInline):
    model = Delegation
    fields = readonly_fields = ["code", "name", "country", "position"]


class CooperationAreaInline(ReadOnlyInline):
    model = CooperationArea
    fields = readonly_fields = ["slug", "name", "position"]


class TeamInline(ReadOnlyInline):
    model = TeamMember
    fields = readonly_fields = ["user", "role", "added_at"]


@admin.register(Event)
class EventAdmin(IndexedSearchMixin, ServiceAdmin):
    list_display = ["slug", "title", "starts_at", "timezone", "status", "default_language"]
    list_filter = ["status", "default_language"]
    search_fields = ["slug"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["hosts", "supporters", "organisations"]
    inlines = [DelegationInline, CooperationAreaInline, TeamInline]
    readonly_fields = ["created_at", "updated_at"]

    def validate(self, request, original, data):
        if original is None and data.get("slug"):
            services.validate_event_slug(data["slug"])

    def service_create(self, request, data):
        data.pop("organisations", None)
        return services.create_event(actor=request.user, **data)

    def service_update(self, request, original, changes):
        changes.pop("slug", None)
        organisations = changes.pop("organisations", None)
        services.update_event(original, actor=request.user, **changes)
        for organisation in organisations or ():
            services.add_organisation_to_event(original, organisation, actor=request.user)

    def service_delete(self, request, obj):
        services.delete_event(obj, actor=request.user)


@admin.register(Organisation)
class OrganisationAdmin(IndexedSearchMixin, ServiceAdmin):
    list_display = ["slug", "name", "short_name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["slug"]

    def service_create(self, request, data):
        return services.create_organisation(actor=request.user, **data)

    def service_update(self, request, original, changes):
        services.update_organisation(original, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.delete_organisation(obj, actor=request.user)


@admin.register(Delegation)
class DelegationAdmin(ServiceAdmin):
    list_display = ["code", "name", "event", "country", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["code", "event__slug"]

    def service_create(self, request, data):
        event = data.pop("event")
        return services.add_delegation(
            event, data.pop("code"), data.pop("name"), actor=request.user, **data
        )

    def service_update(self, request, original, changes):
        changes.pop("event", None)
        services.update_delegation(original, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.delete_delegation(obj, actor=request.user)


@admin.register(CooperationArea)
class CooperationAreaAdmin(ServiceAdmin):
    list_display = ["slug", "name", "event", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["slug", "event__slug"]

    def service_create(self, request, data):
        event = data.pop("event")
        return services.add_area(
            event, data.pop("slug"), data.pop("name"), actor=request.user, **data
        )

    def service_update(self, request, original, changes):
        changes.pop("event", None)
        services.update_area(original, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.delete_area(obj, actor=request.user)


@admin.register(Person)
class PersonAdmin(IndexedSearchMixin, ServiceAdmin):
    list_display = ["__str__", "family_name", "given_name", "organisation", "email", "user"]
    list_filter = ["preferred_language", "latin_order", "organisation__country"]
    list_select_related = ["organisation", "user"]
    search_fields = ["email"]
    autocomplete_fields = ["organisation", "user"]
    readonly_fields = ["created_at"]

    def service_create(self, request, data):
        return services.create_person(actor=request.user, **data)

    def service_update(self, request, original, changes):
        services.update_person(original, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.delete_person(obj, actor=request.user)


@admin.register(Role)
class RoleAdmin(ServiceAdmin):
    list_display = ["person", "kind", "event", "delegation", "mode", "position"]
    list_filter = ["event", "kind", "mode", "delegation__code"]
    list_select_related = ["person", "event", "delegation"]
    search_fields = ["person__email"]
    autocomplete_fields = ["person", "event", "delegation"]
    filter_horizontal = ["areas"]

    def get_search_results(self, request, queryset, search_term):
        people = search_index.matching_ids("person", search_term)
        return queryset.filter(person__in=people) if search_term else queryset, False

    def service_create(self, request, data):
        return services.add_role(
            data["event"],
            data["person"],
            data["kind"],
            delegation=data.get("delegation"),
            mode=data.get("mode") or Role.Mode.ONSITE,
            areas=data.get("areas") or (),
            position=data.get("position") or 0,
            actor=request.user,
        )

    def service_update(self, request, original, changes):
        changes.pop("event", None)
        changes.pop("person", None)
        areas = changes.pop("areas", None)
        services.update_role(original, actor=request.user, areas=areas, **changes)

    def service_delete(self, request, obj):
        services.remove_role(obj, actor=request.user)


@admin.register(TeamMember)
class TeamMemberAdmin(ServiceAdmin):
    list_display = ["event", "user", "role", "added_at"]
    list_filter = ["role", "event"]
    list_select_related = ["event", "user"]
    autocomplete_fields = ["event", "user"]

    def service_create(self, request, data):
        return services.add_team_member(
            data["event"], data["user"], data["role"], actor=request.user
        )

    def service_update(self, request, original, changes):
        services.remove_team_member(original, actor=request.user)
        self.create(
            request,
            {
                "event": changes.get("event", original.event),
                "user": changes.get("user", original.user),
                "role": changes.get("role", original.role),
            },
        )

    def service_delete(self, request, obj):
        services.remove_team_member(obj, actor=request.user)
