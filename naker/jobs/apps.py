from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core.events import subscribe
from naker.credentials.events import CompetencyCertified, CompetencyWithdrawn
from naker.learning.events import CourseCompleted, CourseNoticesRequested


class JobsConfig(AppConfig):
    name = "naker.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Imported here: models (reached through services, selectors and periodic's run records) load
        # only once apps are ready.
        from naker.core import periodic
        from naker.jobs import selectors, services
        from naker.jobs.matching import selectors as matching_selectors
        from naker.jobs.matching import services as matching

        subscribe(CourseCompleted, services.on_course_completed)
        subscribe(CourseNoticesRequested, selectors.course_notices)
        subscribe(AccountErased, services.forget_worker)
        subscribe(PersonalDataRequested, selectors.export_section)
        periodic.register(
            "jobs.expire_opportunities",
            func="naker.jobs.services.expire_opportunities",
            cron="5 0 * * *",
            description="Opportunities past their closing date leave the skill index",
        )

        # skill profiles from evidence: a completed course's skills become the worker's
        subscribe(CourseCompleted, matching.on_course_completed)
        subscribe(AccountErased, matching.forget_worker)
        subscribe(PersonalDataRequested, matching_selectors.export_section)
        # ... and a competency certificate's units its verified ones, until it is revoked or expires
        subscribe(CompetencyCertified, matching.on_competency_certified)
        subscribe(CompetencyWithdrawn, matching.on_competency_withdrawn)

        # What every viewer sees alike of the open opportunities is kept a short time under their
        # generation (selectors.OPPORTUNITIES, issue 13): any write to what a card, a list or a match
        # shows makes new keys. Bulk updates bump it where they are made (services).
        from naker.jobs.models import AgencyLicence, Opportunity, OpportunitySkill
        from naker.learning.models import Course
        from naker.organizations.models import Organization

        def changed(sender: Any, **kwargs: Any) -> None:
            selectors.OPPORTUNITIES.bump()

        def organization_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
            # employers' and chambers' names are on the cards (the vouching chamber's too)
            if instance.kind in (Organization.Kind.COMPANY, Organization.Kind.CHAMBER):
                selectors.OPPORTUNITIES.bump()

        # courses are the paths of a person's matches (titles, hours, prices, what they teach)
        for model in (Opportunity, OpportunitySkill, AgencyLicence, Course):
            uid = f"naker.jobs.opportunities_changed.{model.__name__}"
            post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)
        m2m_changed.connect(
            changed,
            sender=Course.skills.through,
            dispatch_uid="naker.jobs.opportunities_changed.course_skills",
            weak=False,
        )
        # an employer's dashboard is kept under its generation (selectors.board_of); the models only
        # once the registry is ready, as the handlers above
        from naker.jobs.models import Application, Placement

        def board_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
            employer_id = getattr(instance, "employer_id", None)
            if employer_id is None and sender is Application:
                employer_id = (
                    Opportunity.objects.filter(pk=instance.opportunity_id).values_list("employer_id", flat=True).first()
                )
            if employer_id is not None:
                selectors.board_generation(employer_id).bump()

        def application_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
            services.application_deleted(instance)  # its post's count per stage (Opportunity.applicants_<stage>)

        post_delete.connect(
            application_deleted, sender=Application, dispatch_uid="naker.jobs.application_deleted", weak=False
        )

        for counted in (Opportunity, Application, Placement):
            uid = f"naker.jobs.board_changed.{counted.__name__}"
            post_save.connect(board_changed, sender=counted, dispatch_uid=uid, weak=False)
            post_delete.connect(board_changed, sender=counted, dispatch_uid=uid, weak=False)
        for signal in (post_save, post_delete):
            signal.connect(
                organization_changed, sender=Organization, dispatch_uid="naker.jobs.employer_changed", weak=False
            )
