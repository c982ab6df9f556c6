"""Forms of the public site and the console (labels in the three languages)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from liaison.core.i18n import localize
from liaison.events.models import AttendanceMode, Event

from . import services
from .models import RegistrationStatus


def _local(value, event: Event) -> str:
    from django.utils import translation

    return localize(value, translation.get_language() or "en", event.default_language).text


class RegistrationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    family_name = forms.CharField(
        label=_("Family name (in your own script)"), max_length=100, required=False
    )
    given_name = forms.CharField(
        label=_("Given name (in your own script)"), max_length=100, required=False
    )
    family_name_latin = forms.CharField(
        label=_("Family name in Latin letters"), max_length=100, required=False
    )
    given_name_latin = forms.CharField(
        label=_("Given name in Latin letters"), max_length=100, required=False
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)
    mode = forms.ChoiceField(label=_("How will you attend?"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language for our e-mails"))
    areas = forms.MultipleChoiceField(
        label=_("Cooperation areas of interest"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.CharField(
        label=_("Dietary or accessibility needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_contact = forms.BooleanField(
        label=_("Share my contact details with the delegates I am matched with"),
        required=False,
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["delegation"].choices = [("", _("— none —"))] + [
            (d.code, _local(d.name, event)) for d in event.delegations.all()
        ]
        labels = dict(AttendanceMode.choices)
        self.fields["mode"].choices = [(m, labels[m]) for m in services.offered_modes(event)]
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["areas"].choices = [(a.slug, _local(a.name, event)) for a in event.areas.all()]
        for name in ("family_name", "given_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def applicant(self) -> services.Applicant:
        data = self.cleaned_data
        return services.Applicant(
            email=data["email"],
            family_name=data["family_name"],
            given_name=data["given_name"],
            family_name_latin=data["family_name_latin"],
            given_name_latin=data["given_name_latin"],
            organisation=data["organisation"],
            delegation=data["delegation"],
            mode=data["mode"],
            language=data["language"],
            areas=tuple(data["areas"]),
            consent_contact=data["consent_contact"],
            needs=data["needs"],
        )


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("The e-mail address you registered with"))


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class FilterForm(forms.Form):
    """The console list's filters (the same names as the API's)."""

    q = forms.CharField(label=_("Name or e-mail"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    mode = forms.ChoiceField(label=_("Attending"), required=False)
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["status"].choices = anything + list(RegistrationStatus.choices)
        self.fields["mode"].choices = anything + list(AttendanceMode.choices)
        self.fields["delegation"].choices = anything + [
            (d.code, _local(d.name, event)) for d in event.delegations.all()
        ]
        self.fields["area"].choices = anything + [
            (a.slug, _local(a.name, event)) for a in event.areas.all()
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    family_name = forms.CharField(label=_("Family name (own script)"), required=False)
    given_name = forms.CharField(label=_("Given name (own script)"), required=False)
    family_name_latin = forms.CharField(label=_("Family name in Latin letters"), required=False)
    given_name_latin = forms.CharField(label=_("Given name in Latin letters"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False)
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = [("", _("— none —"))] + [
            (d.code, _local(d.name, event)) for d in event.delegations.all()
        ]
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = event.default_language


class BulkInviteForm(forms.Form):
    lines = forms.CharField(
        label=_("One person a line: e-mail, family name, given name, delegation, language"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
