"""Demo data for matching: skill profiles from the demo's completions and competency certificates,
and job preferences, so that "Lowongan untuk saya" and an employer's candidates make sense on screen."""

from __future__ import annotations

from naker.accounts import selectors as account_selectors
from naker.accounts.demo import SEEDED_PHONE_PREFIX
from naker.jobs.matching import services
from naker.jobs.models import JobPreference


def ensure_matching() -> dict[str, int]:
    done = services.build_skill_profiles()
    if JobPreference.objects.exists():
        return done  # preferences are the workers' own once set: a second run leaves them
    worker = account_selectors.users().filter(email="pekerja@demo.naker.id").first()
    if worker is not None:
        services.set_job_preferences(worker=worker, kinds=["job", "apprenticeship", "side_gig"], findable=True)
        services.declare_skill(worker=worker, code="NK-DIG-01")
    # a third of the seeded learners let employers find them; one objects to automated matching
    seeded = account_selectors.workers().filter(phone__startswith=SEEDED_PHONE_PREFIX).order_by("pk")[:40]
    for i, person in enumerate(seeded):
        if i % 3 == 0:
            services.set_job_preferences(worker=person, findable=True)
        elif i == 1:
            services.set_job_preferences(worker=person, automated_matching=False)
    return done
