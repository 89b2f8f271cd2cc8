"""Background work of the credentials app: thin wrappers over its services.

Issuing needs no task (it happens in the completing transaction) and PDFs are drawn on demand; the
one background job is catching up on certificates that could not be signed when the course was
completed (no signing key configured), the same as `manage.py issue_missing_certificates`.
"""

from django_tasks import task

from naker.credentials import services


@task()
def issue_missing_certificates_task() -> int:
    return len(services.issue_missing_course_certificates())
