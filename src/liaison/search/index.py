"""Keeping and querying the search documents.

``update(obj)`` and ``remove(obj)`` are called by the services inside their transaction;
``rebuild()`` (the ``liaison reindex`` command) rewrites every document;
``search(queryset, query)`` narrows a queryset to the objects whose document holds every word
of the query, and ``matching_ids(kind, query)`` gives their ids as a subquery.

What matches: after the same normalisation on both sides (NFKC, so full-width ``ＡＢＣ`` is
``abc`` and half-width ``ｶﾅ`` is ``カナ``; case-folded), every word of the query must occur in
the document as a substring. No word splitting of Chinese or Japanese is needed: "成都",
"chengdu", "Ｃｈｅｎｇｄｕ", "日立", "hita" and "王" all work, whatever the script.

How it is fast on PostgreSQL (migration 0002): a GIN trigram index (pg_trgm) on ``text``
serves every word with a run of three or more letters or digits. pg_trgm extracts no trigram
from a one- or two-character word ("王", "成都", "li"), so each document also keeps ``grams``,
its distinct one- and two-character substrings, under a GIN index on them as an array
(``liaison_search_grams(grams)``): a short word is looked up there, exactly. A longer word
without a trigram ("a-b") is narrowed by its bigrams and decided by the substring test.

On SQLite (development, tests, a small embedded install) the same substring test scans the
documents: SQLite has no inverted index for substrings (FTS5 aside, which would need raw SQL
triggers beside the ORM). bench/search.py measures the scan: 15 ms median on 10,000 people,
160 ms on 100,000.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection, models
from django.db.models import F, Func, Subquery

from .models import SearchDocument

BATCH = 1000
# A run of three letters or digits: pg_trgm extracts at least one trigram from such a word.
_TRIGRAM_RUN = re.compile(r"[^\W_]{3}")


def normalise(text: str) -> str:
    """NFKC (full-width letters to half-width, half-width kana to full-width), case-folded,
    runs of white space to one space."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def short_grams(word: str) -> set[str]:
    """The one- and two-character substrings of ``word`` (which has no white space)."""
    return set(word) | {word[i : i + 2] for i in range(len(word) - 1)}


def grams_of(text: str) -> str:
    """Every distinct one- and two-character substring of a normalised text that holds no
    white space, space-separated (what the ``grams`` column keeps)."""
    found: set[str] = set()
    for word in text.split():
        found |= short_grams(word)
    return " ".join(sorted(found))


def _texts(value) -> list[str]:
    data = getattr(value, "data", value)
    if isinstance(data, dict):  # in a fixed order, however the JSON was stored
        return [str(data[lang]) for lang in sorted(data) if data[lang]]
    return [str(data)] if data else []


def _kind(model) -> str | None:
    return {
        "events.event": SearchDocument.Kind.EVENT,
        "events.organisation": SearchDocument.Kind.ORGANISATION,
        "events.person": SearchDocument.Kind.PERSON,
    }.get(model._meta.label_lower)


def document_text(obj: models.Model) -> str:
    """The normalised text an object is found by: every language of its texts, a person's
    name in their own script and in Latin letters (both orders), and their organisation."""
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


def _document(kind: str, obj: models.Model) -> SearchDocument:
    text = document_text(obj)
    return SearchDocument(kind=kind, object_id=obj.pk, text=text, grams=grams_of(text))


def _store(kind: str, objects: Iterable[models.Model]) -> int:
    """Write the documents of ``objects`` (all of one kind), replacing their old ones, in
    a few queries per thousand objects."""
    written = 0
    batch: list[models.Model] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH:
            written += _store_batch(kind, batch)
            batch = []
    if batch:
        written += _store_batch(kind, batch)
    return written


def _store_batch(kind: str, objects: list[models.Model]) -> int:
    SearchDocument.objects.filter(kind=kind, object_id__in=[o.pk for o in objects]).delete()
    SearchDocument.objects.bulk_create([_document(kind, o) for o in objects])
    return len(objects)


