from django.utils.translation import gettext as _
from ninja import Router

from naker.core.errors import NotFound
from naker.core.schemas import Text, responses
from naker.regions import selectors
from naker.regions.schemas import ProvinceOut, RegencyOut

router = Router(tags=["regions"])


@router.get("/provinces", response=list[ProvinceOut], auth=None)
def list_provinces(request):  # type: ignore[no-untyped-def]
    return list(selectors.provinces())


@router.get(
    "/provinces/{code}/regencies", response=responses({200: list[RegencyOut]}, 404, authenticated=False), auth=None
)
def list_regencies(request, code: Text):  # type: ignore[no-untyped-def]
    found = list(selectors.regencies_of(code))
    if not found:
        raise NotFound(_("No province has the code %(code)s.") % {"code": code})
    return found
