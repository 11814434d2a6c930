from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from homecare.brokerage.importers import import_packages
from homecare.brokerage.models import Package, PackageStatus
from homecare.core.imports import ImportRejected
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import PostcodeFactory
from homecare.people.models import Person
from homecare.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

HEADER = "person_ref,postcode,funding,referred_on,source,ready_for_discharge_on,hours_per_week,placed_on,provider_ref,ended_on,end_reason\n"


def csv(*rows: str) -> BytesIO:
    data = BytesIO((HEADER + "".join(r + "\n" for r in rows)).encode())
    data.name = "packages.csv"
    return data


@pytest.fixture
def setup():
    PostcodeFactory(postcode="FN1 1AA")
    return ProviderFactory(council_ref="PRV1", cqc_provider_id="1-111")


def test_import_creates_people_and_packages_with_status_from_dates(setup):
    result = import_packages(
        csv(
            "R1,FN1 1AA,council,2024-11-06,community,,10.5,2024-11-19,PRV1,,",
            "R1,FN1 1AA,health,2025-01-06,hospital,2025-01-05,14,,,,",
            "R2,fn11aa,joint,2024-11-06,community,,7,2024-11-20,1-111,2025-01-01,Died",
        ),
        by=TEST_ACTOR,
    )
    assert (result.packages, result.people_created, result.waiting) == (3, 2, 1)
    statuses = sorted(Package.objects.values_list("person__council_ref", "status"))
    assert statuses == [
        ("R1", PackageStatus.ACTIVE),
        ("R1", PackageStatus.BROKERING),
        ("R2", PackageStatus.ENDED),
    ]
    assert Person.objects.get(council_ref="R2").zone is not None


def test_import_matches_existing_person(setup):
    import_packages(csv("R1,FN1 1AA,council,2024-11-06,community,,10,,,,"), by=TEST_ACTOR)
    result = import_packages(csv("R1,FN1 1AA,council,2025-11-06,community,,10,,,,"), by=TEST_ACTOR)
    assert (result.people_created, result.people_matched) == (0, 1)


def test_import_bad_row_rejects_whole_file_listing_every_error(setup):
    with pytest.raises(ImportRejected) as exc:
        import_packages(
            csv(
                "R1,FN1 1AA,council,2024-11-06,community,,10,,,,",
                "R2,FN1 1AA,nhs,06/11/2024,community,,-1,,,,",
                "R3,FN1 1AA,council,2024-11-06,community,,10,2024-11-01,NOPE,,",
            ),
            by=TEST_ACTOR,
        )
    found = {(e.row, e.column) for e in exc.value.errors}
    assert found == {
        (3, "funding"),
        (3, "referred_on"),
        (3, "hours_per_week"),
        (4, "placed_on"),
        (4, "provider_ref"),
    }
    assert not Package.objects.exists() and not Person.objects.exists()


def test_import_missing_column_rejected(setup):
    data = BytesIO(b"person_ref,postcode\nR1,FN1 1AA\n")
    with pytest.raises(ImportRejected, match="funding"):
        import_packages(data, by=TEST_ACTOR)


def test_imported_package_appears_in_right_weeks_of_acl_report(setup, tmp_path, capsys):
    path = tmp_path / "packages.csv"
    path.write_text(HEADER + "R1,FN1 1AA,health,2024-11-06,hospital,2024-11-05,12,2024-11-19,PRV1,,\n")
    call_command("import", "packages", str(path))
    capsys.readouterr()
    call_command("report", "acl", "--from", "2024-10-28", "--to", "2024-11-25", "--format", "csv")
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "week_start,council_cases,health_cases,longest_wait_days,average_wait_days,average_hours_required",
        "2024-10-28,0,0,,,",
        "2024-11-04,0,1,4,4.00,12.00",
        "2024-11-11,0,1,11,11.00,12.00",
        "2024-11-18,0,1,13,13.00,12.00",
        "2024-11-25,0,0,,,",
    ]


def test_import_command_reports_rejection(setup, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "R1,FN1 1AA,council,not-a-date,community,,10,,,,\n")
    with pytest.raises(CommandError, match="Row 2, column referred_on"):
        call_command("import", "packages", str(path))
    assert not Package.objects.exists()


def test_bed_days_report_command(setup, capsys):
    import_packages(
        csv("R1,FN1 1AA,council,2024-11-06,hospital,2024-11-05,10,2024-11-09,PRV1,,"), by=TEST_ACTOR
    )
    call_command("report", "bed-days", "--from", "2024-11-01", "--to", "2024-11-30", "--format", "csv")
    assert capsys.readouterr().out.strip().splitlines()[1] == "2024-11,1,4"


REF_HEADER = HEADER.rstrip("\n") + ",source_ref\n"


def csv_with_refs(*rows: str) -> BytesIO:
    data = BytesIO((REF_HEADER + "".join(r + "\n" for r in rows)).encode())
    data.name = "packages.csv"
    return data


