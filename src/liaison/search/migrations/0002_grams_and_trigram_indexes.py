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
    # The grams as an array. Declared costly (splitting a document's grams takes some 20 us)
    # so that the planner reads the index rather than splitting every row of a scan: with
    # the default cost, "li" (a quarter of all people) took 2 s on 100,000 people instead
    # of 60 ms. PL/pgSQL, since a SQL function would be inlined and its cost forgotten.
    "CREATE FUNCTION liaison_search_grams(grams text) RETURNS text[]"
    " LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000"
    " AS $$ BEGIN RETURN string_to_array(grams, ' '); END $$",
    "CREATE INDEX search_document_grams ON search_searchdocument"
    " USING gin (liaison_search_grams(grams))",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_document_grams",
    "DROP FUNCTION IF EXISTS liaison_search_grams(text)",
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
