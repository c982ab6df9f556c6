"""Keeping and querying the search documents.

``update(obj)`` and ``remove(obj)`` are called by the services inside their transaction;
``matching_ids(kind, query)`` answers a search with the ids of the matching objects.
A query matches when every one of its words (after the same normalisation) occurs in the
document as a substring: "成都", "chengdu", "Ｃｈｅｎｇｄｕ", "日立", "hita" and "王" all work,
whatever the script, since no word splitting of Chinese or Japanese is needed.
"""

from __future__ import annotations

import unicodedata

from django.db import models

from .models import SearchDocument


def normalise(text: str) -> str:
    """NFKC (full-width letters to half-width, half-width kana to full-width), case-folded,
    runs of white space to one space."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _texts(value) -> list[str]:
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return [str(v) for v in data.values() if v]
    return [str(data)] if data else []


def _kind(obj: models.Model) -> str | None:
    return {
        "events.event": SearchDocument.Kind.EVENT,
        "events.organisation": SearchDocument.Kind.ORGANISATION,
        "events.person": SearchDocument.Kind.PERSON,
    }.get(obj._meta.label_lower)


def document_text(obj: models.Model) -> str:
    """The normalised text an object is found by."""
    kind = _kind(obj)
    parts: list[str] = []
    if kind == SearchDocument.Kind.EVENT:
        parts = [obj.slug, *_texts(obj.title), *_texts(obj.theme), *_texts(obj.city)]
        parts += _texts(obj.venue)
    elif kind == SearchDocument.Kind.ORGANISATION:
        parts = [obj.slug, obj.short_name, obj.website, obj.country, *_texts(obj.name)]
        parts += _texts(obj.city)
    elif kind == SearchDocument.Kind.PERSON:
        parts = [
            obj.native_name,
            obj.family_name,
            obj.given_name,
            obj.latin_name,
            f"{obj.family_name_latin} {obj.given_name_latin}",
            f"{obj.given_name_latin} {obj.family_name_latin}",
            obj.email,
            *_texts(obj.known_as),
            *_texts(obj.title),
        ]
        if obj.organisation_id:
            organisation = obj.organisation
            parts += [organisation.short_name, *_texts(organisation.name)]
    return normalise(" | ".join(p for p in parts if p and p.strip()))


def update(obj: models.Model) -> None:
    kind = _kind(obj)
    if kind is None or obj.pk is None:
        return
    SearchDocument.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults={"text": document_text(obj)}
    )
    if kind == SearchDocument.Kind.ORGANISATION:
        # People are found by their organisation's name too.
        for person in obj.people.all():
            update(person)


def remove(obj: models.Model) -> None:
    kind = _kind(obj)
    if kind is not None and obj.pk is not None:
        SearchDocument.objects.filter(kind=kind, object_id=obj.pk).delete()


def matching_ids(kind: str, query: str) -> models.QuerySet:
    """Ids of the objects of ``kind`` whose document holds every word of ``query`` (a
    subquery, to be used as ``pk__in=``)."""
    documents = SearchDocument.objects.filter(kind=kind)
    for word in normalise(query).split():
        documents = documents.filter(text__contains=word)
    return documents.values("object_id")


def search(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """``queryset`` narrowed to the objects matching ``query`` (unchanged when empty)."""
    if not normalise(query):
        return queryset
    kind = _kind(queryset.model())
    return queryset.filter(pk__in=matching_ids(kind, query))