def _people(**filters) -> models.QuerySet:
    from liaison.events.models import Person

    return Person.objects.filter(**filters).select_related("organisation").order_by("pk")


def update(obj: models.Model) -> None:
    """Rewrite ``obj``'s document; an organisation's people are rewritten with it, since
    they are found by its name."""
    kind = _kind(obj)
    if kind is None or obj.pk is None:
        return
    _store(kind, [obj])
    if kind == SearchDocument.Kind.ORGANISATION:
        reindex_people(organisation=obj)


def reindex_people(**filters) -> int:
    """Rewrite the documents of the people matching ``filters`` (e.g. ``organisation=o``,
    ``pk__in=[...]``)."""
    return _store(SearchDocument.Kind.PERSON, _people(**filters).iterator(chunk_size=BATCH))


def remove(obj: models.Model) -> None:
    kind = _kind(obj)
    if kind is not None and obj.pk is not None:
        SearchDocument.objects.filter(kind=kind, object_id=obj.pk).delete()


def rebuild() -> dict[str, int]:
    """Rewrite every document from the records (``liaison reindex``); documents of objects
    that no longer exist go. Returns the number of documents per kind."""
    from liaison.events.models import Event, Organisation

    Kind = SearchDocument.Kind
    SearchDocument.objects.all().delete()
    events = Event.objects.order_by("pk").iterator(chunk_size=BATCH)
    organisations = Organisation.objects.order_by("pk").iterator(chunk_size=BATCH)
    return {
        "event": _store(Kind.EVENT, events),
        "organisation": _store(Kind.ORGANISATION, organisations),
        "person": reindex_people(),
    }


# --- Queries ------------------------------------------------------------------------------


def _gram_array():
    from django.contrib.postgres.fields import ArrayField

    # The expression of the GIN index in migration 0002 (``string_to_array(grams, ' ')``).
    return Func(
        F("grams"), function="liaison_search_grams", output_field=ArrayField(models.TextField())
    )


def _needs_grams(word: str) -> bool:
    """A word pg_trgm can find no trigram in: look its short substrings up instead."""
    return _TRIGRAM_RUN.search(word) is None


def matching_ids(kind: str, query: str) -> models.QuerySet:
    """Ids of the objects of ``kind`` whose document holds every word of ``query`` (a
    subquery, to be used as ``pk__in=``)."""
    documents = SearchDocument.objects.filter(kind=kind)
    words = sorted(set(normalise(query).split()))
    postgres = connection.vendor == "postgresql"
    needed: set[str] = set()
    for word in words:
        if not (postgres and _needs_grams(word)):
            documents = documents.filter(text__contains=word)
        elif len(word) <= 2:
            # Exact: the grams hold every substring of one or two characters. No LIKE
            # either, which pg_trgm would answer by reading its whole index.
            needed.add(word)
        else:
            # A longer word without a trigram ("a-b"): its bigrams narrow, LIKE decides.
            needed |= short_grams(word) - set(word)
            documents = documents.filter(text__contains=word)
    if needed:
        documents = documents.alias(gram_array=_gram_array()).filter(
            gram_array__contains=sorted(needed)
        )
    return documents.values("object_id")


class _AmongIds(Func):
    """``pk = ANY(ARRAY(subquery))``: PostgreSQL runs the subquery once, first, and fetches
    the matches by primary key. With ``pk IN (subquery)`` the planner may instead walk the
    whole table in list order to fill a page, which costs 100 ms and more on 100,000 people."""

    arg_joiner = " = ANY(ARRAY"
    template = "(%(expressions)s))"
    output_field = models.BooleanField()


def search(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """``queryset`` narrowed to the objects matching ``query`` (unchanged when empty)."""
    if not normalise(query):
        return queryset
    ids = matching_ids(_kind(queryset.model), query)
    if connection.vendor == "postgresql":
        return queryset.filter(_AmongIds(F("pk"), Subquery(ids)))
    return queryset.filter(pk__in=ids)
