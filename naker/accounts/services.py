"""Every write of the accounts app: one function per use case, each in one transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import errors, selectors
from naker.accounts.events import AccountErased, InvitationFollowed, RegistrationSubmitted, UnionNamed, WorkerRegistered
from naker.accounts.export import personal_data
from naker.accounts.models import ApiToken, PasswordResetCode, PrivacyRequest, User, WorkerProfile
from naker.accounts.nik import NikError, NikInfo, StoredNik, read_nik, stored_nik
from naker.accounts.phone import PhoneError, normalize_phone
from naker.accounts.selectors import user_by_login
from naker.accounts.sms import send_sms
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


def check_registration(data: Registration, *, nik_hash: str | None = None) -> CheckedRegistration:
    """Validates every field at once; raises RegistrationInvalid naming each field that is wrong,
    then AlreadyRegistered (NIK or phone) / EmailTaken where the person is already registered.

    `nik_hash`: the keyed hash of this same NIK that an earlier check took (the web registration's
    first step keeps it in its server-sealed draft), so the NIK is hashed once per registration.
    """
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
        stored_nik=stored_nik(nik, known_hash=nik_hash),
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
    # One undifferentiated answer for a taken NIK and a taken number: the phone is not proven here,
    # so saying which one is taken would let anyone probe whether a NIK is registered.
    taken = WorkerProfile.objects.filter(nik_hash=checked.stored_nik.hash).exists()
    if taken or User.objects.filter(phone=checked.phone).exists():
        msg = str(errors.ALREADY_REGISTERED_MESSAGE)
        raise errors.AlreadyRegistered(msg, field_errors={"phone": msg, "nik": msg})
    if checked.email and User.objects.filter(email__iexact=checked.email).exists():
        msg = _("This email is already registered. Log in, or reset your password.")
        raise errors.EmailTaken(msg, field_errors={"email": msg})


# Registration attempts are counted per address and per mobile number (cache counters): at most
# REGISTRATIONS_PER_ADDRESS per 10 minutes from one address (generous: a whole event may register
# behind one Wi-Fi) and REGISTRATIONS_PER_PHONE per hour for one number; then 429.
REGISTRATIONS_PER_ADDRESS = 30
REGISTRATION_ADDRESS_WINDOW_SECONDS = 10 * 60
REGISTRATIONS_PER_PHONE = 5
REGISTRATION_PHONE_WINDOW_SECONDS = 60 * 60


def count_registration_attempt(*, address: str | None, phone: str) -> None:
    """Counts one registration attempt; refuses it (TooManyRegistrations) past either limit."""
    try:
        phone_key = normalize_phone(phone)
    except PhoneError:
        phone_key = ""
    counters = [(f"register-address:{address or '-'}", REGISTRATIONS_PER_ADDRESS, REGISTRATION_ADDRESS_WINDOW_SECONDS)]
    if phone_key:
        counters.append(
            (f"register-phone:{crypto.sha256(phone_key)}", REGISTRATIONS_PER_PHONE, REGISTRATION_PHONE_WINDOW_SECONDS)
        )
    for key, limit, window in counters:
        if _count(key, window) > limit:
            raise errors.TooManyRegistrations(
                _(
                    "Too many registration attempts. Wait a while and try again, "
                    "or log in if you already have an account."
                )
            )


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


@transaction.atomic
def register_worker(*, data: Registration, nik_hash: str | None = None) -> User:
    """Creates the worker's account and profile (and, through WorkerRegistered, the union membership
    and the referral) or nothing. `nik_hash`: as for check_registration."""
    checked = check_registration(data, nik_hash=nik_hash)
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


def _refuse_while_delayed(login: str) -> None:
    wait = selectors.login_delay(login)
    if wait:
        raise errors.LockedOut(errors.delayed_message(wait))


def _authenticate(*, login: str, password: str, request: HttpRequest | None) -> User:
    _refuse_while_delayed(login)
    user = authenticate(request, username=login, password=password)
    if request is not None and getattr(request, "axes_locked_out", False):
        raise errors.LockedOut(_("Too many failed attempts. Wait 15 minutes, or reset your password."))
    if user is None:
        _refuse_while_delayed(login)  # this failure may have started a delay: say so now
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
    selectors.forget_token(raw_token)


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
    # django-axes' records of logins and failed logins hold the phone or email, the address and the
    # browser: they go with the account.
    logins = [key for key in (user.phone, user.email) if key]
    for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
        axes_model.objects.filter(username__in=logins).delete()
    # The kept row keeps only what the anonymous counts need (where, sex, education, work status).
    WorkerProfile.objects.filter(user=user).update(
        nik_encrypted="", nik_hash=None, nik_masked="", birth_date=None, sector=None, goals=[]
    )
    user.api_tokens.all().delete()
    user.reset_codes.all().delete()
    _forget_privacy_requests(user)
    user.audit_trail.update(subject=None)
    user.full_name = ""
    user.phone = None
    user.email = None
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()


def _forget_privacy_requests(user: User) -> None:
    """What the person wrote in their requests about their data goes (and the NIK they gave); the
    kind, the times, the outcome and the admin's record of what was done stay, for accountability
    (ADR 0017). Open requests close as withdrawn: nobody is left to answer."""
    mine = PrivacyRequest.objects.filter(requester=user)
    mine.update(details="", proposed_nik_encrypted="", proposed_nik_masked="")
    mine.filter(answered_at__isnull=True).update(answered_at=timezone.now(), outcome=PrivacyRequest.Outcome.WITHDRAWN)


# --- the worker changes their password or their mobile number -----------------------------------


def _check_password(user: User, password: str, field: str = "password") -> None:
    if not user.check_password(password or ""):
        msg = _("The password is wrong.")
        raise errors.WrongPassword(msg, field_errors={field: msg})


@transaction.atomic
def change_password(*, user: User, old_password: str, new_password: str) -> User:
    """A new password, given the current one. Other API tokens stop working."""
    _check_password(user, old_password, field="old_password")
    try:
        validate_password(new_password or "", user)
    except ValidationError as exc:
        msg = " ".join(str(m) for m in exc.messages)
        raise errors.RegistrationInvalid(msg, field_errors={"new_password": msg}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])  # the save drops the cached tokens (AccountsConfig.ready)
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return user


# A code sent to the new number proves it; it waits in the cache for 15 minutes, 5 tries.
PHONE_CODE_TTL_SECONDS = 15 * 60
MAX_PHONE_CODE_TRIES = 5


def _phone_change_key(user: User) -> str:
    return f"phone-change:{user.pk}"


def request_phone_change(*, user: User, password: str, new_phone: str) -> str:
    """Checks the password and the new number, and texts a 6-digit code to the new number.
    Returns the new number in its stored form."""
    _check_password(user, password)
    try:
        phone = normalize_phone(new_phone)
    except PhoneError as exc:
        raise errors.RegistrationInvalid(str(exc), field_errors={"new_phone": str(exc)}) from None
    if phone == user.phone:
        msg = _("This is already your mobile number.")
        raise errors.RegistrationInvalid(msg, field_errors={"new_phone": msg})
    if User.objects.filter(phone=phone).exists():
        msg = _("This mobile number is already registered to another account.")
        raise errors.PhoneInUse(msg, field_errors={"new_phone": msg})
    code = f"{secrets.randbelow(10**6):06d}"
    pending = {"phone": phone, "hash": crypto.keyed_hash(f"{user.pk}:{phone}:{code}"), "tries": 0}
    cache.set(_phone_change_key(user), pending, PHONE_CODE_TTL_SECONDS)
    send_sms(
        phone=phone,
        text=_("Kadin for Naker: your code to confirm this number is %(code)s. It is valid for 15 minutes.")
        % {"code": code},
    )
    return phone


@transaction.atomic
def confirm_phone_change(*, user: User, code: str) -> User:
    """Moves the login to the new number once the code sent there is typed back."""
    key = _phone_change_key(user)
    pending = cache.get(key)
    msg = _("The code is wrong or has expired. Ask for a new one.")
    if not pending:
        raise errors.InvalidResetCode(msg, field_errors={"code": msg})
    if pending["hash"] != crypto.keyed_hash(f"{user.pk}:{pending['phone']}:{(code or '').strip()}"):
        pending["tries"] += 1
        if pending["tries"] >= MAX_PHONE_CODE_TRIES:
            cache.delete(key)
        else:
            cache.set(key, pending, PHONE_CODE_TTL_SECONDS)
        raise errors.InvalidResetCode(msg, field_errors={"code": msg})
    cache.delete(key)
    old = user.phone
    user.phone = pending["phone"]
    try:
        with transaction.atomic():
            user.save(update_fields=["phone"])
    except IntegrityError:
        taken = _("This mobile number is already registered to another account.")
        raise errors.PhoneInUse(taken, field_errors={"code": taken}) from None
    if old:
        axes_reset(username=old)
    notify_account(
        user=user,
        subject=_("Your mobile number was changed"),
        body=_("Your login is now your new mobile number. If you did not do this, tell your union or Kadin office."),
    )
    return user


# --- password reset by a code an officer hands out ----------------------------------------------


def notify_account(*, user: User, subject: str, body: str) -> bool:
    """Tells the person about something done to their account: by email where they have one.

    Without an email, the audit record the caller writes (subject = the person) is what they see
    in "who saw my data" on their page. Returns whether an email went out.
    """
    if not user.email:
        return False
    send_mail(subject, body, None, [user.email], fail_silently=True)
    return True


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


def unlock_login(*, user: User) -> int:
    """Lifts every login throttle on the person's account (axes' records under their phone and email)."""
    return sum(axes_reset(username=key) for key in (user.phone, user.email) if key)


# Wrong codes are throttled per login AND address (5 per 15 minutes), so that nobody can burn a
# worker's pending code from elsewhere with 5 wrong guesses. A code still burns after 100 wrong
# guesses in all (spread over many addresses): one chance in 10,000 of hitting six digits.
MAX_CODE_GUESSES_PER_ADDRESS = 5
CODE_GUESS_WINDOW_SECONDS = 15 * 60
MAX_CODE_ATTEMPTS = 100


def _guess_key(login: str, address: str | None) -> str:
    return "reset-code-guesses:" + crypto.sha256(f"{selectors.normalize_login(login)}|{address or '-'}")


def reset_password_with_code(*, login: str, code: str, new_password: str, address: str | None = None) -> User:
    """Sets a new password with an officer's code, and lifts any login lock on the account.

    A wrong code counts against this login from this address (5 per 15 minutes, then refused with
    a wait); the code itself burns only after MAX_CODE_ATTEMPTS wrong guesses in all.
    """
    guess_key = _guess_key(login, address)
    if (cache.get(guess_key) or 0) >= MAX_CODE_GUESSES_PER_ADDRESS:
        raise errors.TooManyGuesses(
            _("Too many wrong codes from this device. Wait 15 minutes and try again; your code is still valid.")
        )
    bad = errors.InvalidResetCode(
        _("The code is wrong or has expired. Ask your union officer for a new one."),
        field_errors={"code": _("The code is wrong or has expired.")},
    )
    user = user_by_login(login)
    if user is None:
        _count_guess(guess_key)
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
            unlock_login(user=user)
            cache.delete(guess_key)
            return user
        if pending is not None:
            pending.failed_attempts += 1
            if pending.failed_attempts >= MAX_CODE_ATTEMPTS:
                pending.used_at = timezone.now()  # burnt: six digits must not be guessable
            pending.save(update_fields=["failed_attempts", "used_at"])
    _count_guess(guess_key)
    raise bad


def _count_guess(key: str) -> None:
    _count(key, CODE_GUESS_WINDOW_SECONDS)


@dataclass
class ImportedWorker:
    """A member from a union's list, already checked by the import."""

    full_name: str
    phone: str
    email: str | None
    nik: NikInfo
    stored_nik: StoredNik  # built by the import with nik.stored_nik: stored as it is, not hashed again
    regency: Regency


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
                **p.stored_nik.as_fields(),
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


PASSWORD_MESSAGES = {
    "password_too_short": _("The password is too short: use at least 8 characters."),
    "password_too_common": _("This password is too easy to guess. Choose another one."),
    "password_entirely_numeric": _("The password cannot be only numbers. Add some letters."),
    "password_too_similar": _("The password is too much like your name, number or email. Choose another one."),
}


def password_problems(password: str, user: User) -> list[str]:
    """Plain messages for what is wrong with a new password (Django's validators, our words)."""
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        return list(dict.fromkeys(str(PASSWORD_MESSAGES.get(e.code or "", e.messages[0])) for e in exc.error_list))
    return []


@transaction.atomic
def confirm_invited_worker(*, user: User) -> None:
    """An imported worker read the privacy notice and confirmed the birth date and sex read from
    their NIK: their own consent replaces the union's attestation."""
    WorkerProfile.objects.filter(user=user).update(
        consent_version=settings.NAKER_CONSENT_VERSION, consent_at=timezone.now()
    )


def make_unusable_password_hash() -> str:
    """What Django's make_password(None) makes ("!" and random text), at a fraction of its cost."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
