"""Bad input to call monitoring never loses good data and never answers 500 (issue 14)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from homecare.visits.models import PendingMatch, VisitEvent
from homecare.visits.services import ingest as ingest_module
from homecare.visits.services.ingest import ingest
from homecare.visits.tests.conftest import at, event

pytestmark = pytest.mark.django_db
URL = "/api/v1/visit-events"
NOW = dt.datetime(2026, 11, 2, 20, 0, tzinfo=dt.UTC)


def recent(package, n, **extra):
    return {
        **event(package, n, **extra),
        "timestamp": (timezone.now() - dt.timedelta(minutes=30 - n % 30)).isoformat(),
    }


def post(client, token, body, query=""):
    return client.post(
        URL + query,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.mark.parametrize(
    ("poison", "reason"),
    [
        ("C\ud8001", "unpaired surrogate"),
        ("C\x001", "NUL character"),
        ("C\x071", "control character U+0007"),
        ("C1\n2", "line break or tab"),
    ],
)
def test_posting_a_batch_with_one_poisoned_carer_ref_stores_the_others(
    client, token, package, poison, reason
):
    events = [recent(package, i) for i in range(1, 11)]
    events[4]["carer_ref"] = poison
    response = post(client, token, {"events": events})
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (9, 1)
    assert body["results"][4]["field"] == "carer_ref"
    assert reason in body["results"][4]["reason"]
    assert VisitEvent.objects.count() == 9


def test_posting_a_poisoned_visit_ref_is_rejected_not_changed(client, token, package):
    events = [recent(package, 1, visit_ref="V1\x00"), recent(package, 2)]
    body = post(client, token, {"events": events}).json()
    assert body["results"][0]["field"] == "visit_ref"
    assert body["accepted"] == 1


def test_posting_a_poisoned_person_ref_is_rejected(client, token, package):
    poisoned = {**recent(package, 1), "person_ref": "P\x001"}
    del poisoned["package_ref"]
    body = post(client, token, {"events": [poisoned, recent(package, 2)]}).json()
    assert body["results"][0]["field"] == "person_ref"
    assert body["accepted"] == 1


def test_posting_a_huge_coordinate_is_rejected_by_field(client, token, package):
    events = [recent(package, 1, latitude=10**400, longitude=1), recent(package, 2)]
    body = post(client, token, {"events": events}).json()
    assert body["results"][0]["field"] == "latitude"
    assert body["accepted"] == 1


def test_posting_an_event_id_that_is_not_text_echoes_no_id(client, token, package):
    events = [{**recent(package, 1), "event_id": "E\ud800"}, recent(package, 2)]
    response = post(client, token, {"events": events})
    assert response.status_code == 200
    assert response.json()["results"][0] == {
        "index": 0,
        "event_id": "",
        "status": "rejected",
        "field": "event_id",
        "reason": "contains an unpaired surrogate U+D800 at position 2: the text is not valid Unicode",
    }


def test_posting_json_nested_too_deep_is_refused_with_a_message(client, token, package):
    response = client.post(
        URL,
        '{"events": [' + "[" * 100_000 + "]" * 100_000 + "]}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is nested too deeply to read"}


def test_ingesting_a_value_the_database_refuses_stores_the_other_events(provider, package, monkeypatch):
    # A value that passes validation but fails in the database (here: a lone surrogate let through
    # by switching the text check off) must not cost the rest of the batch.
    monkeypatch.setattr(ingest_module, "check_text", lambda value, **kwargs: value.strip())
    batch = [event(package, i, minute=i) for i in range(1, 6)]
    batch[2]["carer_ref"] = "C\ud800"
    result = ingest(provider=provider, events=batch, now=NOW)
    assert result.summary() == {"accepted": 4, "duplicate": 0, "rejected": 1}
    assert (result.results[2].field, result.results[2].status) == ("carer_ref", "rejected")
    assert sorted(VisitEvent.objects.values_list("event_id", flat=True)) == ["E1", "E2", "E4", "E5"]
    assert PendingMatch.objects.exists()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_ingesting_a_file_with_a_poisoned_row_refuses_the_whole_file(tmp_path, provider, package):
    header = b"event_id,carer_ref,package_ref,event_type,timestamp,method\n"
    good = f"A1,C1,{package.reference},check_in,{at(8, 2).isoformat()},app\n".encode()
    bad = f"A2,C\x071,{package.reference},check_out,{at(8, 33).isoformat()},app\n".encode()
    path = write(tmp_path, "x.csv", header + good + bad)
    with pytest.raises(CommandError, match=r"Row 3, carer_ref: contains the control character U\+0007"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
    assert not VisitEvent.objects.exists()


def test_ingesting_a_file_with_a_poisoned_row_and_accept_valid_keeps_the_others(
    tmp_path, provider, package, capsys
):
    header = b"event_id,carer_ref,package_ref,event_type,timestamp,method\n"
    good = f"A1,C1,{package.reference},check_in,{at(8, 2).isoformat()},app\n".encode()
    bad = f"A2,C\x071,{package.reference},check_out,{at(8, 33).isoformat()},app\n".encode()
    path = write(tmp_path, "x.csv", header + good + bad)
    call_command("ecm", "ingest", str(path), "--provider", provider.council_ref, "--accept-valid")
    assert "Row 3, carer_ref" in capsys.readouterr().out
    assert list(VisitEvent.objects.values_list("event_id", flat=True)) == ["A1"]


def test_ingesting_a_binary_file_is_refused_with_a_message(tmp_path, provider):
    path = write(tmp_path, "x.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x81\x8d")
    with pytest.raises(CommandError, match=r"not a text file: it holds a NUL byte \(line 3\)"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)


def test_ingesting_json_nested_too_deep_is_refused_with_a_message(tmp_path, provider):
    path = write(tmp_path, "x.json", b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(CommandError, match="nested too deeply"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)


def test_ingesting_json_with_a_huge_number_is_refused_with_a_message(tmp_path, provider):
    path = write(tmp_path, "x.json", b'[{"event_id": ' + b"9" * 5000 + b"}]")
    with pytest.raises(CommandError, match="Not valid JSON"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)


def test_ingesting_a_file_over_the_size_limit_is_refused(tmp_path, provider, settings):
    settings.UPLOAD_MAX_MB = 0.001
    path = write(tmp_path, "x.csv", b"event_id,carer_ref\n" + b"A1,C1\n" * 1000)
    with pytest.raises(CommandError, match=r"limit is 0\.001 MB"):
        call_command("ecm", "ingest", str(path), "--provider", provider.council_ref)
