from django.urls import include, path

from liaison.console import views
from liaison.privacy import passwords

app_name = "console"

event = [
    ("", views.DashboardView, "dashboard"),
    ("settings/", views.EventSettingsView, "settings"),
    ("delegations/", views.DelegationListView, "delegations"),
    ("delegations/add/", views.DelegationFormView, "delegation_add"),
    ("delegations/<int:pk>/", views.DelegationFormView, "delegation"),
    ("delegations/<int:pk>/delete/", views.DelegationDeleteView, "delegation_delete"),
    ("areas/", views.AreaListView, "areas"),
    ("areas/add/", views.AreaFormView, "area_add"),
    ("areas/<int:pk>/", views.AreaFormView, "area"),
    ("areas/<int:pk>/delete/", views.AreaDeleteView, "area_delete"),
    ("organisations/", views.OrganisationListView, "organisations"),
    ("organisations/add/", views.OrganisationFormView, "organisation_add"),
    ("organisations/existing/", views.OrganisationPickView, "organisation_pick"),
    ("organisations/<int:pk>/", views.OrganisationFormView, "organisation"),
    ("organisations/<int:pk>/remove/", views.OrganisationRemoveView, "organisation_remove"),
    ("people/", views.PeopleListView, "people"),
    ("people/add/", views.PersonAddView, "person_add"),
    ("people/<int:pk>/", views.PersonEditView, "person"),
    ("people/<int:pk>/delete/", views.PersonDeleteView, "person_delete"),
    ("people/<int:pk>/roles/add/", views.RoleFormView, "role_add"),
    ("people/<int:pk>/roles/<int:role>/", views.RoleFormView, "role"),
    ("people/<int:pk>/roles/<int:role>/remove/", views.RoleRemoveView, "role_remove"),
    ("team/", views.TeamView, "team"),
    ("team/<int:pk>/remove/", views.TeamRemoveView, "team_remove"),
    ("audit/", views.AuditLogView, "audit"),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", include(passwords)),
    path("new/", views.EventCreateView.as_view(), name="event_new"),
    path("", views.EventListView.as_view(), name="events"),
    path("news/", include("liaison.newsroom.console")),
    *[path(f"<slug:slug>/{route}", view.as_view(), name=name) for route, view, name in event],
    path("<slug:slug>/programme/", include("liaison.programme.console_urls")),
    path("<slug:slug>/registrations/", include("liaison.registration.console_urls")),
    path("<slug:slug>/", include("liaison.attendance.console_urls")),
    path("<slug:slug>/matchmaking/", include("liaison.matchmaking.console_urls")),
    path("<slug:slug>/people/<int:pk>/data/", include("liaison.privacy.console_urls")),
]
