import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from homecare.visits.models import Visit, VisitEvent
from homecare.visits.tests.conftest import at

pytestmark = pytest.mark.django_db
HEADER = "event_id,carer_ref,package_ref,event_type,timestamp,method,exception_code\n"


def write_csv(tmp_path, package, rows):
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows))
    return path


def test_csv_export_is_ingested_and_matched(tmp_path, provider, package, capsys):
    path = write_csv(
        tmp_path,
        package,
        [
            f"A1,C1,{package.reference},check_in,{at(8, 2).isoformat()},app,",
            f"A2,C1,{package.reference},check_out,{at(8, 33).isoformat()},app,",
        ],
    )
    call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
    assert "2 events accepted" in capsys.readouterr().out
    assert Visit.objects.filter(package=package, status="on_time").count() == 1


def test_file_with_a_bad_row_is_refused_whole(tmp_path, provider, package):
    path = write_csv(
        tmp_path,
        package,
        [
            f"A1,C1,{package.reference},check_in,{at(8, 2).isoformat()},app,",
            f"A2,C1,{package.reference},check_out,not-a-time,app,",
        ],
    )
    with pytest.raises(CommandError, match=r"Row 3, timestamp: 'not-a-time' is not an ISO 8601"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
    assert not VisitEvent.objects.exists()


def test_accept_valid_keeps_the_good_rows(tmp_path, provider, package, capsys):
    path = write_csv(
        tmp_path,
        package,
        [
            f"A1,C1,{package.reference},check_in,{at(8, 2).isoformat()},app,",
            f"A2,C1,{package.reference},check_out,{at(8, 33).isoformat()},manual,",
        ],
    )
    call_command("ecm", "ingest", str(path), "--provider", provider.council_ref, "--accept-valid")
    out = capsys.readouterr().out
    assert "1 events accepted" in out and "Row 3, exception_code" in out
    assert VisitEvent.objects.count() == 1


def test_missing_column_is_named(tmp_path, provider):
    path = tmp_path / "x.csv"
    path.write_text("event_id,carer_ref,package_ref,event_type,method\n")
    with pytest.raises(CommandError, match="Required column 'timestamp' is missing"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)


def test_json_export_is_ingested(tmp_path, provider, package):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "events": [
                    {
                        "event_id": "J1",
                        "carer_ref": "C1",
                        "package_ref": package.reference,
                        "event_type": "check_in",
                        "timestamp": at(12, 31).isoformat(),
                        "method": "nfc",
                    },
                ]
            }
        )
    )
    call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
    assert VisitEvent.objects.get().method == "nfc"


def test_ingesting_the_same_file_twice_adds_nothing(tmp_path, provider, package, capsys):
    path = write_csv(tmp_path, package, [f"A1,C1,{package.reference},check_in,{at(8, 2).isoformat()},app,"])
    call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
    call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
    assert "1 already received" in capsys.readouterr().out
    assert VisitEvent.objects.count() == 1
