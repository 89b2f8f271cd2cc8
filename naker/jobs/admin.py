"""Django admin for platform administrators. Reviewing posts, flags and licences has its own pages
(/tinjau-lowongan/), which go through the services' rules; the admin site is for looking things up."""

from django.contrib import admin

from naker.jobs.models import AgencyLicence, Opportunity, Placement, PosterFlag


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "kind", "status", "closes_on", "reported_to_karirhub_on")
    list_filter = ("kind", "status")
    search_fields = ("title", "employer__name", "employer__code")
    raw_id_fields = ("employer", "regency", "province", "licence", "reviewed_by", "created_by", "vouched_by")
    filter_horizontal = ("preferred_courses",)


@admin.register(AgencyLicence)
class AgencyLicenceAdmin(admin.ModelAdmin):
    list_display = ("agency", "number", "valid_from", "valid_until")
    search_fields = ("number", "agency__name")
    raw_id_fields = ("agency", "recorded_by")


@admin.register(PosterFlag)
class PosterFlagAdmin(admin.ModelAdmin):
    list_display = ("employer", "union", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    raw_id_fields = ("employer", "opportunity", "flagged_by", "union")


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "employer", "kind", "regency", "hired_at")
    list_filter = ("kind",)
    # counts, not people: the worker is not shown
    exclude = ("worker", "application")
    readonly_fields = ("opportunity", "employer", "kind", "regency", "province", "sector", "union", "source_course")

    def has_add_permission(self, request: object) -> bool:
        return False
