from django.contrib import admin

from naker.accounts.models import ApiToken, User, WorkerProfile


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["id", "full_name", "phone", "email", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["full_name", "phone", "email"]
    exclude = ["password"]
    readonly_fields = ["last_login", "date_joined", "erased_at"]


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    # The NIK shows masked only: a whole NIK is revealed through the audited officer view.
    list_display = ["user", "nik_masked", "regency", "sex", "education", "employment_status", "created_at"]
    list_select_related = ["user", "regency"]
    exclude = ["nik_encrypted", "nik_hash"]
    readonly_fields = ["nik_masked", "consent_version", "consent_at"]
    raw_id_fields = ["user", "regency", "province"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "name", "created_at", "expires_at", "revoked_at"]
    exclude = ["key_hash"]
    raw_id_fields = ["user"]
