"""Import CQC's "Latest ratings" file (CSV or XLSX), in CQC's own layout.

One row per rating: `Location ID`, `Location Name`, `Location Post Code`, `Location Local Authority`,
`Service / Population Group`, `Domain` (older files: `Key Question`), `Latest Rating`,
`Publication Date` (dd/mm/yyyy), `Report Type`, `Inherited Rating (Y/N)`, `Provider ID`,
`Provider Name`. A banner row may sit above the header. A location's rating is the row whose
service group and domain are both "Overall"; the Safe, Effective, Caring, Responsive and Well-led
rows of the "Overall" service group give the key question ratings. Rows for population groups are
read but not kept.

Only locations in the council's area are kept: `Location Local Authority` matches the council's
name (ignoring "City Council", "Borough Council"...), or the location's postcode is in the imported
postcode directory for the council's ONS code. The whole file is checked first; if anything is
wrong nothing is imported. Re-importing keeps the history: a new publication date adds a rating,
the same one changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.imports import (
    ErrorCollector,
    ImportRejected,
    RowError,
    cell,
    csv_rows,
    find_header,
    open_text,
    record_import,
    require_columns,
)
from homecare.geography.models import Postcode
from homecare.geography.postcodes import normalise
from homecare.providers.models import CqcRating, CqcRatingValue, Location, Provider, ProviderStatus
from homecare.providers.services.register import refresh_cqc_rating

log = logging.getLogger(__name__)

LOCATION_ID = "Location ID"
REQUIRED = [
    LOCATION_ID,
    "Location Name",
    "Location Post Code",
    "Location Local Authority",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
    "Provider ID",
    "Provider Name",
]
ALIASES = {
    "Domain": ["Key Question"],
    "Service / Population Group": ["Service/Population Group", "Population Group"],
    "Location Post Code": ["Location Postcode"],
}
OPTIONAL = ["Report Type", "Inherited Rating (Y/N)", "Location Street Address", "Location City"]
HEADER_HINTS = [LOCATION_ID, "Provider ID", "Latest Rating", "Domain", "Key Question", "Publication Date"]

RATING_VALUES = {
    "outstanding": CqcRatingValue.OUTSTANDING,
    "good": CqcRatingValue.GOOD,
    "requires improvement": CqcRatingValue.REQUIRES_IMPROVEMENT,
    "inadequate": CqcRatingValue.INADEQUATE,
    "not rated": CqcRatingValue.NOT_RATED,
    "insufficient evidence to rate": CqcRatingValue.NOT_RATED,
}
DOMAIN_FIELDS = {
    "overall": "overall",
    "safe": "safe",
    "effective": "effective",
    "caring": "caring",
    "responsive": "responsive",
    "well led": "well_led",
}
COUNCIL_SUFFIXES = re.compile(
    r"\b(metropolitan borough|royal borough|city and county|borough|city|county|district)?\s*council$"
)


def authority_key(name: str) -> str:
    """'Leicester City Council' and 'Leicester' both give 'leicester'."""
    text = re.sub(r"[^a-z0-9 ]+", " ", (name or "").lower())
    text = re.sub(r"\s+", " ", text).strip()
    text = COUNCIL_SUFFIXES.sub("", text).strip()
    if text.startswith("the "):
        text = text[4:]
    for prefix in ("city of ", "royal borough of ", "london borough of ", "borough of "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.strip()


def _words(value: str) -> str:
    return re.sub(r"[\s\-_]+", " ", value.strip().lower())


def parse_date(value: str) -> dt.date:
    value = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


# --- reading the file -------------------------------------------------------------------------


def _read_bytes(source: str | Path | IO[bytes]) -> bytes:
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data.encode() if isinstance(data, str) else data


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(raw: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportRejected([RowError(None, "", f"The spreadsheet could not be read ({exc})")]) from exc
    sheet = next((book[n] for n in book.sheetnames if n.strip().lower() == "locations"), None)
    sheet = sheet or book.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield [_xlsx_cell(v) for v in values]
    book.close()


def read_rows(source: str | Path | IO[bytes]) -> Iterator[list[str]]:
    """Rows of a CSV or XLSX file (recognised by its content, not its name)."""
    raw = _read_bytes(source)
    if raw[:4] == b"PK\x03\x04":
        return _xlsx_rows(raw)
    return csv_rows(open_text(io.BytesIO(raw)))


# --- checking ---------------------------------------------------------------------------------


@dataclass
class _LocationRows:
    location_id: str
    location_name: str
    postcode: str
    authority: str
    address: str
    provider_id: str
    provider_name: str
    first_line: int
    overall: tuple[int, str, dt.date, str, bool] | None = None  # line, rating, date, report, inherited
    domains: dict[str, str] = field(default_factory=dict)


@dataclass
class CqcImportResult:
    rows_read: int = 0
    locations_in_area: int = 0
    skipped_other_areas: int = 0
    skipped_without_overall: int = 0
    population_group_rows: int = 0
    ratings_added: int = 0
    ratings_unchanged: int = 0
    providers_created: int = 0
    locations_created: int = 0
    created_provider_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.rows_read} rows read; {self.locations_in_area} locations in the council area, "
            f"{self.skipped_other_areas} outside it skipped; {self.ratings_added} new ratings, "
            f"{self.ratings_unchanged} unchanged; {self.providers_created} providers and "
            f"{self.locations_created} locations created; {self.skipped_without_overall} locations "
            f"without an overall rating skipped"
        )


def _local_postcodes(postcodes: set[str], council_code: str) -> set[str]:
    if not council_code or not postcodes:
        return set()
    found: set[str] = set()
    codes = sorted(postcodes)
    for i in range(0, len(codes), 5000):
        found.update(
            Postcode.objects.filter(
                postcode__in=codes[i : i + 5000], local_authority_code=council_code.upper()
            ).values_list("postcode", flat=True)
        )
    return found


def _parse(
    source: Any, *, council_name: str, council_code: str, all_areas: bool, result: CqcImportResult
) -> dict[str, _LocationRows]:
    rows = read_rows(source)
    header_line, header = find_header(rows, HEADER_HINTS)
    index = require_columns(header, REQUIRED, ALIASES)
    lower = [h.lower() for h in header]
    for name in OPTIONAL:
        if name.lower() in lower:
            index[name] = lower.index(name.lower())

    # First pass: keep the rows, and decide which locations are in the council's area.
    raw_rows: list[tuple[int, list[str]]] = []
    for line_no, row in enumerate(rows, start=header_line + 1):
        if any(c.strip() for c in row):
            raw_rows.append((line_no, row))
    result.rows_read = len(raw_rows)
    council_key = authority_key(council_name)
    postcodes: set[str] = set()
    for _line, row in raw_rows:
        with contextlib.suppress(ValidationError):
            postcodes.add(normalise(cell(row, index, "Location Post Code")))
    local_postcodes = _local_postcodes(postcodes, council_code)

    def in_area(row: list[str]) -> bool:
        if all_areas:
            return True
        if council_key and authority_key(cell(row, index, "Location Local Authority")) == council_key:
            return True
        try:
            return normalise(cell(row, index, "Location Post Code")) in local_postcodes
        except ValidationError:
            return False

    errors = ErrorCollector()
    locations: dict[str, _LocationRows] = {}
    outside: set[str] = set()
    for line_no, row in raw_rows:
        location_id = cell(row, index, LOCATION_ID)
        if not location_id:
            errors.add(line_no, LOCATION_ID, "The location ID is empty")
            continue
        if location_id in outside:
            continue
        if location_id not in locations and not in_area(row):
            outside.add(location_id)
            continue
        provider_id = cell(row, index, "Provider ID")
        if not provider_id:
            errors.add(line_no, "Provider ID", "The provider ID is empty")
            continue
        loc = locations.get(location_id)
        if loc is None:
            address = ", ".join(
                v
                for v in (cell(row, index, "Location Street Address"), cell(row, index, "Location City"))
                if v
            )
            loc = locations[location_id] = _LocationRows(
                location_id=location_id,
                location_name=cell(row, index, "Location Name") or location_id,
                postcode=cell(row, index, "Location Post Code"),
                authority=cell(row, index, "Location Local Authority"),
                address=address,
                provider_id=provider_id,
                provider_name=cell(row, index, "Provider Name") or provider_id,
                first_line=line_no,
            )
        elif loc.provider_id != provider_id:
            errors.add(
                line_no,
                "Provider ID",
                f"Location {location_id} has provider {provider_id} here but {loc.provider_id} on row {loc.first_line}",
            )
            continue
        rating_text = cell(row, index, "Latest Rating")
        rating = RATING_VALUES.get(_words(rating_text))
        if rating is None:
            errors.add(
                line_no,
                "Latest Rating",
                f"{rating_text!r} is not a CQC rating (Outstanding, Good, Requires improvement, Inadequate, Not Rated)",
            )
        date_text = cell(row, index, "Publication Date")
        try:
            published = parse_date(date_text)
        except ValueError:
            errors.add(line_no, "Publication Date", f"{date_text!r} is not a date like 25/03/2024")
            continue
        group = _words(cell(row, index, "Service / Population Group"))
        domain_text = cell(row, index, "Domain")
        domain = DOMAIN_FIELDS.get(_words(domain_text))
        if group != "overall":
            result.population_group_rows += 1
            continue
        if domain is None:
            errors.add(line_no, "Domain", f"{domain_text!r} is not a CQC key question")
            continue
        if rating is None:
            continue
        if domain == "overall":
            if loc.overall is not None:
                errors.add(
                    line_no,
                    "Domain",
                    f"Location {location_id} has a second overall rating (first on row {loc.overall[0]})",
                )
                continue
            inherited = cell(row, index, "Inherited Rating (Y/N)").strip().upper().startswith("Y")
            loc.overall = (line_no, rating, published, cell(row, index, "Report Type"), inherited)
        else:
            loc.domains[domain] = rating
    errors.raise_if_any()
    result.skipped_other_areas = len(outside)
    return locations


# --- applying ---------------------------------------------------------------------------------


def _new_council_ref(provider_id: str, taken: set[str]) -> str:
    base = f"CQC-{provider_id}"[:30]
    ref, n = base, 1
    while ref in taken:
        n += 1
        ref = f"{base[:26]}-{n}"
    taken.add(ref)
    return ref


@transaction.atomic
def import_cqc_ratings(
    source: str | Path | IO[bytes],
    *,
    by: Actor,
    council_name: str = "",
    council_code: str = "",
    all_areas: bool = False,
    file_name: str = "",
) -> CqcImportResult:
    if not all_areas and not (council_name or council_code):
        raise ImportRejected(
            [
                RowError(
                    None,
                    "",
                    "The council's name and ONS code are not set, so local locations cannot be found",
                )
            ]
        )
    result = CqcImportResult()
    locations = _parse(
        source, council_name=council_name, council_code=council_code, all_areas=all_areas, result=result
    )
    result.locations_in_area = len(locations)

    provider_ids = {item.provider_id for item in locations.values()}
    providers = {p.cqc_provider_id: p for p in Provider.objects.filter(cqc_provider_id__in=provider_ids)}
    taken_refs = set(Provider.objects.values_list("council_ref", flat=True))
    for loc in sorted(locations.values(), key=lambda item: item.first_line):
        if loc.provider_id in providers:
            continue
        provider = Provider.objects.create(
            name=loc.provider_name,
            council_ref=_new_council_ref(loc.provider_id, taken_refs),
            cqc_provider_id=loc.provider_id,
            status=ProviderStatus.ACTIVE,
            created_by_import=True,
        )
        audit.created(by=by, obj=provider, reason="Created by the CQC ratings import")
        providers[loc.provider_id] = provider
        result.providers_created += 1
        result.created_provider_ids.append(loc.provider_id)

    existing = {x.cqc_location_id: x for x in Location.objects.filter(cqc_location_id__in=list(locations))}
    touched: dict[int, Provider] = {}
    for loc in locations.values():
        provider = providers[loc.provider_id]
        location = existing.get(loc.location_id)
        if location is None:
            try:
                postcode = normalise(loc.postcode)
            except ValidationError:
                postcode = ""
            point = Postcode.objects.filter(postcode=postcode).values_list("latitude", "longitude").first()
            location = Location.objects.create(
                provider=provider,
                cqc_location_id=loc.location_id,
                name=loc.location_name,
                postcode=postcode,
                address=loc.address,
                local_authority=loc.authority,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                created_by_import=True,
            )
            audit.created(by=by, obj=location, reason="Created by the CQC ratings import")
            result.locations_created += 1
        elif location.provider_id != provider.pk:
            touched[location.provider_id] = location.provider
            audit.update_fields(by=by, obj=location, action="provider_changed", provider=provider)
        if loc.overall is None:
            result.skipped_without_overall += 1
            continue
        _line, overall, published, report_type, inherited = loc.overall
        if CqcRating.objects.filter(location=location, published_on=published).exists():
            result.ratings_unchanged += 1
            continue
        rating = CqcRating.objects.create(
            location=location,
            published_on=published,
            overall=overall,
            report_type=report_type,
            inherited=inherited,
            **loc.domains,
        )
        audit.created(by=by, obj=rating)
        result.ratings_added += 1
        touched[provider.pk] = provider
    for provider in touched.values():
        refresh_cqc_rating(by=by, provider=provider)
    record_import(
        by=by,
        kind="cqc_ratings",
        file_name=file_name or getattr(source, "name", str(source)),
        summary={
            "summary": result.summary(),
            "ratings_added": result.ratings_added,
            "providers_created": result.providers_created,
            "locations_created": result.locations_created,
            "skipped_other_areas": result.skipped_other_areas,
        },
    )
    log.info("CQC ratings imported", extra={"summary": result.summary()})
    return result
