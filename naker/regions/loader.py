"""Loads the reference CSVs in naker/regions/data/ (sources and licences in its README.md).

Takes the model classes as arguments so that the data migration can pass its historical models.
Idempotent: rows are inserted or updated by code, never duplicated.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _upsert(model: Any, objs: list[Any], fields: list[str]) -> None:
    model.objects.bulk_create(
        objs, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )


def load_regions(province_model: Any, regency_model: Any, district_model: Any) -> None:
    _upsert(province_model, [province_model(code=r["code"], name=r["name"]) for r in _rows("provinces.csv")], ["name"])
    _upsert(
        regency_model,
        [
            regency_model(code=r["code"], province_id=r["province_code"], name=r["name"], type=r["type"])
            for r in _rows("regencies.csv")
        ],
        ["province", "name", "type"],
    )
    _upsert(
        district_model,
        [district_model(code=r["code"], regency_id=r["regency_code"], name=r["name"]) for r in _rows("districts.csv")],
        ["regency", "name"],
    )
