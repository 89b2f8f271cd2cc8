"""The catalogue's version: what the catalogue and the course pages show is the same for everyone and
is kept (the search's matches, rendered result lists, course pages' shared parts) under keys that
name this version (issue 13).

A change to a course, one of its versions, modules or lessons, its skills, its classes, or an
organisation (a provider's name) makes a new version (signals in learning.apps), and so does every
write to the search index (learning.search): at once in this process, and in the others within
NAKER_CATALOGUE_CACHE_SECONDS with the per-process cache (at once with Redis). Within that time too,
the "most learners" order and the enrolment counts may lag new enrolments (they make no version).
"""

from __future__ import annotations

from django.conf import settings

from naker.core import versions

NAME = "catalogue"


def seconds() -> int:
    """How long a kept part lives (and, with the per-process cache, how long a version does)."""
    return int(getattr(settings, "NAKER_CATALOGUE_CACHE_SECONDS", 60))


def version() -> str:
    return versions.version(NAME, seconds())


def forget() -> None:
    """Something the catalogue or a course page shows changed: everything kept is made again."""
    versions.bump(NAME)
