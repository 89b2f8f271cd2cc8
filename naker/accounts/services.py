"""Every write of the accounts app: one function per use case, each in one transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import errors
from naker.accounts.events import AccountErased, InvitationFollowed, RegistrationSubmitted, UnionNamed, WorkerRegistered
from naker.accounts.export import personal_data
from naker.accounts.models import ApiToken, PasswordResetCode, User, WorkerProfile
from naker.accounts.nik import NikError, NikInfo, StoredNik, read_nik, stored_nik
from naker.accounts.phone import PhoneError, normalize_phone
from naker.accounts.selectors import user_by_login
from naker.core import audit, crypto, events
from naker.core.models import AuditEvent
from naker.regions import selectors as region_selectors
from naker.regions.models import Regency
from naker.skills import selectors as skill_selectors
from naker.skills.models import Occupation, Sector


@dataclass
class Registration:
    """What a worker submits to register, as typed."""

    full_name: str
    phone: str
    password: str
    nik: str
    regency_code: str
    consent: bool
    email: str | None = None
    union_code: str | None = None
    union_consent: bool = False
    education: str = ""
    employment_status: str = ""
    occupation_code: str | None = None
    referral_code: str | None = None
    sector_code: str | None = None
    goals: list[str] = field(default_factory=list)


@dataclass
class CheckedRegistration:
    """A registration every rule has passed: the NIK read once, its stored columns built once."""

    full_name: str
    phone: str
    email: str | None
    nik: NikInfo
    stored_nik: StoredNik
    regency: Regency
    education: str
    employment_status: str
    occupation: Occupation | None
    union_code: str = ""
    sector: Sector | None = None
    goals: list[str] = field(default_factory=list)
    union_name: str = ""


def _check_nik(raw: str, problems: dict[str, str]) -> NikInfo | None:
    try:
        return read_nik(raw)
    except NikError as exc:
        problems["nik"] = str(exc)
        return None


EMAIL_MAX_LENGTH = 254  # the User's email column (models.EmailField's default, RFC 5321)


def _check_email(email: str, problems: dict[str, str]) -> bool:
    """A well-formed address that fits the email column (254 characters, RFC 5321)."""
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = _("This is not a valid email address.")
        return False
    if len(email) > EMAIL_MAX_LENGTH:
        problems["email"] = _("This is not a valid email address.")
        return False
    return True


def _check_choice(value: str, choices: type[TextChoices], name: str, problems: dict[str, str]) -> str:
    if value and value not in choices.values:
        problems[name] = _("Choose one of the options.")
    return value or ""


def inviting_union(referral_code: str | None) -> tuple[str, str] | None:
    """The `(code, name)` of the union whose invitation link this is, or None."""
    if not referral_code:
        return None
    return next(iter(events.collect(InvitationFollowed(referral_code=referral_code))), None)


def check_registration(data: Registration) -> CheckedRegistration:
    """Validates every field at once; raises RegistrationInvalid naming each field that is wrong,
    then NikTaken / PhoneTaken / EmailTaken where the person is already registered."""
    problems: dict[str, str] = {}
    full_name = " ".join((data.full_name or "").split())
    if len(full_name) < 2:
        problems["full_name"] = _("Enter your full name as on your KTP.")
    phone = ""
    try:
        phone = normalize_phone(data.phone)
    except PhoneError as exc:
        problems["phone"] = str(exc)
    email = (data.email or "").strip().lower() or None
    if email:
        _check_email(email, problems)
    nik = _check_nik(data.nik, problems)
    regency = region_selectors.regency(data.regency_code or "")
    if regency is None:
        problems["regency_code"] = _("Choose the regency or city where you live.")
    education = _check_choice(data.education, WorkerProfile.Education, "education", problems)
    employment = _check_choice(data.employment_status, WorkerProfile.Employment, "employment_status", problems)
    occupation = None
    if data.occupation_code:
        occupation = skill_selectors.occupation(data.occupation_code)
        if occupation is None:
            problems["occupation_code"] = _("Choose one of the options.")
    sector, goals = _check_sector_and_goals(data.sector_code, data.goals, problems)
    union_code = (data.union_code or "").strip()
    # The apps above accounts check their part (organizations: the union code and its consent).
    for refused in events.collect(RegistrationSubmitted(union_code=union_code, union_consent=data.union_consent)):
        problems.update(refused)
    if not data.consent:
        problems["consent"] = _("You must agree to the privacy notice to register.")
    try:
        validate_password(data.password or "", User(full_name=full_name, phone=phone, email=email))
    except ValidationError as exc:
        problems["password"] = " ".join(str(m) for m in exc.messages)
    if problems or nik is None or regency is None:
        raise errors.RegistrationInvalid(_("Some fields need fixing."), field_errors=problems)
    if union_code:
        # The worker may type the union's code or its name: from here on it is the code.
        union_code, union_name = next(iter(events.collect(UnionNamed(text=union_code))), (union_code, ""))
    else:
        union_name = ""
    checked = CheckedRegistration(
        union_name=union_name,
        full_name=full_name,
        phone=phone,
        email=email,
        nik=nik,
        regency=regency,
        education=education,
        employment_status=employment,
        occupation=occupation,
        union_code=union_code,
        sector=sector,
        goals=goals,
        stored_nik=stored_nik(nik),
    )
    _refuse_duplicates(checked)
    return checked


def _check_sector_and_goals(
    sector_code: str | None, goals: list[str] | None, problems: dict[str, str]
) -> tuple[Sector | None, list[str]]:
    sector = None
    if sector_code:
        sector = next((s for s in skill_selectors.sectors() if s.code == sector_code), None)
        if sector is None:
            problems["sector_code"] = _("Choose one of the options.")
    goals = list(dict.fromkeys(goals or []))
    if any(g not in WorkerProfile.Goal.values for g in goals):
        problems["goals"] = _("Choose among the options.")
    return sector, goals


@dataclass
class ProfileChanges:
    """What a worker may change about themselves (the NIK and its birth date and sex cannot change)."""

    full_name: str
    email: str | None
    regency_code: str
    education: str = ""
    employment_status: str = ""
    occupation_code: str | None = None
    sector_code: str | None = None
    goals: list[str] = field(default_factory=list)


@transaction.atomic
def update_profile(*, user: User, changes: ProfileChanges) -> User:
    """Saves the worker's changes, all or nothing, naming each field that is wrong."""
    problems: dict[str, str] = {}
    full_name = " ".join((changes.full_name or "").split())
    if len(full_name) < 2:
        problems["full_name"] = _("Enter your full name as on your KTP.")
    email = (changes.email or "").strip().lower() or None
    taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk)
    if email and _check_email(email, problems) and taken.exists():
        problems["email"] = _("This email is already registered. Log in, or reset your password.")
    regency = region_selectors.regency(changes.regency_code or "")
    if regency is None:
        problems["regency_code"] = _("Choose the regency or city where you live.")
    education = _check_choice(changes.education, WorkerProfile.Education, "education", problems)
    employment = _check_choice(changes.employment_status, WorkerProfile.Employment, "employment_status", problems)
    occupation = skill_selectors.occupation(changes.occupation_code) if changes.occupation_code else None
    if changes.occupation_code and occupation is None:
        problems["occupation_code"] = _("Choose one of the options.")
    sector, goals = _check_sector_and_goals(changes.sector_code, changes.goals, problems)
    if problems or regency is None:
        raise errors.RegistrationInvalid(_("Some fields need fixing."), field_errors=problems)
    user.full_name, user.email = full_name, email
    user.save(update_fields=["full_name", "email"])
    WorkerProfile.objects.filter(user=user).update(
        regency=regency,
        province_id=regency.province_id,
        education=education,
        employment_status=employment,
        occupation=occupation,
        sector=sector,
        goals=goals,
    )
    return user


