"""The Django admin: for superusers only (it spans every event), and every change it makes
goes through the services, so it is validated and audited like the console's."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from i18nfield.fields import I18nCharField, I18nTextField
from i18nfield.forms import I18nTextarea, I18nTextInput

from liaison.events.rules import can_use_admin

from .models import AuditEntry

# The admin would give these JSON text fields its plain textarea; one input per language.
I18N_FORMFIELD_OVERRIDES = {
    I18nCharField: {"widget": I18nTextInput},
    I18nTextField: {"widget": I18nTextarea},
}

# Superusers only, whatever Django's staff flag says.
admin.site.has_permission = lambda request: can_use_admin(request.user)


class ServiceAdmin(admin.ModelAdmin):
    """A model admin whose writes call the app's services.

    Subclasses implement ``service_create(request, data)`` (returns the new object),
    ``service_update(request, original, changes)`` and ``service_delete(request, obj)``;
    many-to-many fields travel in ``data``/``changes`` so that no write bypasses the service.
    """

    formfield_overrides = I18N_FORMFIELD_OVERRIDES

    def service_create(self, request, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def service_update(self, request, original, changes):  # pragma: no cover
        raise NotImplementedError

    def service_delete(self, request, obj):  # pragma: no cover
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        admin_ = self

        class ServiceForm(form):
            def clean(self):
                data = super().clean()
                admin_.validate(request, self.instance if change else None, data)
                return data

        return ServiceForm

    def validate(self, request, original, data) -> None:
        """Service rules the model form does not know (raise ValidationError)."""

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if change:
            original = type(obj)._default_manager.get(pk=obj.pk)
            changes = {name: data[name] for name in form.changed_data if name in data}
            self.service_update(request, original, changes)
        else:
            created = self.service_create(request, data)
            obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        # Many-to-many values went through the service with the object itself.
        for formset in formsets:
            if formset.has_changed():
                raise ValidationError("Inline changes are not accepted here.")

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "event", "actor", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type", "event"]
    list_select_related = ["actor", "event"]
    search_fields = ["action", "object_type", "object_id", "summary", "event_slug"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "event",
        "event_slug",
        "action",
        "actor",
        "object_type",
        "object_id",
        "summary",
        "data",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Django's own admins (accounts, groups, API tokens): every change audited ---------------


class AuditedAdmin(admin.ModelAdmin):
    """For admins whose writes are Django's own (no service of ours): each addition, change
    and deletion leaves an audit entry beside the admin's log entry, inside the admin's
    transaction."""

    def _audit(self, request, obj, verb: str, message) -> None:
        from .audit import record

        record(
            f"admin.{obj._meta.label_lower}.{verb}",
            obj,
            actor=request.user,
            summary=f"{verb.capitalize()} {obj._meta.verbose_name} {obj} in the admin",
            changes=message if isinstance(message, list | str) else str(message),
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete", "")
        return super().log_deletions(request, queryset)


def _audit_registered(model) -> None:
    """Re-register ``model``'s admin (Django's or a package's) with ``AuditedAdmin`` mixed in."""
    if not admin.site.is_registered(model):
        return
    current = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(model, type(f"Audited{current.__name__}", (AuditedAdmin, current), {}))


def _audit_django_admins() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import TokenProxy

    for model in (get_user_model(), Group, TokenProxy):
        _audit_registered(model)


_audit_django_admins()
