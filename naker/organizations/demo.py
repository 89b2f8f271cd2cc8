"""Demo organisations and the organisations' part of the demo people: roles of the demo accounts and
the union memberships of seeded workers. Idempotent, like accounts.demo; called by seed_demo."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from naker.accounts.demo import DEMO_PASSWORD, BatchHook
from naker.organizations.models import Membership, Organization

if TYPE_CHECKING:
    from naker.accounts.models import User


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    level: str = Organization.Level.SINGLE
    parent: str | None = None
    province: str | None = None
    regency: str | None = None
    sector: str | None = None
    kadin_member: bool = False


K, U = Organization.Kind, Organization.Level
ORGANIZATIONS = [
    OrgSpec("kadin", "Kadin Indonesia", K.CHAMBER, U.NATIONAL),
    OrgSpec("kadin-dki", "Kadin DKI Jakarta", K.CHAMBER, U.PROVINCE, "kadin", province="31"),
    OrgSpec("kadin-jabar", "Kadin Jawa Barat", K.CHAMBER, U.PROVINCE, "kadin", province="32"),
    OrgSpec("kadin-jatim", "Kadin Jawa Timur", K.CHAMBER, U.PROVINCE, "kadin", province="35"),
    OrgSpec("kadin-sumut", "Kadin Sumatera Utara", K.CHAMBER, U.PROVINCE, "kadin", province="12"),
    OrgSpec("kadin-sulsel", "Kadin Sulawesi Selatan", K.CHAMBER, U.PROVINCE, "kadin", province="73"),
    OrgSpec("kadin-ntt", "Kadin Nusa Tenggara Timur", K.CHAMBER, U.PROVINCE, "kadin", province="53"),
    OrgSpec(
        "kadin-kota-bekasi", "Kadin Kota Bekasi", K.CHAMBER, U.REGENCY, "kadin-jabar", province="32", regency="32.75"
    ),
    OrgSpec("ksbsi", "Konfederasi Serikat Buruh Sejahtera Indonesia (KSBSI)", K.UNION, U.CONFEDERATION),
    OrgSpec("ksbsi-dki", "KSBSI DKI Jakarta", K.UNION, U.BRANCH, "ksbsi", province="31"),
    OrgSpec("ksbsi-jabar", "KSBSI Jawa Barat", K.UNION, U.BRANCH, "ksbsi", province="32"),
    OrgSpec("ksbsi-sumut", "KSBSI Sumatera Utara", K.UNION, U.BRANCH, "ksbsi", province="12"),
    OrgSpec("ksbsi-sulsel", "KSBSI Sulawesi Selatan", K.UNION, U.BRANCH, "ksbsi", province="73"),
    OrgSpec("kspsi", "Konfederasi Serikat Pekerja Seluruh Indonesia (KSPSI)", K.UNION, U.CONFEDERATION),
    OrgSpec("kspsi-dki", "KSPSI DKI Jakarta", K.UNION, U.BRANCH, "kspsi", province="31"),
    OrgSpec("kspsi-jateng", "KSPSI Jawa Tengah", K.UNION, U.BRANCH, "kspsi", province="33"),
    OrgSpec("kspsi-jatim", "KSPSI Jawa Timur", K.UNION, U.BRANCH, "kspsi", province="35"),
    OrgSpec("kspsi-kaltim", "KSPSI Kalimantan Timur", K.UNION, U.BRANCH, "kspsi", province="64"),
    OrgSpec("kspsi-ntt", "KSPSI Nusa Tenggara Timur", K.UNION, U.BRANCH, "kspsi", province="53"),
    OrgSpec(
        "pt-maju-bersama",
        "PT Maju Bersama Manufaktur",
        K.COMPANY,
        sector="C",
        kadin_member=True,
        province="32",
        regency="32.16",
    ),
    OrgSpec(
        "pt-sinar-logistik", "PT Sinar Logistik Nusantara", K.COMPANY, sector="H", kadin_member=True, province="31"
    ),
    OrgSpec(
        "pt-karya-migran", "PT Karya Migran Sejahtera (P3MI)", K.COMPANY, sector="N", province="35", regency="35.78"
    ),
    # the jobs demo's other employers: a hotel in Bali and a small business offering side gigs
    OrgSpec(
        "hotel-bali-permai",
        "PT Bali Permai Hotel & Resort",
        K.COMPANY,
        sector="I",
        kadin_member=True,
        province="51",
        regency="51.03",
    ),
    OrgSpec("cv-kreasi-rumahan", "CV Kreasi Rumahan Yogya", K.COMPANY, sector="G", province="34", regency="34.71"),
    OrgSpec("lpk-terampil", "LPK Terampil Mandiri", K.PROVIDER, province="31"),
    OrgSpec("blk-bekasi", "BLK Kota Bekasi", K.PROVIDER, province="32", regency="32.75"),
    OrgSpec("lsp-manufaktur", "LSP Manufaktur Indonesia", K.CERTIFICATION_BODY, province="31"),
]

# The demo accounts' organisation and role (accounts.demo.DEMO_ACCOUNTS has the people).
DEMO_ROLES = {
    "pekerja@demo.naker.id": ("ksbsi-dki", Membership.Role.MEMBER),
    "serikat@demo.naker.id": ("ksbsi-dki", Membership.Role.OFFICER),
    "kadin@demo.naker.id": ("kadin-dki", Membership.Role.OFFICER),
    "lpk@demo.naker.id": ("lpk-terampil", Membership.Role.ADMIN),
    "perusahaan@demo.naker.id": ("pt-maju-bersama", Membership.Role.ADMIN),
    "lsp@demo.naker.id": ("lsp-manufaktur", Membership.Role.ADMIN),
}


def ensure_organizations() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        org = Organization.objects.filter(code=spec.code).first() or Organization(code=spec.code)
        org.name, org.kind, org.level = spec.name, spec.kind, spec.level
        org.parent = orgs[spec.parent] if spec.parent else None
        org.province_id, org.regency_id, org.sector_id = spec.province, spec.regency, spec.sector
        org.is_kadin_member = spec.kadin_member
        org.save()
        orgs[spec.code] = org
    return orgs


def ensure_demo_roles(orgs: dict[str, Organization], accounts: dict[str, User]) -> None:
    """The demo accounts' memberships and offices."""
    for email, (org_code, role) in DEMO_ROLES.items():
        user = accounts[email]
        Membership.objects.update_or_create(
            user=user,
            organization=orgs[org_code],
            defaults={"role": role, "consent_at": user.date_joined if role == Membership.Role.MEMBER else None},
        )


def seeded_union_memberships() -> BatchHook:
    """A hook for accounts.demo.seed_workers: about 60% of seeded workers join a union branch of their
    province (a confederation where none has a branch there)."""
    unions = list(Organization.objects.filter(kind=Organization.Kind.UNION))
    roots = [o for o in unions if o.parent_id is None]
    branches: dict[str, list[Organization]] = {}
    for o in unions:
        if o.parent_id and o.province_id:
            branches.setdefault(o.province_id, []).append(o)

    def add_memberships(batch: list[tuple[User, str]], rng: random.Random) -> None:
        memberships = [
            Membership(user=user, organization=rng.choice(branches.get(province) or roots), consent_at=user.date_joined)
            for user, province in batch
            if rng.random() < 0.6
        ]
        Membership.objects.bulk_create(memberships, batch_size=1000)

    return add_memberships


def iter_demo_logins(emails: list[str]) -> Iterator[str]:
    for email in emails:
        org, role = DEMO_ROLES.get(email, (None, None))
        what = (
            f"{role} of {org}"
            if org
            else ("assessor of lsp-manufaktur" if email.startswith("asesor@") else "platform admin")
        )
        yield f"  {email:<28} {DEMO_PASSWORD}   ({what})"