def _refuse_duplicates(checked: CheckedRegistration) -> None:
    if WorkerProfile.objects.filter(nik_hash=checked.stored_nik.hash).exists():
        raise errors.NikTaken(errors.NIK_TAKEN_MESSAGE, field_errors={"nik": errors.NIK_TAKEN_MESSAGE})
    if User.objects.filter(phone=checked.phone).exists():
        msg = _("This mobile number is already registered. Log in, or reset your password.")
        raise errors.PhoneTaken(msg, field_errors={"phone": msg})
    if checked.email and User.objects.filter(email__iexact=checked.email).exists():
        msg = _("This email is already registered. Log in, or reset your password.")
        raise errors.EmailTaken(msg, field_errors={"email": msg})


@transaction.atomic
def register_worker(*, data: Registration) -> User:
    """Creates the worker's account and profile (and, through WorkerRegistered, the union membership
    and the referral) or nothing."""
    checked = check_registration(data)
    now = timezone.now()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                phone=checked.phone, password=data.password, full_name=checked.full_name, email=checked.email
            )
            WorkerProfile.objects.create(
                user=user,
                **checked.stored_nik.as_fields(),
                birth_date=checked.nik.birth_date,
                sex=checked.nik.sex,
                province_id=checked.regency.province_id,
                regency=checked.regency,
                education=checked.education,
                employment_status=checked.employment_status,
                occupation=checked.occupation,
                sector=checked.sector,
                goals=checked.goals,
                consent_version=settings.NAKER_CONSENT_VERSION,
                consent_at=now,
            )
    except IntegrityError:
        # Two registrations raced past the checks above; the unique constraints decided.
        _refuse_duplicates(checked)
        raise
    events.publish(
        WorkerRegistered(
            user=user, consent_at=now, union_code=checked.union_code, referral_code=(data.referral_code or "").strip()
        )
    )
    return user


