"""Names the console shows for stored codes, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# What each audit action means, for readers of every language (the stored summary is a
# technical note in English).
ACTION_LABELS = {
    "event.create": _("Event created"),
    "event.update": _("Event changed"),
    "event.delete": _("Event deleted"),
    "event.organisation_add": _("Organisation listed with the event"),
    "event.organisation_remove": _("Organisation taken off the event's list"),
    "team.add": _("Team member added"),
    "team.remove": _("Team member removed"),
    "delegation.add": _("Delegation added"),
    "delegation.update": _("Delegation changed"),
    "delegation.delete": _("Delegation deleted"),
    "area.add": _("Cooperation area added"),
    "area.update": _("Cooperation area changed"),
    "area.delete": _("Cooperation area deleted"),
    "organisation.create": _("Organisation added"),
    "organisation.update": _("Organisation changed"),
    "organisation.delete": _("Organisation deleted"),
    "person.create": _("Person added"),
    "person.update": _("Person changed"),
    "person.delete": _("Person deleted"),
    "role.add": _("Role given"),
    "role.update": _("Role changed"),
    "role.remove": _("Role removed"),
    "agenda.create": _("Programme item added"),
    "agenda.update": _("Programme item changed"),
    "agenda.delete": _("Programme item deleted"),
    "demo.load": _("Demo loaded"),
    "user.create": _("Account created"),
    "user.password": _("Password set"),
}


def action_label(action: str) -> str:
    """The action in the reader's language; an action without a label shows as it is."""
    return str(ACTION_LABELS.get(action, action))


# The names of the fields an audit entry lists (the forms' labels).
FIELD_LABELS = {
    "title": _("Title"),
    "theme": _("Theme"),
    "description": _("Description"),
    "city": _("City"),
    "venue": _("Venue"),
    "online_channel": _("Online channel"),
    "online_url": _("Address of the online channel"),
    "timezone": _("Time zone"),
    "starts_at": _("Starts"),
    "ends_at": _("Ends"),
    "languages": _("Languages offered"),
    "default_language": _("Default language"),
    "status": _("Status"),
    "code": _("Code"),
    "slug": _("Code"),
    "name": _("Name"),
    "short_name": _("Short name"),
    "kind": _("Kind"),
    "country": _("Country"),
    "website": _("Website"),
    "position": _("Position in lists"),
    "family_name": _("Family name"),
    "given_name": _("Given name"),
    "family_name_latin": _("Family name in Latin letters"),
    "given_name_latin": _("Given name in Latin letters"),
    "latin_order": _("Order in Latin letters"),
    "known_as": _("Known as"),
    "honorific": _("Honorific"),
    "organisation": _("Organisation"),
    "preferred_language": _("Preferred language"),
    "email": _("E-mail address"),
    "delegation": _("Side"),
    "mode": _("Attends"),
    "areas": _("Cooperation areas"),
    "user": _("User"),
    "role": _("Part in the team"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))
