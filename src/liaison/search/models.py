"""One searchable text per object, kept by the services that write the object.

django-i18nfield stores multilingual texts as JSON with ``\\uXXXX`` escapes, which no
database can search; this table holds the same texts (every language, both scripts of a
person's name) normalised (NFKC, case-folded) so that a substring search finds them, and the
text's one- and two-character substrings for the words too short for a trigram index (see
``liaison.search.index``).
"""

from django.db import models


class DocumentKind(models.TextChoices):
    EVENT = "event"
    ORGANISATION = "organisation"
    PERSON = "person"


class SearchDocument(models.Model):
    Kind = DocumentKind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    text = models.TextField()
    # Distinct one- and two-character substrings of ``text``, space-separated.
    grams = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="search_document_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
