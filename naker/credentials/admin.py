from django.contrib import admin

from naker.credentials.models import Credential


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "title", "issuer_name", "issued_at", "revoked_at")
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer_name")
    # The signed copy is shown, never changed: a change would break its signature.
    readonly_fields = [f.name for f in Credential._meta.fields]
    raw_id_fields = ("holder", "revoked_by", "issuer_org", "course")

    def has_add_permission(self, request: object) -> bool:
        return False
