"""manage.py reindex_search: analyses every published course's text again after a change to the search
lexicon (naker/learning/search_lexicon/) or the stemmer; see that folder's README."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from naker.learning import services


class Command(BaseCommand):
    help = (
        "Rebuilds the search index's analysed text of every published course, in batches with progress, "
        "and drops terms no course holds any more (idempotent). Run after changing the lexicon or the stemmer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="courses per transaction (500)")
        parser.add_argument("--no-progress", action="store_true", help="only the summary at the end")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            if not options["no_progress"]:
                self.stdout.write(f"{done:,} / {total:,} courses analysed again")

        done = services.reindex_search(batch_size=max(1, options["batch_size"]), progress=progress)
        self.stdout.write(
            f"{done['courses']:,} courses indexed; {done['dropped_courses']:,} entries of unpublished courses "
            f"and {done['dropped_terms']:,} terms no course holds any more dropped."
        )
