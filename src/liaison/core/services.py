"""Operations on user accounts (organisers, staff, delegates): audited like every write."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import record


def create_user(
    username: str,
    *,
    email: str = "",
    password: str | None = None,
    is_staff: bool = False,
    actor=None,
):
    """A new account; without a password it can only sign in by a link sent by e-mail."""
    user_model = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("A user name is needed.")})
    with transaction.atomic():
        if user_model.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("This user name is taken.")})
        user = user_model(username=username, email=(email or "").strip(), is_staff=is_staff)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        record("user.create", user, actor=actor, summary=f"Account {username}")
    return user


def set_password(user, password: str, *, actor=None) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record("user.password", user, actor=actor, summary=f"Password of {user.get_username()}")


def create_token(user, *, actor=None):
    """A new API key for ``user`` (the previous one stops working)."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        record("token.create", user, actor=actor, summary=f"API token of {user.get_username()}")
    return token
