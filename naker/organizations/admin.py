from django.contrib import admin

from naker.organizations.models import Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "path"]
    list_filter = ["kind", "level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "province", "regency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "joined_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization", "consent_attested_by"]
