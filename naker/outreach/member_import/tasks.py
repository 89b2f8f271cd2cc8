"""Background work of the member import: thin wrappers over its services."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from naker.outreach.member_import import selectors, services
from naker.outreach.models import MemberImport


@task()
def describe_member_list_task(import_id: int) -> str:
    """Reads an uploaded list's header and rows (services.describe_member_list): the upload's
    request only stores the file, so a big or hostile file never holds a web worker."""
    imp = services.describe_member_list(import_id=import_id)
    return imp.status if imp else "gone"


@task()
def run_import_task(import_id: int) -> dict[str, object]:
    """Runs (or resumes) an import; once it is done, its invitation emails are queued."""
    imp = services.run_import(import_id=import_id)
    if imp.status == MemberImport.Status.DONE:
        transaction.on_commit(lambda: send_invitations_task.enqueue(import_id))
    return selectors.import_summary(imp)


@task()
def send_invitations_task(import_id: int) -> int:
    return services.send_invitation_emails(import_id=import_id)


def resume_stalled_imports() -> str:
    """Periodic job (every minute): queues again the runs whose task worker died (no heartbeat for
    two minutes), so a killed worker's import goes on from its checkpoint without anyone opening
    its page; a reading of an upload that stopped half-way ends failed (upload again)."""
    resumed = services.resume_stalled_imports(on_queued=run_import_task.enqueue)
    ended = services.fail_stalled_readings()
    return f"{len(resumed)} resumed, {len(ended)} stalled readings ended"


@task()
def purge_expired_imports_task() -> int:
    """Deletes the imports past their retention period (see services.purge_expired_imports).

    Nothing schedules it yet: the periodic scheduler is chosen in the operations issue; until then
    run `manage.py purge_expired_imports` daily (cron)."""
    return services.purge_expired_imports()
