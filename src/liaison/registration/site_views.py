"""The public site's registration pages: register, the delegate's own page, sign-in links.
Views translate HTTP into service and selector calls and back; nothing else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Conflict
from liaison.core.ratelimit import too_many
from liaison.events import rules
from liaison.site import selectors as site_selectors

from . import ratelimit, selectors, services
from .forms import PasswordForm, RegistrationForm, SignInForm

DONE_KEY = "registration_done"


def _event_or_404(slug: str):
    event = site_selectors.public_event(slug)
    if event is None:
        raise Http404("No public event with this address.")
    return event


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    token = request.GET.get("invitation") or request.POST.get("invitation") or ""
    invitation, invitation_error = None, ""
    if token and request.method == "GET":
        wait = ratelimit.hit("redeem", request)
        if wait is not None:
            return too_many(wait)
    if token:
        try:
            invitation = services.invitation_for(event, token)
        except ValidationError as exc:
            invitation_error = " ".join(exc.messages)
    is_open = event.registration_open and event.status == event.Status.OPEN
    needs_invitation = event.invitation_only and invitation is None
    status = 200
    if request.method == "POST" and is_open and not needs_invitation:
        form = RegistrationForm(request.POST, event=event)
        wait = ratelimit.hit("register", request)
        if wait is not None:
            response = render(
                request,
                "registration/register.html",
                {"event": event, "form": form, "is_open": is_open, "rate_limited": True},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            try:
                registration = services.register(
                    event,
                    form.applicant(),
                    actor=request.user,
                    invitation_token=token or None,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except (Conflict, PermissionDenied) as exc:
                form.add_error("email" if isinstance(exc, Conflict) else None, str(exc))
            else:
                request.session[DONE_KEY] = registration.pk
                return redirect("site:registration-thanks", slug=event.slug)
        status = 400
    else:
        initial = {"language": request.LANGUAGE_CODE, "mode": services.offered_modes(event)[0]}
        if invitation is not None:
            initial.update(invitation.prefill, email=invitation.email, language=invitation.language)
        form = RegistrationForm(initial=initial, event=event)
    context = {
        "event": event,
        "form": form,
        "is_open": is_open,
        "needs_invitation": needs_invitation,
        "invitation": invitation,
        "invitation_error": invitation_error,
        "token": token if invitation is not None else "",
        "figures": selectors.figures(event),
        "page": "register",
    }
    return render(request, "registration/register.html", context, status=status)


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    pk = request.session.get(DONE_KEY)
    registration = selectors.registrations(event).filter(pk=pk).first() if pk else None
    if registration is None:
        return redirect("site:registration-register", slug=event.slug)
    return render(
        request,
        "registration/thanks.html",
        {"event": event, "registration": registration, "page": "register"},
    )


def me(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        return redirect("site:registration-signin", slug=event.slug)
    context = {
        "event": event,
        "registration": registration,
        "can_withdraw": registration.status in ("pending", "approved", "waitlisted")
        and rules.can_withdraw_registration(request.user, registration),
        "password_form": PasswordForm(),
        "has_password": request.user.has_usable_password(),
        "page": "me",
    }
    return render(request, "registration/me.html", context)


@require_POST
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    registration = selectors.registration_of(request.user, event)
    if registration is None or not rules.can_withdraw_registration(request.user, registration):
        raise Http404("No registration of yours here.")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you withdraw."))
        return redirect("site:registration-me", slug=event.slug)
    try:
        services.withdraw(registration, actor=request.user)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your registration is withdrawn."))
    return redirect("site:registration-me", slug=event.slug)


@require_POST
def password(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise Http404("No registration of yours here.")
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            services.set_delegate_password(request.user, form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1", exc.messages)
        else:
            login(request, request.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your password is set."))
            return redirect("site:registration-me", slug=event.slug)
    context = {
        "event": event,
        "registration": registration,
        "can_withdraw": False,
        "password_form": form,
        "has_password": request.user.has_usable_password(),
        "page": "me",
    }
    return render(request, "registration/me.html", context, status=400)


def signin(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a one-time sign-in link by e-mail."""
    event = _event_or_404(slug)
    sent = False
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            wait = ratelimit.hit("signin", request)
            if wait is not None:
                return too_many(wait)
            services.send_sign_in_link(event, form.cleaned_data["email"])
            sent = True
    else:
        form = SignInForm()
    return render(
        request,
        "registration/signin.html",
        {"event": event, "form": form, "sent": sent, "page": "me"},
    )


def signin_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that follow links spend nothing); POST signs in."""
    event = _event_or_404(slug)
    error = ""
    if request.method == "POST":
        wait = ratelimit.hit("redeem", request)
        if wait is not None:
            return too_many(wait)
        try:
            user = services.use_sign_in_link(token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("site:registration-me", slug=event.slug)
    return render(
        request,
        "registration/signin_link.html",
        {"event": event, "error": error, "page": "me"},
        status=400 if error else 200,
    )
