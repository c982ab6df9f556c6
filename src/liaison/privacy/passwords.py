"""Passwords of accounts that have one (organisers, team members, delegates who chose one):
reset by an e-mailed link and change, with Django's views in the console's look. Writes go
through ``liaison.core.services.set_password`` (audited); the reset e-mail is written in the
user's language (their person's preferred language, else the page's); asking for a reset is
rate-limited per client address like sign-in links."""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator

from liaison.core import ratelimit
from liaison.core.services import set_password

RESET = ratelimit.Limit("password-reset", attempts=5, seconds=600)


def _language_of(user) -> str:
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    if person is not None and person.preferred_language:
        return person.preferred_language
    return translation.get_language() or "en"


class ResetForm(auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(_language_of(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class AuditedSetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit=True):
        set_password(self.user, self.cleaned_data["new_password1"], actor=self.user)
        return self.user


class AuditedPasswordChangeForm(auth_forms.PasswordChangeForm):
    def save(self, commit=True):
        set_password(self.user, self.cleaned_data["new_password1"], actor=self.user)
        return self.user


@method_decorator(ratelimit.limit_posts(RESET), name="dispatch")
class ResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "privacy/password_reset.html"
    email_template_name = "privacy/email/password_reset.txt"
    subject_template_name = "privacy/email/password_reset_subject.txt"
    success_url = reverse_lazy("console:password-reset-done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "privacy/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = AuditedSetPasswordForm
    template_name = "privacy/password_reset_confirm.html"
    success_url = reverse_lazy("console:password-reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "privacy/password_reset_complete.html"


class ChangeView(auth_views.PasswordChangeView):
    form_class = AuditedPasswordChangeForm
    template_name = "privacy/password_change.html"
    success_url = reverse_lazy("console:password-change-done")


class ChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "privacy/password_change_done.html"


# Included in the console's URLs (names under "console:").
urlpatterns = [
    path("password/reset/", ResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", ResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        ResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/reset/done/", ResetCompleteView.as_view(), name="password-reset-complete"),
    path("password/change/", ChangeView.as_view(), name="password-change"),
    path("password/change/done/", ChangeDoneView.as_view(), name="password-change-done"),
]
