"""The organiser console's views: they read the request, ask ``rules``, call a selector or a
service, and render; nothing else."""

from .base import ConsoleLoginRequired, EventOrganiserMixin
from .events import (
    DashboardView,
    EventCreateView,
    EventListView,
    EventSettingsView,
    LoginView,
    LogoutView,
)
from .organisations import (
    OrganisationFormView,
    OrganisationListView,
    OrganisationPickView,
    OrganisationRemoveView,
)
from .people import (
    PeopleListView,
    PersonAddView,
    PersonDeleteView,
    PersonEditView,
    RoleFormView,
    RoleRemoveView,
)
from .records import (
    AreaDeleteView,
    AreaFormView,
    AreaListView,
    DelegationDeleteView,
    DelegationFormView,
    DelegationListView,
)
from .team import AuditLogView, TeamRemoveView, TeamView

__all__ = [
    "AreaDeleteView",
    "AreaFormView",
    "AreaListView",
    "AuditLogView",
    "ConsoleLoginRequired",
    "DashboardView",
    "DelegationDeleteView",
    "DelegationFormView",
    "DelegationListView",
    "EventCreateView",
    "EventListView",
    "EventOrganiserMixin",
    "EventSettingsView",
    "LoginView",
    "LogoutView",
    "OrganisationFormView",
    "OrganisationListView",
    "OrganisationPickView",
    "OrganisationRemoveView",
    "PeopleListView",
    "PersonAddView",
    "PersonDeleteView",
    "PersonEditView",
    "RoleFormView",
    "RoleRemoveView",
    "TeamRemoveView",
    "TeamView",
]
