from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from naker.core.models import AuditEvent, PeriodicJobRun


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "action", "actor", "subject", "organization_code", "ip_address"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "subject"]

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False  # the audit log is append-only

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(PeriodicJobRun)
class PeriodicJobRunAdmin(admin.ModelAdmin):
    """The platform's periodic jobs and when each last ran (read-only: the scheduler writes it)."""

    list_display = ["name", "kind", "schedule", "status", "last_started_at", "last_success_at", "runs", "failures"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in PeriodicJobRun._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
