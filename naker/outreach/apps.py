from django.apps import AppConfig

from naker.accounts.events import AccountErased, InvitationFollowed, PersonalDataRequested, WorkerRegistered
from naker.core import events, metrics


class OutreachConfig(AppConfig):
    name = "naker.outreach"
    label = "outreach"

    def ready(self) -> None:
        # Imported here, not at the top: services, selectors and periodic's run records load models,
        # which only exist once apps are ready.
        from naker.core import periodic
        from naker.outreach import selectors, services
        from naker.outreach.invitation_links import services as invitation_links
        from naker.outreach.member_import.handlers import delete_refused_rows_of_erased
        from naker.outreach.member_import.selectors import progress_for_metrics

        def credit_referral(event: WorkerRegistered) -> None:
            if event.referral_code:
                services.record_referral(user=event.user, code=event.referral_code)
                invitation_links.join_through_link(
                    user=event.user,
                    referral_code=event.referral_code,
                    union_code=event.union_code,
                    consent_at=event.consent_at,
                )

        def union_of_link(event: InvitationFollowed) -> tuple[str, str] | None:
            return invitation_links.union_of_link(event.referral_code)

        def forget(event: AccountErased) -> None:
            services.forget_person(user=event.user)

        def outreach_section(event: PersonalDataRequested) -> tuple[str, object]:
            return "outreach", selectors.personal_outreach_data(event.user)

        events.subscribe(WorkerRegistered, credit_referral)
        events.subscribe(InvitationFollowed, union_of_link)
        events.subscribe(AccountErased, forget)
        events.subscribe(AccountErased, delete_refused_rows_of_erased)
        events.subscribe(PersonalDataRequested, outreach_section)
        metrics.register_collector(
            "naker_member_import_rows",
            "Member imports: rows processed and to do in the runs now queued or running (kind=processed|total),"
            " and imports per status (kind=imports)",
            ("kind", "status"),
            progress_for_metrics,
        )
        periodic.register(
            "outreach.resume_stalled_imports",
            func="naker.outreach.member_import.tasks.resume_stalled_imports",
            cron="* * * * *",
            stale_after_minutes=3,  # a killed run of this quick job must not hold it back for hours
            description="Member imports whose task worker stopped (no heartbeat for two minutes) go on "
            "from their checkpoint",
        )
        periodic.retention(
            "outreach.expired_imports",
            func="naker.outreach.member_import.services.purge_expired_imports",
            cron="30 * * * *",  # hourly: an upload never confirmed goes 24 h after it came, not up to a day later
            description="Member imports (and their refused-rows files) older than NAKER_IMPORT_RETENTION_DAYS, "
            "and uploads never confirmed after 24 hours",
        )
