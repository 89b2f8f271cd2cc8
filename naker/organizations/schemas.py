from __future__ import annotations

import datetime

from ninja import Field, Schema
from pydantic import BaseModel

from naker.core.schemas import In


class OrganizationOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent: str | None


# A member list's page and its rows are plain pydantic models, not ninja Schemas: ninja's Schema
# validates each of the 50 rows through its DjangoGetter (about 1 ms a page); the rows are dicts
# already (issue 13).
class PersonOut(BaseModel):
    id: int
    full_name: str
    phone_masked: str
    nik_masked: str | None
    regency: str | None
    date_joined: datetime.datetime


class PersonPage(BaseModel):
    count: int = Field(description="exact up to 1,000; above that an estimate (count_exact false)")
    count_exact: bool = True
    page: int
    pages: int
    next: str | None = Field(default=None, description="cursor of the next page (pass as `after`); null on the last")
    items: list[PersonOut]


class OfficerIn(In):
    login: str = Field(max_length=254, description="Mobile number or email of a registered person")
    role: str = Field(default="officer", max_length=16, description="officer or admin")


class OfficerOut(Schema):
    user_id: int
    full_name: str
    role: str


class NikOut(Schema):
    nik: str


class ResetCodeOut(Schema):
    code: str
    valid_minutes: int
