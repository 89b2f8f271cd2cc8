"""Every periodic job names a function that exists: a renamed service must not fail only at 02:30."""

from __future__ import annotations

from django.utils.module_loading import import_string

from naker.core import periodic


def test_every_periodic_job_points_at_a_callable() -> None:
    jobs = periodic.all_jobs()
    names = {job.name for job in jobs}
    assert {"insights.refresh", "insights.weekly_summaries", "outreach.expired_imports"} <= names
    for job in jobs:
        assert callable(import_string(job.func)), job.name
