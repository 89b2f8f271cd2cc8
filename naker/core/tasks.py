"""Background work of core: the periodic jobs, enqueued by the scheduler (manage.py run_scheduler)."""

from django_tasks import task

from naker.core import periodic


@task()
def run_periodic_job_task(name: str) -> str:
    return periodic.run(name)
