from django.db.models import QuerySet

from naker.skills.models import Occupation, Sector


def sectors() -> QuerySet[Sector]:
    return Sector.objects.order_by("code")


def occupations() -> QuerySet[Occupation]:
    return Occupation.objects.order_by("code")


def occupation(code: str) -> Occupation | None:
    return Occupation.objects.filter(code=code).first()
