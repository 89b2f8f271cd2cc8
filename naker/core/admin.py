from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from naker.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "action", "actor", "subject", "organization_code", "ip_address"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "subject"]

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False  # the audit log is append-only

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
