"""Every change made in the admin leaves an audit entry: models whose admin writes through
the services are audited there; Django's own admins (accounts, groups, API tokens) are
audited by ``AuditedAdmin``; the audit log itself cannot be changed."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from liaison.core.admin import AuditedAdmin, AuditEntryAdmin, ServiceAdmin
from liaison.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_admin_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ServiceAdmin | AuditedAdmin | AuditEntryAdmin)
    ]
    assert not unaudited, f"admins whose changes leave no audit entry: {unaudited}"


@pytest.fixture
def root(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-long-enough")
    client.force_login(user)
    return user


def test_user_changes_in_the_admin_are_audited(client, root):
    add = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newcomer",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
            "usable_password": "true",
        },
    )
    assert add.status_code == 302, add.content.decode()[:2000]
    user = get_user_model().objects.get(username="newcomer")
    entry = AuditEntry.objects.get(action="admin.auth.user.add")
    assert entry.actor == root and entry.object_id == str(user.pk)

    change = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "is_active": "on",
            "date_joined_0": "2021-07-15",
            "date_joined_1": "12:00:00",
        },
    )
    assert change.status_code == 302, change.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.auth.user.change")
    assert "Email address" in str(entry.data["changes"])

    password = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "another-long-pass-2", "password2": "another-long-pass-2"},
    )
    assert password.status_code == 302
    assert AuditEntry.objects.filter(action="admin.auth.user.change").count() == 2

    delete = client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    assert AuditEntry.objects.filter(action="admin.auth.user.delete", object_id=str(user.pk))


def test_group_and_token_changes_are_audited(client, root):
    client.post("/admin/auth/group/add/", {"name": "checkers"})
    group = Group.objects.get(name="checkers")
    assert AuditEntry.objects.filter(action="admin.auth.group.add", object_id=str(group.pk))
    holder = UserFactory(username="holder")
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": holder.pk})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="admin.authtoken.tokenproxy.add").exists()
