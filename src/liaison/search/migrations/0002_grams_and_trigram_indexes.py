"""Short-substring grams for every document, and on PostgreSQL the indexes that make
search fast: pg_trgm's GIN trigram index on the text, a GIN index on the grams.

SQLite has neither kind of index; search there scans the documents (see
``liaison.search.index``). The grams of existing documents are computed from their text;
``liaison reindex`` rewrites every document from the records when needed.
"""

from django.db import migrations, models

from liaison.search.index import grams_of

POSTGRES_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_document_text_trgm ON search_searchdocument"
    " USING gin (text gin_trgm_ops)",
    "CREATE INDEX search_document_grams ON search_searchdocument"
    " USING gin (string_to_array(grams, ' '))",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_document_grams",
    "DROP INDEX IF EXISTS search_document_text_trgm",
]


def fill_grams(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    batch = []
    for document in SearchDocument.objects.only("pk", "text").iterator(chunk_size=1000):
        document.grams = grams_of(document.text)
        batch.append(document)
        if len(batch) == 1000:
            SearchDocument.objects.bulk_update(batch, ["grams"])
            batch = []
    SearchDocument.objects.bulk_update(batch, ["grams"])


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="grams",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_grams, migrations.RunPython.noop),
        migrations.RunPython(_on_postgres(POSTGRES_INDEXES), _on_postgres(POSTGRES_DROP)),
    ]
