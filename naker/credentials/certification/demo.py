"""Demo data of competency certification: LSP Manufaktur Indonesia (`lsp-manufaktur`) with two
schemes built from real SKKNI units (source: naker/skills/data/README.md), two assessment venues,
an assessor (asesor@demo.naker.id), applications at every stage, and issued competency
certificates, one of the demo worker's ending within 90 days. Idempotent: nothing is added twice."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from naker.accounts import selectors as account_selectors
from naker.credentials.certification import services
from naker.credentials.certification.models import Application, Scheme
from naker.organizations import selectors as org_selectors
from naker.skills.loader import load_demo_units
from naker.skills.models import UnitElement

if TYPE_CHECKING:
    from naker.accounts.models import User

LSP = "lsp-manufaktur"
SCHEMES = [
    (
        "OLD-01",
        "Operator Las Dasar",
        ["LOG.OO01.002.01", "LOG.OO01.003.01", "LOG.OO02.005.01", "LOG.OO09.001.01"],
        "Minimal SMP/sederajat; pernah ikut pelatihan las atau 1 tahun pengalaman kerja di bengkel las.",
        750_000,
    ),
    (
        "K3M-01",
        "Klaster K3 dan Mutu Manufaktur",
        ["LOG.OO01.002.01", "LOG.OO01.003.01"],
        "Minimal SMP/sederajat; bekerja atau pernah bekerja di industri manufaktur.",
        400_000,
    ),
]
# the stage each seeded worker's application is brought to (in this order)
STAGES = [
    "submitted",
    "needs_more",
    "refused",
    "accepted",
    "scheduled",
    "assessed",
    "appealed",
    "not_yet_competent",
    "certified",
]


def _walk(
    application: Application, stage: str, *, staff: User, assessor_user: User, venue_id: int, assessor_id: int
) -> None:
    """Brings a fresh application to `stage` through the services, as people would."""
    if stage == "submitted":
        return
    if stage in ("needs_more", "refused"):
        note = (
            "Unggah fotokopi ijazah terakhir." if stage == "needs_more" else "Belum memenuhi syarat pengalaman kerja."
        )
        services.check_application(actor=staff, application_id=application.pk, outcome=stage, note=note)
        return
    services.check_application(actor=staff, application_id=application.pk, outcome="complete")
    if stage == "accepted":
        return
    services.schedule_assessment(
        actor=staff,
        application_id=application.pk,
        at=timezone.now() + datetime.timedelta(days=5),
        venue_id=venue_id,
        assessor_id=assessor_id,
    )
    if stage == "scheduled":
        return
    codes = list(application.units.values_list("skill_id", flat=True))
    results = {c: {"result": "K", "methods": ["observation", "oral_questions"]} for c in codes}
    if stage == "not_yet_competent":
        results[codes[-1]]["result"] = "BK"
    services.record_assessment(actor=assessor_user, application_id=application.pk, results=results)
    if stage == "assessed":
        return
    if stage == "appealed":
        services.appeal(actor=application.worker, application_id=application.pk, text="Mohon ditinjau ulang unit mutu.")
        return
    Application.objects.filter(pk=application.pk).update(appeal_until=timezone.now() - datetime.timedelta(minutes=1))
    services.decide(actor=staff, application_id=application.pk, note="Rapat keputusan LSP.")


def seed_certification() -> int:
    """Returns the number of applications made now (0 when the demo is there already)."""
    lsp = org_selectors.organization(LSP)
    staff = account_selectors.user_by_login("lsp@demo.naker.id")
    assessor_user = account_selectors.user_by_login("asesor@demo.naker.id")
    worker = account_selectors.user_by_login("pekerja@demo.naker.id")
    if lsp is None or staff is None or assessor_user is None or worker is None:
        return 0
    load_demo_units()
    schemes = {}
    for code, name, units, requirements, fee in SCHEMES:
        scheme = Scheme.objects.filter(lsp=lsp, code=code).first() or services.create_scheme(
            actor=staff,
            lsp_code=LSP,
            code=code,
            name=name,
            kind="cluster",
            unit_codes=units,
            requirements=requirements,
            fee=fee,
        )
        schemes[code] = scheme
    if Application.objects.filter(scheme__lsp=lsp).exists():
        return 0
    venue = services.add_venue(
        actor=staff,
        lsp_code=LSP,
        name="TUK Sewaktu BLK Cakung",
        kind="temporary",
        regency_code="31.72",
        address="Jl. Raya Bekasi Km 18",
    )
    services.add_venue(
        actor=staff, lsp_code=LSP, name="TUK Tempat Kerja PT Maju Bersama", kind="workplace", regency_code="32.75"
    )
    assessor = services.add_assessor(
        actor=staff,
        lsp_code=LSP,
        login="asesor@demo.naker.id",
        name="Bambang Sutrisno",
        registration_number="MET.000.004512.2019",
    )
    walk: dict[str, Any] = {
        "staff": staff,
        "assessor_user": assessor_user,
        "venue_id": venue.pk,
        "assessor_id": assessor.pk,
    }
    made = 0
    candidates = list(account_selectors.workers().filter(phone__startswith="+62859").order_by("pk")[: len(STAGES)])
    for person, stage in zip(candidates, STAGES, strict=False):
        scheme = schemes["OLD-01"]
        elements = list(UnitElement.objects.filter(skill__in=scheme.units.all()).values_list("pk", flat=True))
        application = services.apply(worker=person, scheme_id=scheme.pk, competent_elements=elements)
        _walk(application, stage, **walk)
        made += 1
    # the demo worker: a competency certificate issued 33 months ago (ends within 90 days), and an
    # application in progress for the other scheme
    k3m = schemes["K3M-01"]
    elements = list(UnitElement.objects.filter(skill__in=k3m.units.all()).values_list("pk", flat=True))
    old = services.apply(worker=worker, scheme_id=k3m.pk, competent_elements=elements)
    _walk(old, "assessed", **walk)
    decided = timezone.now() - datetime.timedelta(days=3 * 365 - 60)
    Application.objects.filter(pk=old.pk).update(
        appeal_until=decided - datetime.timedelta(days=1), assessed_at=decided - datetime.timedelta(days=15)
    )
    services.decide(actor=staff, application_id=old.pk, note="Rapat keputusan LSP.", decided_at=decided)
    current = services.apply(worker=worker, scheme_id=schemes["OLD-01"].pk, competent_elements=elements)
    _walk(current, "scheduled", **walk)
    return made + 2
