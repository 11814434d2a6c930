from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from homecare.core.council import set_council
from homecare.core.imports import ImportRejected
from homecare.core.models import AuditEvent, ImportRun
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import PostcodeFactory
from homecare.providers.factories import ProviderFactory
from homecare.providers.importers import CqcImportResult, authority_key, import_cqc_ratings
from homecare.providers.models import CqcRating, Location, Provider

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
FILE = DATA / "cqc_latest_ratings.csv"
NEWER = DATA / "cqc_latest_ratings_2025.csv"
COUNCIL = {"council_name": "Leicester City Council", "council_code": "E06000016"}


def _import(path: Path = FILE, **kwargs: Any) -> CqcImportResult:
    return import_cqc_ratings(path, by=TEST_ACTOR, **{**COUNCIL, **kwargs})


@pytest.fixture
def fosse() -> Provider:
    return cast(Provider, ProviderFactory(name="Fosse Home Care Ltd", cqc_provider_id="1-100000001"))


def test_authority_key_ignores_council_suffixes() -> None:
    assert authority_key("Leicester City Council") == authority_key("Leicester") == "leicester"
    assert authority_key("Fernshire Borough Council") == "fernshire"
    assert authority_key("Rutland County Council") == "rutland"


def test_cqc_import_reads_banner_row_and_key_question_header(fosse: Provider) -> None:
    result = _import()
    assert result.locations_in_area == 3
    assert result.ratings_added == 3


def test_cqc_import_sets_overall_and_key_question_ratings(fosse: Provider) -> None:
    _import()
    rating = CqcRating.objects.get(location__cqc_location_id="1-1000000001")
    assert (rating.overall, rating.safe, rating.caring, rating.well_led) == (
        "good",
        "good",
        "outstanding",
        "good",
    )
    assert rating.published_on == dt.date(2024, 3, 14)


def test_cqc_import_matches_provider_by_cqc_provider_id(fosse: Provider) -> None:
    _import()
    assert Location.objects.get(cqc_location_id="1-1000000001").provider == fosse


def test_cqc_import_creates_unknown_provider_flagged_as_imported(fosse: Provider) -> None:
    result = _import()
    created = Provider.objects.get(cqc_provider_id="1-100000002")
    assert created.created_by_import and created.status == "active"
    assert created.name == "Aylestone Care Services Limited"
    assert result.providers_created == 1


def test_cqc_import_keeps_inherited_flag(fosse: Provider) -> None:
    _import()
    assert CqcRating.objects.get(location__cqc_location_id="1-1000000002").inherited is True
    assert CqcRating.objects.get(location__cqc_location_id="1-1000000001").inherited is False


def test_cqc_import_stores_not_rated(fosse: Provider) -> None:
    _import()
    rating = CqcRating.objects.get(location__cqc_location_id="1-1000000005")
    assert rating.overall == "not_rated"


def test_cqc_import_skips_and_counts_locations_outside_the_council(fosse: Provider) -> None:
    result = _import()
    assert result.skipped_other_areas == 2  # Nottingham, and Blaby without a local postcode
    assert not Location.objects.filter(cqc_location_id__in=["1-1000000003", "1-1000000004"]).exists()


def test_cqc_import_keeps_location_whose_postcode_is_in_the_council_directory(fosse: Provider) -> None:
    PostcodeFactory(postcode="LE4 0SZ", local_authority_code="E06000016")
    result = _import()
    assert Location.objects.filter(cqc_location_id="1-1000000003").exists()
    assert result.skipped_other_areas == 1


def test_cqc_import_sets_provider_headline_rating(fosse: Provider) -> None:
    _import()
    fosse.refresh_from_db()
    # Two locations: Good and Not rated; the headline is the rated one.
    assert fosse.cqc_rating == "good"


def test_cqc_reimport_of_same_file_changes_nothing(fosse: Provider) -> None:
    _import()
    before = CqcRating.objects.count()
    result = _import()
    assert result.ratings_added == 0 and result.ratings_unchanged == 3
    assert CqcRating.objects.count() == before


def test_cqc_reimport_with_new_publication_date_adds_rating_and_keeps_history(fosse: Provider) -> None:
    _import()
    result = _import(NEWER)
    assert result.ratings_added == 1
    history = list(
        CqcRating.objects.filter(location__cqc_location_id="1-1000000001").values_list("overall", flat=True)
    )
    assert history == ["requires_improvement", "good"]
    fosse.refresh_from_db()
    assert fosse.cqc_rating == "requires_improvement"


def test_cqc_import_without_location_id_column_is_refused_naming_it(fosse: Provider) -> None:
    with pytest.raises(ImportRejected) as exc:
        _import(DATA / "cqc_missing_location_id.csv")
    assert "Location ID" in str(exc.value)


def test_cqc_import_refused_leaves_database_unchanged(fosse: Provider) -> None:
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ImportRejected):
        _import(DATA / "cqc_missing_location_id.csv")
    assert (Location.objects.count(), CqcRating.objects.count(), Provider.objects.count()) == (0, 0, 1)
    assert AuditEvent.objects.count() == audit_before
    assert not ImportRun.objects.exists()


def test_cqc_import_with_bad_values_lists_row_and_column(fosse: Provider) -> None:
    with pytest.raises(ImportRejected) as exc:
        _import(DATA / "cqc_bad_values.csv")
    reasons = [str(e) for e in exc.value.errors]
    assert any("Row 2, column Publication Date" in r for r in reasons)
    assert any("Row 3, column Latest Rating" in r and "Brilliant" in r for r in reasons)
    assert not CqcRating.objects.exists()


def test_cqc_import_reads_xlsx_with_real_dates(fosse: Provider, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Locations"
    rows = list(csv.reader(io.StringIO(FILE.read_text())))
    date_col = rows[1].index("Publication Date")
    for i, row in enumerate(rows):
        values: list[object] = list(row)
        if i >= 2:
            values[date_col] = dt.datetime.strptime(row[date_col], "%d/%m/%Y")
        sheet.append(values)
    path = tmp_path / "ratings.xlsx"
    book.save(path)
    result = _import(path)
    assert result.ratings_added == 3
    assert CqcRating.objects.get(location__cqc_location_id="1-1000000001").published_on == dt.date(
        2024, 3, 14
    )


def test_cqc_import_records_the_import_run(fosse: Provider) -> None:
    _import()
    assert ImportRun.objects.get().kind == "cqc_ratings"


def test_cqc_import_command_imports_file(fosse: Provider) -> None:
    set_council(by=TEST_ACTOR, name="Leicester City Council", ons_code="E06000016")
    out = io.StringIO()
    call_command("import", "cqc-ratings", str(FILE), stdout=out)
    assert "3 new ratings" in out.getvalue()


def test_cqc_import_command_refuses_file_without_location_id(fosse: Provider) -> None:
    set_council(by=TEST_ACTOR, name="Leicester City Council", ons_code="E06000016")
    with pytest.raises(CommandError) as exc:
        call_command("import", "cqc-ratings", str(DATA / "cqc_missing_location_id.csv"))
    assert "Location ID" in str(exc.value)


def test_cqc_import_command_needs_council_or_all_areas(fosse: Provider) -> None:
    with pytest.raises(CommandError) as exc:
        call_command("import", "cqc-ratings", str(FILE))
    assert "--all-areas" in str(exc.value)