def test_import_same_file_twice_without_refs_adds_nothing(setup):
    rows = (
        "R1,FN1 1AA,council,2024-11-06,community,,10.5,2024-11-19,PRV1,,",
        "R2,FN1 1AA,health,2025-01-06,hospital,2025-01-05,14,,,,",
    )
    import_packages(csv(*rows), by=TEST_ACTOR)
    again = import_packages(csv(*rows), by=TEST_ACTOR)
    assert Package.objects.count() == 2
    assert (again.new, again.updated, again.unchanged, again.already_imported) == (0, 0, 2, 2)


def test_import_same_file_twice_with_refs_adds_nothing(setup):
    rows = ("R1,FN1 1AA,council,2024-11-06,community,,10.5,2024-11-19,PRV1,,,OLD-17",)
    import_packages(csv_with_refs(*rows), by=TEST_ACTOR)
    again = import_packages(csv_with_refs(*rows), by=TEST_ACTOR)
    assert Package.objects.get().source_ref == "OLD-17"
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def test_import_row_with_known_ref_updates_its_episode(setup):
    import_packages(csv_with_refs("R1,FN1 1AA,council,2024-11-06,community,,10,,,,,OLD-17"), by=TEST_ACTOR)
    result = import_packages(
        csv_with_refs("R1,FN1 1AA,council,2024-11-06,community,,12,2024-11-19,PRV1,,,OLD-17"), by=TEST_ACTOR
    )
    package = Package.objects.get()
    assert (result.new, result.updated, result.unchanged) == (0, 1, 0)
    assert (package.status, str(package.carer_hours_per_week), package.placed_on.isoformat()) == (
        PackageStatus.ACTIVE,
        "12.00",
        "2024-11-19",
    )


def test_import_summary_counts_new_updated_and_unchanged(setup):
    import_packages(
        csv_with_refs(
            "R1,FN1 1AA,council,2024-11-06,community,,10,,,,,A1",
            "R2,FN1 1AA,council,2024-11-06,community,,10,,,,,A2",
        ),
        by=TEST_ACTOR,
    )
    result = import_packages(
        csv_with_refs(
            "R1,FN1 1AA,council,2024-11-06,community,,10,,,,,A1",
            "R2,FN1 1AA,council,2024-11-06,community,,11,,,,,A2",
            "R3,FN1 1AA,council,2024-11-07,community,,10,,,,,A3",
        ),
        by=TEST_ACTOR,
    )
    assert result.summary().startswith("3 package episodes: 1 new, 1 updated, 1 unchanged")


def test_import_ref_repeated_in_file_rejected(setup):
    with pytest.raises(ImportRejected, match=r"Row 3, column source_ref: .*row 2"):
        import_packages(
            csv_with_refs(
                "R1,FN1 1AA,council,2024-11-06,community,,10,,,,,A1",
                "R2,FN1 1AA,council,2024-11-06,community,,10,,,,,A1",
            ),
            by=TEST_ACTOR,
        )
    assert not Package.objects.exists()


def test_import_ref_of_another_persons_episode_rejected(setup):
    import_packages(csv_with_refs("R1,FN1 1AA,council,2024-11-06,community,,10,,,,,A1"), by=TEST_ACTOR)
    with pytest.raises(ImportRejected, match=r"Row 2, column source_ref: .*R1"):
        import_packages(csv_with_refs("R2,FN1 1AA,council,2024-11-06,community,,10,,,,,A1"), by=TEST_ACTOR)
    assert Package.objects.get().person.council_ref == "R1"


def test_import_with_refs_adopts_episode_imported_without_one(setup):
    import_packages(csv("R1,FN1 1AA,council,2024-11-06,community,,10,2024-11-19,PRV1,,"), by=TEST_ACTOR)
    result = import_packages(
        csv_with_refs("R1,FN1 1AA,council,2024-11-06,community,,10,2024-11-19,PRV1,,,A1"), by=TEST_ACTOR
    )
    assert (result.new, result.updated) == (0, 1)
    assert Package.objects.get().source_ref == "A1"


def test_import_update_of_episode_brokered_here_rejected(setup):
    from django.utils import timezone

    from homecare.brokerage.models import Offer

    import_packages(csv_with_refs("R1,FN1 1AA,council,2024-11-06,community,,10,,,,,A1"), by=TEST_ACTOR)
    now = timezone.now()
    Offer.objects.create(package=Package.objects.get(), provider=setup, offered_at=now, respond_by=now)
    with pytest.raises(ImportRejected, match=r"Row 2, column source_ref: .*brokered here"):
        import_packages(csv_with_refs("R1,FN1 1AA,council,2024-11-06,community,,12,,,,,A1"), by=TEST_ACTOR)
    assert str(Package.objects.get().carer_hours_per_week) == "10.00"
