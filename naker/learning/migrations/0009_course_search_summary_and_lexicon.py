"""The course search index gains a summary column between the title and the rest (title A, summary B,
the rest C), and every published course is analysed again with the lexicon's stemmer exceptions and
its lesson titles (see naker/learning/search.py and docs/decisions/0004-course-search.md)."""

from django.db import migrations, models


def _texts(apps, course):  # type: ignore[no-untyped-def]
    Lesson = apps.get_model("learning", "Lesson")
    skills = [f"{s.name_id} {s.name_en}" for s in course.skills.all()]
    lessons = Lesson.objects.filter(module__version_id=course.published_version_id).values_list("title", flat=True)
    theme = dict(course._meta.get_field("theme").choices).get(course.theme, course.theme)
    return course.title, course.summary, [course.provider.name, str(theme), *skills, *lessons]


def rebuild(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The analyser is plain text in, text out (no model): the migration uses today's, as a reindex would.
    from naker.learning.search import analyse_text

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS learning_course_fts")
        schema_editor.execute(
            "CREATE VIRTUAL TABLE learning_course_fts USING fts5(title, summary, document, tokenize='unicode61')"
        )
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS learning_coursesearch_fts")
        schema_editor.execute("ALTER TABLE learning_coursesearch DROP COLUMN IF EXISTS vector")
        schema_editor.execute(
            "ALTER TABLE learning_coursesearch ADD COLUMN vector tsvector GENERATED ALWAYS AS "
            "(setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', summary), 'B') "
            "|| setweight(to_tsvector('simple', document), 'C')) STORED"
        )
        schema_editor.execute("CREATE INDEX learning_coursesearch_fts ON learning_coursesearch USING GIN (vector)")
    Course = apps.get_model("learning", "Course")
    CourseSearch = apps.get_model("learning", "CourseSearch")
    SearchTerm = apps.get_model("learning", "SearchTerm")
    courses = Course.objects.filter(search__isnull=False).select_related("provider").prefetch_related("skills")
    for course in courses.iterator(chunk_size=500):
        title, summary, rest = _texts(apps, course)
        t, s, d = analyse_text([title]), analyse_text([summary]), analyse_text(rest)
        CourseSearch.objects.filter(course_id=course.pk).update(title=t, summary=s, document=d)
        if connection.vendor == "sqlite":
            schema_editor.execute(
                "INSERT INTO learning_course_fts(rowid, title, summary, document) VALUES (%s, %s, %s, %s)",
                [course.pk, t, s, d],
            )
        SearchTerm.objects.bulk_create([SearchTerm(term=x) for x in {*t.split(), *s.split(), *d.split()}], ignore_conflicts=True)


def back(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS learning_course_fts")
        schema_editor.execute("CREATE VIRTUAL TABLE learning_course_fts USING fts5(title, document, tokenize='unicode61')")
        schema_editor.execute("INSERT INTO learning_course_fts(rowid, title, document) SELECT course_id, title, summary || ' ' || document FROM learning_coursesearch")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS learning_coursesearch_fts")
        schema_editor.execute("ALTER TABLE learning_coursesearch DROP COLUMN IF EXISTS vector")
        schema_editor.execute(
            "ALTER TABLE learning_coursesearch ADD COLUMN vector tsvector GENERATED ALWAYS AS "
            "(setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', document), 'B')) STORED"
        )
        schema_editor.execute("CREATE INDEX learning_coursesearch_fts ON learning_coursesearch USING GIN (vector)")


class Migration(migrations.Migration):
    dependencies = [("learning", "0008_session_co_hosts_accept_to_be_named")]
    operations = [
        migrations.AddField(model_name="coursesearch", name="summary", field=models.TextField(default="")),
        migrations.RunPython(rebuild, back),
    ]
