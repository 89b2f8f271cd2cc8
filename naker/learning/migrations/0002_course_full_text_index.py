"""The course search index on each database's own full-text engine (see naker/learning/search.py)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS learning_course_fts USING fts5(title, document, tokenize='unicode61')"
        )
    elif schema_editor.connection.vendor == "postgresql":
        # A stored, generated tsvector: ranking reads it instead of recomputing it for every match.
        schema_editor.execute(
            "ALTER TABLE learning_coursesearch ADD COLUMN vector tsvector GENERATED ALWAYS AS "
            "(setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', document), 'B')) STORED"
        )
        schema_editor.execute("CREATE INDEX IF NOT EXISTS learning_coursesearch_fts ON learning_coursesearch USING GIN (vector)")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS learning_course_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS learning_coursesearch_fts")
        schema_editor.execute("ALTER TABLE learning_coursesearch DROP COLUMN IF EXISTS vector")


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_courses_versions_enrolments_quizzes_sessions")]
    operations = [migrations.RunPython(create, drop)]
