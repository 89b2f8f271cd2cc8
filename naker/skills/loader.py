"""Loads naker/skills/data/*.csv (sources in its README.md). Idempotent."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from naker.skills.register import read_register

DATA_DIR = Path(__file__).resolve().parent / "data"


def _load(model: Any, name: str) -> None:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        objs = [model(code=r["code"], name_id=r["name_id"], name_en=r["name_en"]) for r in csv.DictReader(fh)]
    model.objects.bulk_create(objs, update_conflicts=True, unique_fields=["code"], update_fields=["name_id", "name_en"])


def load_classifications(sector_model: Any, occupation_model: Any) -> None:
    _load(sector_model, "kbli2020_sections.csv")
    _load(occupation_model, "kbji2014_major_groups.csv")


def ensure_skills(rows: list[tuple[str, str, str, str | None]]) -> None:
    """Adds or updates skills given as (code, name_id, name_en, sector code)."""
    # Imported here, not at the top: the migrations import this module with historical models, when
    # the current ones may not be loaded (load_classifications takes its models as arguments).
    from naker.skills.models import Skill

    Skill.objects.bulk_create(
        [Skill(code=c, name_id=i, name_en=e, sector_id=s) for c, i, e, s in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_id", "name_en", "sector"],
    )


def load_demo_units() -> None:
    """The demo's SKKNI units (data/skkni_demo_register.csv, source in data/README.md)."""
    # Imported here, not at the top: the migrations import this module, when the current models
    # (which services writes) may not be loaded.
    from naker.skills import services

    services.save_units(read_register(DATA_DIR / "skkni_demo_register.csv"), sector_code="C")
