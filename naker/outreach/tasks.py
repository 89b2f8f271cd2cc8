"""Background work of the outreach app: thin wrappers over its services."""

from django_tasks import task

from naker.outreach import services


@task()
def run_import_task(import_id: int) -> dict[str, object]:
    return services.summary(services.run(import_id=import_id))


@task()
def send_invitations_task(import_id: int) -> int:
    return services.send_email_invitations(import_id=import_id)
