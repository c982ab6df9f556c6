"""The demo seminar's programme, added by ``liaison demo`` after the seminar's record
(see ``liaison.events.demo``); what it is lies in ``demo.toml`` beside this module."""

from __future__ import annotations

from string import ascii_uppercase

from liaison.events.demo import local_time, read_data

from . import services


def extend_demo(event, demo) -> None:
    """The programme the release describes; hours and rooms are the demo's own."""
    data = read_data(__package__)
    areas = list(event.areas.order_by("position"))
    for item in data["items"]:
        if item.get("per_area"):
            _sessions(event, item, areas, demo.delegates)
            continue
        services.create_item(
            event,
            starts_at=local_time(event, item["starts"]),
            ends_at=local_time(event, item["ends"]),
            kind=item["kind"],
            title=item["title"],
            description=item.get("description", ""),
            room=item.get("room", data["main_hall"]),
            people=[demo.principals[key] for key in item.get("people", [])],
            position=item["position"],
            online=True,
        )


def _sessions(event, item: dict, areas, delegates) -> None:
    """Parallel sessions, one per area, each opened by delegates of both sides."""
    opened: set = set()
    for letter, area in zip(ascii_uppercase, areas):
        # The sessions run in parallel: nobody opens two of them.
        in_area = [role for role, chosen in delegates if area in chosen and role not in opened]
        openers = []
        for code in ("jp", "cn"):
            openers += [r for r in in_area if r.delegation.code == code][: item["openers"]]
        opened.update(openers)
        name = area.name.data
        services.create_item(
            event,
            starts_at=local_time(event, item["starts"]),
            ends_at=local_time(event, item["ends"]),
            kind=item["kind"],
            title={lang: text.format(area=name[lang]) for lang, text in item["title"].items()},
            room={lang: text.format(letter=letter) for lang, text in item["room"].items()},
            people=[role.person for role in openers],
            position=item["position"] + area.position,
            area=area,
            online=True,
        )
