"""Import the ONS Postcode Directory (ONSPD) CSV, with its own column names.

Columns used: pcds (postcode), osward (ward code), oslaua (local authority code), lat, long, and
the rural-urban classification ru11ind (2011) or ruc21ind (2021); doterm marks terminated postcodes.
The whole file is checked first; if any row is wrong nothing is imported.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.imports import (
    ErrorCollector,
    cell,
    csv_rows,
    find_header,
    open_text,
    record_import,
    require_columns,
)
from homecare.geography.models import Postcode, Ward
from homecare.geography.postcodes import normalise

log = logging.getLogger(__name__)

REQUIRED = ["pcds", "osward", "oslaua", "lat", "long"]
ALIASES = {"pcds": ["pcd", "pcd2", "postcode"]}
RURAL_COLUMNS = ["ru11ind", "ruc21ind", "ru21ind"]
NO_LOCATION_LAT = 99.999999  # ONSPD's value for a postcode without a grid reference


def is_rural(code: str) -> bool:
    """ONS rural-urban classification: 2011 codes D1-F2 (England/Wales) and 2021 codes starting with R are rural."""
    code = code.strip().upper()
    if not code:
        return False
    return code.startswith("R") or code[0] in {"D", "E", "F"}


@dataclass
class PostcodeImportResult:
    imported: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_other_areas: int = 0
    skipped_no_location: int = 0
    wards_created: int = 0
    wards_named: int = 0
    new_ward_codes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} postcodes imported ({self.created} new, {self.updated} changed, {self.unchanged} unchanged); "
            f"{self.skipped_other_areas} outside the council area skipped; {self.skipped_no_location} without a location skipped; "
            f"{self.wards_created} new wards, {self.wards_named} wards named"
        )


@dataclass
class _Row:
    postcode: str
    ward: str
    la: str
    lat: float
    lon: float
    ru: str
    terminated: bool


def _parse(source: Any, *, council_code: str, all_areas: bool, result: PostcodeImportResult) -> list[_Row]:
    handle = open_text(source)
    rows = csv_rows(handle)
    header_line, header = find_header(rows, ["pcds", "pcd", "pcd2"])
    index = require_columns(header, REQUIRED, ALIASES)
    lower = [h.lower() for h in header]
    for name in RURAL_COLUMNS:
        if name in lower:
            index["rural"] = lower.index(name)
            break
    if "doterm" in lower:
        index["doterm"] = lower.index("doterm")
    errors = ErrorCollector()
    parsed: list[_Row] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows, start=header_line + 1):
        if not any(c.strip() for c in row):
            continue
        la = cell(row, index, "oslaua").upper()
        if not all_areas and council_code and la != council_code:
            result.skipped_other_areas += 1
            continue
        try:
            postcode = normalise(cell(row, index, "pcds"))
        except ValidationError:
            errors.add(line_no, "pcds", f"{cell(row, index, 'pcds')!r} is not a valid UK postcode")
            continue
        ward = cell(row, index, "osward").upper()
        if not ward:
            errors.add(line_no, "osward", "The ward code is empty")
        coords = []
        for column in ("lat", "long"):
            raw = cell(row, index, column)
            try:
                coords.append(float(raw))
            except ValueError:
                errors.add(line_no, column, f"{raw!r} is not a number")
        if len(coords) < 2 or not ward:
            continue
        lat, lon = coords
        if abs(lat - NO_LOCATION_LAT) < 1e-6:
            result.skipped_no_location += 1
            continue
        if not (49.0 <= lat <= 61.5):
            errors.add(line_no, "lat", f"{lat} is outside the United Kingdom (49 to 61.5)")
            continue
        if not (-9.0 <= lon <= 2.5):
            errors.add(line_no, "long", f"{lon} is outside the United Kingdom (-9 to 2.5)")
            continue
        if postcode in seen:
            errors.add(line_no, "pcds", f"{postcode} appears twice (also on row {seen[postcode]})")
            continue
        seen[postcode] = line_no
        parsed.append(
            _Row(
                postcode,
                ward,
                la,
                lat,
                lon,
                cell(row, index, "rural").upper(),
                bool(cell(row, index, "doterm")),
            )
        )
    errors.raise_if_any()
    return parsed


def _ward_names(source: Any) -> dict[str, str]:
    """Read an ONS ward names file (e.g. columns WD24CD, WD24NM)."""
    handle = open_text(source)
    rows = csv_rows(handle)
    header = next(rows, [])
    lower = [h.strip().lower() for h in header]
    code_col = next((i for i, h in enumerate(lower) if h.startswith("wd") and h.endswith("cd")), None)
    name_col = next((i for i, h in enumerate(lower) if h.startswith("wd") and h.endswith("nm")), None)
    errors = ErrorCollector()
    if code_col is None:
        errors.add(None, "WDxxCD", "No ward code column (like WD24CD) in the ward names file")
    if name_col is None:
        errors.add(None, "WDxxNM", "No ward name column (like WD24NM) in the ward names file")
    errors.raise_if_any()
    assert code_col is not None and name_col is not None
    names = {}
    for row in rows:
        if len(row) > max(code_col, name_col) and row[code_col].strip():
            names[row[code_col].strip().upper()] = row[name_col].strip()
    return names


@transaction.atomic
def import_postcodes(
    source: str | Path | IO[bytes],
    *,
    by: Actor,
    council_code: str = "",
    all_areas: bool = False,
    ward_names: str | Path | IO[bytes] | None = None,
) -> PostcodeImportResult:
    result = PostcodeImportResult()
    rows = _parse(source, council_code=council_code.upper(), all_areas=all_areas, result=result)
    names = _ward_names(ward_names) if ward_names is not None else {}

    # Wards: centroid and rural flag from their postcodes; create the ones met for the first time.
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    la_of: dict[str, str] = {}
    for r in rows:
        s = sums[r.ward]
        s[0] += r.lat
        s[1] += r.lon
        s[2] += 1
        s[3] += 1 if is_rural(r.ru) else 0
        la_of[r.ward] = r.la
    existing = {w.code: w for w in Ward.objects.filter(code__in=list(sums))}
    new_wards = []
    for code, (lat_sum, lon_sum, count, rural) in sums.items():
        if code in existing:
            continue
        new_wards.append(
            Ward(
                code=code,
                name=names.get(code, ""),
                local_authority_code=la_of[code],
                latitude=lat_sum / count,
                longitude=lon_sum / count,
                is_rural=rural * 2 > count,
            )
        )
    Ward.objects.bulk_create(new_wards, batch_size=1000)
    result.wards_created = len(new_wards)
    result.new_ward_codes = sorted(w.code for w in new_wards)
    if new_wards:
        audit.record_many(
            by=by,
            action="created_by_postcode_import",
            objs=Ward.objects.filter(code__in=result.new_ward_codes),
        )
    named = 0
    for code, name in names.items():
        ward = existing.get(code)
        if ward is not None and ward.name != name:
            audit.update_fields(by=by, obj=ward, action="named", name=name)
            named += 1
    result.wards_named = named + sum(1 for w in new_wards if w.name)
    ward_ids = dict(Ward.objects.filter(code__in=list(sums)).values_list("code", "id"))

    # Postcodes: insert new ones, update changed ones.
    fields = (
        "postcode",
        "ward_id",
        "local_authority_code",
        "latitude",
        "longitude",
        "rural_urban_code",
        "terminated",
    )
    current: dict[str, tuple[Any, ...]] = {}
    codes = [r.postcode for r in rows]
    for i in range(0, len(codes), 5000):
        for p in Postcode.objects.filter(postcode__in=codes[i : i + 5000]).values_list(*fields):
            current[p[0]] = tuple(p[1:])
    to_create: list[Postcode] = []
    to_update: list[Postcode] = []
    for r in rows:
        values = (ward_ids[r.ward], r.la, r.lat, r.lon, r.ru, r.terminated)
        before = current.get(r.postcode)
        if before == values:
            result.unchanged += 1
            continue
        obj = Postcode(
            postcode=r.postcode,
            ward_id=ward_ids[r.ward],
            local_authority_code=r.la,
            latitude=r.lat,
            longitude=r.lon,
            rural_urban_code=r.ru,
            is_rural=is_rural(r.ru),
            terminated=r.terminated,
        )
        (to_create if before is None else to_update).append(obj)
    Postcode.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        Postcode.objects.bulk_create(
            to_update,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=[
                "ward",
                "local_authority_code",
                "latitude",
                "longitude",
                "rural_urban_code",
                "is_rural",
                "terminated",
            ],
        )
    result.created, result.updated = len(to_create), len(to_update)
    result.imported = len(rows)
    record_import(
        by=by,
        kind="onspd_postcodes",
        file_name=getattr(source, "name", str(source)),
        summary={"summary": result.summary(), "created": result.created, "updated": result.updated},
    )
    log.info("postcodes imported", extra={"summary": result.summary()})
    return result
