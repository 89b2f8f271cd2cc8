from __future__ import annotations

import datetime

from ninja import Field, Schema

from naker.core.schemas import In


class RegisterIn(In):
    full_name: str = Field(max_length=150)
    phone: str = Field(max_length=32, description="Any common Indonesian form: 0812…, +62812…, 62812…")
    password: str = Field(max_length=128)
    nik: str = Field(max_length=32, description="16 digits")
    regency_code: str = Field(max_length=8, description="As in /regions/provinces/{code}/regencies, e.g. 32.75")
    consent: bool = Field(description="Agreement to the privacy notice; must be true")
    email: str | None = Field(default=None, max_length=254)
    union_code: str | None = Field(default=None, max_length=200)  # a union's code or its name
    union_consent: bool = Field(default=False, description="Separate agreement to record union membership")
    education: str = Field(default="", max_length=16)
    employment_status: str = Field(default="", max_length=16)
    occupation_code: str | None = Field(default=None, max_length=8)
    referral_code: str | None = Field(default=None, max_length=24, description="From an invitation link or event")
    sector_code: str | None = Field(default=None, max_length=8, description="KBLI section the worker works in")
    goals: list[str] = Field(
        default=[], description="digital, industry, career, self_development, side_income, work_abroad"
    )


class NikCheckIn(In):
    nik: str = Field(max_length=32)


class NikCheckOut(Schema):
    birth_date: datetime.date
    sex: str


class TokenIn(In):
    login: str = Field(max_length=254, description="Mobile number or email")
    password: str = Field(max_length=128)


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


class ResetWithCodeIn(In):
    login: str = Field(max_length=254)
    code: str = Field(max_length=12)
    new_password: str = Field(max_length=128)


class RegionRef(Schema):
    code: str
    name: str


class MembershipOut(Schema):
    organization: str
    organization_name: str
    role: str


class MeOut(Schema):
    id: int
    full_name: str
    phone: str | None
    email: str | None
    is_platform_admin: bool
    nik_masked: str | None = None
    birth_date: datetime.date | None = None
    sex: str | None = None
    province: RegionRef | None = None
    regency: RegionRef | None = None
    education: str | None = None
    employment_status: str | None = None
    occupation_code: str | None = None
    sector_code: str | None = None
    goals: list[str] = []
    memberships: list[MembershipOut]


class EraseIn(In):
    password: str = Field(max_length=128)


class MessageOut(Schema):
    message: str


class ProfileIn(In):
    full_name: str = Field(max_length=150)
    email: str | None = Field(default=None, max_length=254)
    regency_code: str = Field(max_length=8)
    education: str = Field(default="", max_length=16)
    employment_status: str = Field(default="", max_length=16)
    occupation_code: str | None = Field(default=None, max_length=8)
    sector_code: str | None = Field(default=None, max_length=8)
    goals: list[str] = []
