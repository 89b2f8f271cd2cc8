"""naker.core.statements.Lookup: a one-row look-up compiled once per process gives what the ORM gives."""

from __future__ import annotations

import uuid

import pytest

from naker.core.statements import Lookup
from naker.credentials.models import Credential
from naker.learning.models import Enrolment

pytestmark = pytest.mark.django_db


def test_a_lookup_by_a_uuid_and_by_two_keys_reads_the_row_the_orm_reads_and_none_else(django_assert_num_queries):
    by_public_id = Lookup(
        Credential, lambda p: Credential.objects.only("title").filter(public_id=p), ("public_id",), (uuid.UUID(int=0),)
    )
    assert by_public_id.first(uuid.uuid4()) is None
    by_pair = Lookup(
        Enrolment, lambda u, c: Enrolment.objects.filter(user_id=u).filter(course_id=c), ("user", "course"), (-1, -2)
    )
    with django_assert_num_queries(1):
        assert by_pair.first(1, 2) is None


def test_a_lookup_whose_statement_holds_other_parameters_is_refused():
    constant = Lookup(Enrolment, lambda u: Enrolment.objects.filter(user_id=u, status="active"), ("user",), (-1,))
    with pytest.raises(ValueError, match="markers"):
        constant.first(1)
