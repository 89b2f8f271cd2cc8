"""The skills taxonomy (SKKNI units and general skills), public: employers name skills when they post,
workers when they declare them."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router

from naker.core.schemas import responses
from naker.skills import selectors
from naker.skills.schemas import SkillPage, SkillQuery

router = Router(tags=["skills"])
PAGE_SIZE = 50


@router.get("/skills", response=responses({200: SkillPage}, authenticated=False), auth=None)
def skills(request: HttpRequest, query: Query[SkillQuery]) -> dict[str, Any]:
    """The taxonomy, 50 a page, by code; `q` finds words in the code or the name (Indonesian or
    English), `sector` a KBLI section."""
    page = Paginator(selectors.search_skills(query.q, sector=query.sector), PAGE_SIZE).get_page(query.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [
            {
                "code": s.code,
                "name": s.name,
                "name_id": s.name_id,
                "name_en": s.name_en,
                "kind": s.kind,
                "sector": s.sector_id,
            }
            for s in page.object_list
        ],
    }
