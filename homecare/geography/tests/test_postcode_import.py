from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from homecare.core.imports import ImportRejected
from homecare.core.models import ImportRun
from homecare.core.testing import TEST_ACTOR
from homecare.geography.importers import import_postcodes, is_rural
from homecare.geography.models import Postcode, Ward
from homecare.geography.postcodes import lookup, normalise

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "onspd_sample.csv"


def test_import_keeps_the_councils_postcodes_and_counts_the_rest():
    result = import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016")
    assert result.imported == 4
    assert result.skipped_other_areas == 1
    assert result.skipped_no_location == 1
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {
        "LE1 1AA",
        "LE1 1AB",
        "LE7 9AA",
        "LE7 9AB",
    }
    assert ImportRun.objects.get().kind == "onspd_postcodes"


def test_import_creates_new_wards_with_centroid_and_rural_flag():
    result = import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016")
    assert result.new_ward_codes == ["E05010468", "E05010470"]
    city = Ward.objects.get(code="E05010468")
    village = Ward.objects.get(code="E05010470")
    assert city.name == "" and not city.is_rural and city.zone is None
    assert city.latitude == pytest.approx((52.634765 + 52.634950) / 2)
    assert village.is_rural


def test_import_names_wards_from_an_ons_names_file():
    import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016", ward_names=DATA / "ward_names.csv")
    assert Ward.objects.get(code="E05010470").name == "Thurncourt"


def test_terminated_postcode_is_marked():
    import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016")
    assert Postcode.objects.get(postcode="LE7 9AB").terminated
    assert not Postcode.objects.get(postcode="LE7 9AA").terminated


def test_reimport_changes_nothing():
    import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016")
    again = import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016")
    assert (again.created, again.updated, again.unchanged, again.wards_created) == (0, 0, 4, 0)


def test_file_without_a_required_column_is_refused_naming_it(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace(",osward,", ",something_else,", 1))
    with pytest.raises(ImportRejected, match="osward"):
        import_postcodes(bad, by=TEST_ACTOR, council_code="E06000016")
    assert not Postcode.objects.exists() and not Ward.objects.exists()


def test_file_with_bad_rows_lists_every_problem_and_imports_nothing(tmp_path):
    lines = SAMPLE.read_text().splitlines()
    lines[1] = lines[1].replace('"52.634765"', '"north"')
    lines[2] = lines[2].replace('"LE1 1AB","LE1  1AB","LE1 1AB"', '"X","X","NOT A POSTCODE"')
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines))
    with pytest.raises(ImportRejected) as caught:
        import_postcodes(bad, by=TEST_ACTOR, council_code="E06000016")
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "Row 2, column lat: 'north' is not a number",
        "Row 3, column pcds: 'NOT A POSTCODE' is not a valid UK postcode",
    ]
    assert not Postcode.objects.exists()


def test_rural_urban_codes_of_2011_and_2021():
    assert [is_rural(c) for c in ["A1", "C2", "D1", "E2", "F1", "UN1", "RSN1", "RLF1", ""]] == [
        False,
        False,
        True,
        True,
        True,
        False,
        True,
        True,
        False,
    ]


def test_lookup_finds_postcode_in_any_spacing():
    import_postcodes(SAMPLE, by=TEST_ACTOR, council_code="E06000016")
    assert lookup("le11aa").postcode == "LE1 1AA"


def test_lookup_explains_unknown_postcode():
    with pytest.raises(ValidationError, match="LE9 9ZZ is not in the postcode directory"):
        lookup("LE9 9ZZ")


def test_normalise_refuses_non_postcodes():
    with pytest.raises(ValidationError, match="not a valid UK postcode"):
        normalise("hello")


def test_import_command_prints_summary(capsys, settings):
    settings.COUNCIL_NAME, settings.COUNCIL_ONS_CODE = "Leicester", "E06000016"
    call_command("import", "postcodes", str(SAMPLE))
    assert "4 postcodes imported" in capsys.readouterr().out


def test_import_command_reports_rejection_with_rows(tmp_path, settings):
    settings.COUNCIL_NAME, settings.COUNCIL_ONS_CODE = "Leicester", "E06000016"
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace('"52.634765"', '"x"'))
    with pytest.raises(
        CommandError, match=r"Row 2, column lat: 'x' is not a number[\s\S]*Nothing was changed"
    ):
        call_command("import", "postcodes", str(bad))