# --- tokens -----------------------------------------------------------------------------------


def _authenticate(*, login: str, password: str, request: HttpRequest | None) -> User:
    user = authenticate(request, username=login, password=password)
    if request is not None and getattr(request, "axes_locked_out", False):
        raise errors.LockedOut(_("Too many failed attempts. Wait 15 minutes, or reset your password."))
    if user is None:
        raise errors.InvalidCredentials(_("The mobile number/email or password is wrong."))
    if not isinstance(user, User):  # the only user model; narrows AbstractBaseUser for the type checker
        raise errors.InvalidCredentials(_("The mobile number/email or password is wrong."))
    return user


def issue_token(
    *, login: str, password: str, request: HttpRequest | None = None, name: str = ""
) -> tuple[str, ApiToken]:
    """Checks the login and returns a new bearer token (shown once; only its hash is kept).

    Not one transaction on purpose: a failed attempt must stay recorded for the throttle.
    """
    user = _authenticate(login=login, password=password, request=request)
    raw = "nk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=crypto.sha256(raw),
        name=name[:100],
        expires_at=timezone.now() + timedelta(days=settings.NAKER_TOKEN_TTL_DAYS),
    )
    return raw, token


def revoke_token(*, raw_token: str) -> None:
    ApiToken.objects.filter(key_hash=crypto.sha256(raw_token), revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- the worker's own data ---------------------------------------------------------------------


def export_personal_data(*, user: User, request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything held about this person, as JSON-ready data (UU PDP right of access)."""
    data = personal_data(user)
    audit.record(action=AuditEvent.Action.DATA_EXPORTED, actor=user, subject=user, detail="self", request=request)
    return data


@transaction.atomic
def erase_account(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """Removes every personal field; the row stays, without a name, so anonymous counts survive."""
    if not user.check_password(password):
        msg = _("The password is wrong.")
        raise errors.WrongPassword(msg, field_errors={"password": msg})
    audit.record(
        action=AuditEvent.Action.ACCOUNT_ERASED, actor=None, subject=None, detail=f"user {user.pk}", request=None
    )
    # First the apps above forget their part: some find the person's files by the NIK hash and the
    # phone number, which are wiped just below.
    events.publish(AccountErased(user=user))
    WorkerProfile.objects.filter(user=user).update(nik_encrypted="", nik_hash=None, nik_masked="", birth_date=None)
    user.api_tokens.all().delete()
    user.reset_codes.all().delete()
    user.audit_trail.update(subject=None)
    user.full_name = ""
    user.phone = None
    user.email = None
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()


# --- password reset by a code an officer hands out ----------------------------------------------


def create_reset_code(*, user: User, issued_by: User) -> str:
    """A 6-digit code valid for a short while and once. The caller checks the officer's scope."""
    code = f"{secrets.randbelow(10**6):06d}"
    PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    PasswordResetCode.objects.create(
        user=user,
        code_hash=crypto.keyed_hash(f"{user.pk}:{code}"),
        issued_by=issued_by,
        expires_at=timezone.now() + timedelta(minutes=settings.NAKER_RESET_CODE_TTL_MINUTES),
    )
    return code


MAX_CODE_ATTEMPTS = 5


def reset_password_with_code(*, login: str, code: str, new_password: str) -> User:
    """Sets a new password with an officer's code. A wrong code counts (committed) and burns after 5."""
    bad = errors.InvalidResetCode(
        _("The code is wrong or has expired. Ask your union officer for a new one."),
        field_errors={"code": _("The code is wrong or has expired.")},
    )
    user = user_by_login(login)
    if user is None:
        raise bad
    with transaction.atomic():
        pending = (
            PasswordResetCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if pending is not None and pending.code_hash == crypto.keyed_hash(f"{user.pk}:{(code or '').strip()}"):
            try:
                validate_password(new_password, user)
            except ValidationError as exc:
                msg = " ".join(str(m) for m in exc.messages)
                raise errors.RegistrationInvalid(msg, field_errors={"new_password": msg}) from None
            pending.used_at = timezone.now()
            pending.save(update_fields=["used_at"])
            user.set_password(new_password)
            user.save(update_fields=["password"])
            user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
            return user
        if pending is not None:
            pending.failed_attempts += 1
            if pending.failed_attempts >= MAX_CODE_ATTEMPTS:
                pending.used_at = timezone.now()  # burnt: six digits must not be guessable
            pending.save(update_fields=["failed_attempts", "used_at"])
    raise bad


@dataclass
class ImportedWorker:
    """A member from a union's list, already checked by the import."""

    full_name: str
    phone: str
    email: str | None
    nik: NikInfo
    regency: Regency
    stored_nik: StoredNik | None = None  # the import's, when it already built it (hashed once)


def register_imported_workers(*, people: list[ImportedWorker], attested_at: datetime | None) -> list[User]:
    """Creates accounts for members a union imported, in bulk (the caller holds the transaction).

    They have no password yet: each gets an invitation to set one. The union attested their
    consent, recorded with the consent version.
    """
    if attested_at is None:
        raise ValueError("An import creates accounts only once the union has attested the members' consent.")
    users = [
        User(full_name=p.full_name, phone=p.phone, email=p.email, password=make_unusable_password_hash())
        for p in people
    ]
    User.objects.bulk_create(users, batch_size=1000)
    WorkerProfile.objects.bulk_create(
        [
            WorkerProfile(
                user=u,
                **(p.stored_nik or stored_nik(p.nik)).as_fields(),
                birth_date=p.nik.birth_date,
                sex=p.nik.sex,
                province_id=p.regency.province_id,
                regency=p.regency,
                consent_version=f"{settings.NAKER_CONSENT_VERSION}/attested",
                consent_at=attested_at,
            )
            for u, p in zip(users, people, strict=True)
        ],
        batch_size=1000,
    )
    return users


def make_unusable_password_hash() -> str:
    """What Django's make_password(None) makes ("!" and random text), at a fraction of its cost."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
